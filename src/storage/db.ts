/**
 * The one IndexedDB database: a typed schema, upgrades written as `if (oldVersion < N)` steps so
 * that no upgrade ever drops a user's drafts, and a reset helper for tests. Only src/storage
 * imports idb.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SampleCode } from '../lib/program.ts';
import type { Verdict } from '../lib/verdict.ts';

export const DB_NAME = 'humaneval-playground';
export const DB_VERSION = 1;

/** A completion being written in the playground, per problem. */
export interface DraftRecord {
  /** `${datasetId}:${task_id}` — drafts for a teacher's own problems never collide with HumanEval's. */
  key: string;
  taskId: string;
  completion: string;
  updatedAt: number;
}

/** A cached verdict under the hash of everything that determined it (src/lib/cache-key.ts). */
export interface VerdictRecord {
  key: string;
  taskId: string;
  verdict: Verdict;
  createdAt: number;
}

/** A stored batch run (an imported samples file and its settings). */
export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  sourceName: string;
  datasetId: string;
  settings: { timeoutMs: number; workers: number; temperature?: number };
  versions: { engine: string; pyodide: string };
  total: number;
  done: number;
  status: 'running' | 'paused' | 'done' | 'cancelled';
}

/** One sample of a run; `verdict` is set once evaluated, so an interrupted run resumes where it stopped. */
export interface RunSampleRecord {
  runId: string;
  index: number;
  taskId: string;
  line: number;
  raw: string;
  code: SampleCode;
  cacheKey: string;
  verdict?: Verdict;
}

/** A problems file the user imported or downloaded, kept for offline use. */
export interface DatasetRecord {
  id: string;
  name: string;
  bytes: Uint8Array;
  sha256: string;
  addedAt: number;
}

export interface PlaygroundDB extends DBSchema {
  drafts: { key: string; value: DraftRecord };
  verdicts: { key: string; value: VerdictRecord; indexes: { 'by-task': string } };
  runs: { key: string; value: RunRecord; indexes: { 'by-created': number } };
  runSamples: { key: [string, number]; value: RunSampleRecord; indexes: { 'by-run': string } };
  datasets: { key: string; value: DatasetRecord };
  settings: { key: string; value: unknown };
}

export type PlaygroundDatabase = IDBPDatabase<PlaygroundDB>;

let opening: Promise<PlaygroundDatabase> | undefined;

/** The shared connection, opened (and upgraded) on first use. */
export function database(): Promise<PlaygroundDatabase> {
  opening ??= openDB<PlaygroundDB>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('drafts', { keyPath: 'key' });
        db.createObjectStore('verdicts', { keyPath: 'key' }).createIndex('by-task', 'taskId');
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('by-created', 'createdAt');
        db.createObjectStore('runSamples', { keyPath: ['runId', 'index'] }).createIndex('by-run', 'runId');
        db.createObjectStore('datasets', { keyPath: 'id' });
        db.createObjectStore('settings');
      }
      // Later versions add steps here (`if (oldVersion < 2) …`); none may delete `drafts`.
    },
    blocking() {
      // Another tab wants to upgrade: step aside so it is not stuck, and reopen on next use.
      void opening?.then((db) => db.close());
      opening = undefined;
    },
    terminated() {
      opening = undefined;
    },
  });
  return opening;
}

/** Close and delete the database (tests, and "delete everything" in settings). */
export async function resetDatabase(): Promise<void> {
  const db = await opening?.catch(() => undefined);
  db?.close();
  opening = undefined;
  await deleteDB(DB_NAME);
}
