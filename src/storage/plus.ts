/**
 * HumanEval+ in IndexedDB: the files users downloaded or imported (kept apart from the problems
 * datasets, which are another format), each task's expected outputs under the key they were
 * computed with (dataset digest and interpreter), and cached verdicts.
 */
import type { PlusVerdict } from '../lib/plus.ts';
import { database, type PlusDatasetRecord } from './db.ts';

/** Store a HumanEval+ file under its id (replacing one with the same content). */
export async function savePlusDataset(record: Omit<PlusDatasetRecord, 'addedAt'>): Promise<void> {
  await (await database()).put('plusDatasets', { ...record, bytes: record.bytes.slice(), addedAt: Date.now() });
}

/** The newest stored HumanEval+ file, bytes included. */
export async function newestPlusDataset(): Promise<PlusDatasetRecord | undefined> {
  const all = await (await database()).getAll('plusDatasets');
  return all.sort((a, b) => b.addedAt - a.addedAt)[0];
}

/** The stored expected outputs of these keys (a missing key is absent from the map). */
export async function getPlusExpected(keys: readonly string[]): Promise<Map<string, Uint8Array>> {
  const tx = (await database()).transaction('plusExpected');
  const found = await Promise.all(keys.map((k) => tx.store.get(k)));
  await tx.done;
  return new Map(found.flatMap((r) => (r ? [[r.key, r.bytes] as const] : [])));
}

/**
 * Store expected outputs, one record per task (`${expectedKey}|${task_id}`), dropping those of any
 * other dataset or interpreter: the full dataset's outputs take about 250 MB, so only the newest
 * key is kept (as src/storage/plus-expected.ts keeps only the newest whole-dataset record).
 */
export async function putPlusExpected(records: readonly { key: string; bytes: Uint8Array }[]): Promise<void> {
  if (records.length === 0) return;
  const prefix = `${records[0].key.split('|')[0]}|`;
  const tx = (await database()).transaction('plusExpected', 'readwrite');
  const createdAt = Date.now();
  for (const other of await tx.store.getAllKeys()) if (!other.startsWith(prefix)) await tx.store.delete(other);
  await Promise.all([...records.map((r) => tx.store.put({ ...r, createdAt })), tx.done]);
}

/** Cached HumanEval+ verdicts of these keys. */
export async function getPlusVerdicts(keys: readonly string[]): Promise<Map<string, PlusVerdict>> {
  const tx = (await database()).transaction('plusVerdicts');
  const found = await Promise.all(keys.map((k) => tx.store.get(k)));
  await tx.done;
  return new Map(found.flatMap((r) => (r ? [[r.key, r.verdict] as const] : [])));
}

/** Cache HumanEval+ verdicts. */
export async function putPlusVerdicts(
  records: readonly { key: string; taskId: string; verdict: PlusVerdict }[],
): Promise<void> {
  if (records.length === 0) return;
  const tx = (await database()).transaction('plusVerdicts', 'readwrite');
  const createdAt = Date.now();
  await Promise.all([...records.map((r) => tx.store.put({ ...r, createdAt })), tx.done]);
}

/** Forget every cached HumanEval+ verdict and expected output (settings' "clear cached results"). */
export async function clearPlusCaches(): Promise<void> {
  const db = await database();
  await Promise.all([db.clear('plusVerdicts'), db.clear('plusExpected')]);
}
