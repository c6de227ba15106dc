/**
 * Stored batch runs: the run record and its samples, each with its verdict once evaluated, so a run
 * cut off by a closed tab resumes where it stopped. The problems a run was made against are the
 * session's datasets (src/storage/datasets.ts), named by `datasetId`. Writes are batched: one
 * transaction per chunk of results, never one per sample.
 */
import type { PythonVersion } from '../lib/python-version.ts';
import { capVerdict } from '../lib/verdict.ts';
import { database, type RunMeta, type RunRecord, type RunSampleRecord } from './db.ts';

export type { RunMeta, RunRecord };

/** Records per transaction when a run is created (results are saved in smaller batches as they come). */
const CREATE_CHUNK = 2000;

/** What makes two runs' samples identical, cache keys included: same file, problems, settings, versions. */
export interface FingerprintInput {
  contentHash: string;
  datasetId: string;
  timeoutMs: number;
  extract: boolean;
  versions: { engine: string; pyodide: string; python?: PythonVersion };
}

/** The identity of a run's samples: equal fingerprints mean equal samples and equal cache keys. */
export function runFingerprint(input: FingerprintInput): string {
  const { contentHash, datasetId, timeoutMs, extract, versions } = input;
  return [contentHash, datasetId, timeoutMs, extract ? 'extract' : 'verbatim', versions.engine, versions.pyodide].join('|');
}

/**
 * The fingerprint of the same samples under other versions (a re-run under the other interpreter),
 * equal to what `runFingerprint` gives when that file is imported under them; '' stays '' (a run
 * stored before runs had a fingerprint matches no file).
 */
export function refingerprint(fingerprint: string, versions: FingerprintInput['versions']): string {
  const fields = fingerprint.split('|');
  if (fingerprint === '' || fields.length !== 6) return '';
  return [...fields.slice(0, 4), versions.engine, versions.pyodide].join('|');
}

/**
 * Stores a new run: its samples first, then the record, so a half-written run never shows in the list.
 * The record is read when it is written (with `done` counted from the samples then), so a run that
 * started evaluating meanwhile is stored as it is by then, not as it was.
 */
export async function createRun(
  record: RunRecord | (() => RunRecord),
  samples: readonly RunSampleRecord[],
): Promise<void> {
  const db = await database();
  for (let start = 0; start < samples.length; start += CREATE_CHUNK) {
    const tx = db.transaction('runSamples', 'readwrite');
    for (const sample of samples.slice(start, start + CREATE_CHUNK)) void tx.store.put(sample);
    await tx.done;
  }
  const current = typeof record === 'function' ? record() : record;
  await db.put('runs', { ...current, done: samples.filter((s) => s.verdict).length });
}

/** Every stored run, newest first. */
export async function listRuns(): Promise<RunRecord[]> {
  return (await (await database()).getAllFromIndex('runs', 'by-created')).reverse();
}

export async function getRun(id: string): Promise<RunRecord | undefined> {
  return (await database()).get('runs', id);
}

/** Changes some fields of a stored run (read and written in one transaction). */
export async function updateRun(id: string, patch: Partial<RunRecord>): Promise<RunRecord | undefined> {
  const tx = (await database()).transaction('runs', 'readwrite');
  const record = await tx.store.get(id);
  const next = record && { ...record, ...patch, id };
  if (next) await tx.store.put(next);
  await tx.done;
  return next;
}

export function renameRun(id: string, name: string): Promise<RunRecord | undefined> {
  return updateRun(id, { name });
}

const runRange = (id: string) => IDBKeyRange.bound([id, 0], [id, Infinity]);

/** Deletes a run and all its samples (cached verdicts stay: they are keyed by content, not by run). */
export async function deleteRun(id: string): Promise<void> {
  const tx = (await database()).transaction(['runs', 'runSamples'], 'readwrite');
  void tx.objectStore('runSamples').delete(runRange(id));
  void tx.objectStore('runs').delete(id);
  await tx.done;
}

/** A run's samples in file order; a verdict stored uncapped by an older version is capped (capVerdict). */
export async function loadRunSamples(id: string): Promise<RunSampleRecord[]> {
  const samples = await (await database()).getAll('runSamples', runRange(id));
  for (const sample of samples) if (sample.verdict) sample.verdict = capVerdict(sample.verdict);
  return samples;
}

/** Saves evaluated samples and the run's progress in one transaction. */
export async function saveRunResults(
  runId: string,
  samples: readonly RunSampleRecord[],
  patch: Partial<Pick<RunRecord, 'done' | 'status'>>,
): Promise<void> {
  const tx = (await database()).transaction(['runSamples', 'runs'], 'readwrite');
  const store = tx.objectStore('runSamples');
  for (const sample of samples) void store.put(sample);
  const runs = tx.objectStore('runs');
  const record = await runs.get(runId);
  if (record) await runs.put({ ...record, ...patch });
  await tx.done;
}

/** True when a run stopped before every sample had a verdict (closed tab, pause, cancel). */
export function isUnfinished(record: RunRecord): boolean {
  return record.status !== 'done' && record.done < record.total;
}

/** The newest unfinished and the newest finished run with this fingerprint, if any. */
export async function findEarlierRuns(
  fingerprint: string,
): Promise<{ unfinished?: RunRecord; finished?: RunRecord }> {
  const same = (await (await database()).getAllFromIndex('runs', 'by-fingerprint', fingerprint)).sort((a, b) => b.createdAt - a.createdAt);
  return { unfinished: same.find(isUnfinished), finished: same.find((r) => r.done === r.total) };
}

/** Indexes of samples without a verdict, in file order. */
export function pendingIndexes(samples: readonly Pick<RunSampleRecord, 'verdict'>[]): number[] {
  const pending: number[] = [];
  samples.forEach((s, i) => s.verdict === undefined && pending.push(i));
  return pending;
}
