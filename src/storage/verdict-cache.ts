/**
 * Cached verdicts: look up before evaluating, store after; batched writes for runs. Verdicts are
 * capped (capVerdict) both ways: the cache stores capped text, and a verdict stored uncapped by an
 * older version is capped as it is read (issue 10: a 10**8-character message froze every visit).
 */
import { capVerdict, type Verdict } from '../lib/verdict.ts';
import { database, type VerdictRecord } from './db.ts';

/** The cached verdict for a key, if any. */
export async function getCachedVerdict(key: string): Promise<Verdict | undefined> {
  const verdict = (await (await database()).get('verdicts', key))?.verdict;
  return verdict && capVerdict(verdict);
}

/** Cached verdicts for many keys at once (one transaction); missing keys are absent from the map. */
export async function getCachedVerdicts(keys: readonly string[]): Promise<Map<string, Verdict>> {
  const db = await database();
  const tx = db.transaction('verdicts', 'readonly');
  const found = new Map<string, Verdict>();
  await Promise.all(
    keys.map(async (key) => {
      const record = await tx.store.get(key);
      if (record) found.set(key, capVerdict(record.verdict));
    }),
  );
  await tx.done;
  return found;
}

/** Store verdicts in one transaction (hash first, then write: a transaction dies across other awaits). */
export async function putCachedVerdicts(entries: readonly { key: string; taskId: string; verdict: Verdict }[]): Promise<void> {
  if (entries.length === 0) return;
  const db = await database();
  const tx = db.transaction('verdicts', 'readwrite');
  const now = Date.now();
  for (const { key, taskId, verdict } of entries) {
    const record: VerdictRecord = { key, taskId, verdict: capVerdict(verdict), createdAt: now };
    void tx.store.put(record);
  }
  await tx.done;
}

/** Delete every cached verdict; drafts and runs are kept. */
export async function clearCachedVerdicts(): Promise<void> {
  await (await database()).clear('verdicts');
}

/** The most recent cached verdict per task, for the problem list's status column. */
export async function latestVerdictByTask(): Promise<Map<string, Verdict>> {
  const db = await database();
  const latest = new Map<string, VerdictRecord>();
  for (const record of await db.getAll('verdicts')) {
    const seen = latest.get(record.taskId);
    if (!seen || seen.createdAt <= record.createdAt) latest.set(record.taskId, record);
  }
  return new Map([...latest].map(([task, record]) => [task, capVerdict(record.verdict)]));
}
