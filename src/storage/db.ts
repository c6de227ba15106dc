/**
 * The one IndexedDB database: a typed schema, upgrades written as `if (oldVersion < N)` steps so
 * that no upgrade ever drops a user's drafts, and a reset helper for tests. Only src/storage
 * imports idb.
 */
import type { PythonVersion } from '../lib/python-version.ts';
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SampleCode } from '../lib/program.ts';
import type { SamplesFormat } from '../lib/samples.ts';
import type { Verdict } from '../lib/verdict.ts';
import type { PlusVerdict } from '../lib/plus.ts';
import type { StoredSettings } from './settings.ts';

export const DB_NAME = 'humaneval-playground';
/**
 * 1: the first schema. 2: every run has `meta`, and runs are indexed by fingerprint. 3: HumanEval+
 * files, expected outputs and verdicts.
 */
export const DB_VERSION = 3;

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

/** What a stored run says about its evaluation; a run being paused or cancelled is stored as it ends. */
export type RunStatus = 'running' | 'paused' | 'done' | 'cancelled';

/** What a batch run keeps about its file and choices. */
export interface RunMeta {
  format: SamplesFormat;
  /** Same file, problems, settings and versions (runFingerprint); '' for a run stored before runs had one. */
  fingerprint: string;
  problemsName: string;
  /** Problems in the dataset; fewer tasks than this makes the run a subset. */
  problemsTotal: number;
  /** Tasks with samples. */
  tasks: number;
  /** The ks the user asked for besides 1, 10 and 100. */
  ks: number[];
  extract: boolean;
  /** Samples whose code extraction changed. */
  extracted: number;
  /** Lines of the file that were left out (the user chose to evaluate the valid part). */
  issues: number;
  /** The run whose samples this one re-runs under the other interpreter (issue 12), when it is one. */
  rerunOf?: string;
}

/** A stored batch run (an imported samples file and its settings). */
export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  sourceName: string;
  datasetId: string;
  settings: { timeoutMs: number; workers: number; temperature?: number };
  /** `python`: the interpreter (issue 12); absent in runs stored before there were two, which ran 3.14. */
  versions: { engine: string; pyodide: string; python?: PythonVersion };
  total: number;
  done: number;
  status: RunStatus;
  meta: RunMeta;
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
  /** The HumanEval+ verdict, once the run was also evaluated with HumanEval+ (issue 13). */
  plusVerdict?: PlusVerdict;
}

/** A problems file the user imported or downloaded, kept for offline use. */
export interface DatasetRecord {
  id: string;
  name: string;
  bytes: Uint8Array;
  sha256: string;
  addedAt: number;
}

/** A HumanEval+ file (bundled ones are not stored), kept apart from the problems datasets. */
export interface PlusDatasetRecord {
  /** `humanevalplus`, `humanevalplus-mini` or `plus-sha256-<16 hex>` (src/lib/plus-dataset.ts). */
  id: string;
  name: string;
  bytes: Uint8Array;
  sha256: string;
  addedAt: number;
}

/**
 * HumanEval+ expected outputs (src/lib/plus-expected.ts's file), under the key they were computed
 * for: a whole dataset's (src/storage/plus-expected.ts), or one task's under `${key}|${task_id}`
 * (src/storage/plus.ts, the page's: the playground needs only the task it shows).
 */
export interface PlusExpectedRecord {
  key: string;
  bytes: Uint8Array;
  createdAt: number;
}

/** A cached HumanEval+ verdict under the hash of everything that decided it (src/lib/plus-key.ts). */
export interface PlusVerdictRecord {
  key: string;
  taskId: string;
  verdict: PlusVerdict;
  createdAt: number;
}

export interface PlaygroundDB extends DBSchema {
  drafts: { key: string; value: DraftRecord };
  verdicts: { key: string; value: VerdictRecord; indexes: { 'by-task': string } };
  runs: { key: string; value: RunRecord; indexes: { 'by-created': number; 'by-fingerprint': string } };
  runSamples: { key: [string, number]; value: RunSampleRecord; indexes: { 'by-run': string } };
  datasets: { key: string; value: DatasetRecord };
  /** One record per setting, under its name; `StoredSettings` (src/storage/settings.ts) types each. */
  settings: { key: keyof StoredSettings; value: StoredSettings[keyof StoredSettings] };
  plusDatasets: { key: string; value: PlusDatasetRecord };
  plusExpected: { key: string; value: PlusExpectedRecord };
  plusVerdicts: { key: string; value: PlusVerdictRecord };
}

export type PlaygroundDatabase = IDBPDatabase<PlaygroundDB>;

let opening: Promise<PlaygroundDatabase> | undefined;

/** The shared connection, opened (and upgraded) on first use. */
export function database(): Promise<PlaygroundDatabase> {
  opening ??= openDB<PlaygroundDB>(DB_NAME, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('drafts', { keyPath: 'key' });
        db.createObjectStore('verdicts', { keyPath: 'key' }).createIndex('by-task', 'taskId');
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('by-created', 'createdAt');
        db.createObjectStore('runSamples', { keyPath: ['runId', 'index'] }).createIndex('by-run', 'runId');
        db.createObjectStore('datasets', { keyPath: 'id' });
        db.createObjectStore('settings');
      }
      if (oldVersion < 2) {
        // Version 1 typed a run without `meta` (every run it wrote had one): give any run without it the
        // figures its record implies, so the type is true, and index runs by fingerprint.
        const runs = tx.objectStore('runs');
        for (let cursor = await runs.openCursor(); cursor; cursor = await cursor.continue()) {
          const run = cursor.value as Omit<RunRecord, 'meta'> & { meta?: RunMeta };
          if (run.meta) continue;
          const samples = await tx.objectStore('runSamples').index('by-run').getAll(run.id);
          await cursor.update({ ...run, meta: legacyMeta(run, new Set(samples.map((s) => s.taskId)).size) });
        }
        runs.createIndex('by-fingerprint', 'meta.fingerprint');
      }
      if (oldVersion < 3) {
        db.createObjectStore('plusExpected', { keyPath: 'key' });
        db.createObjectStore('plusDatasets', { keyPath: 'id' });
        db.createObjectStore('plusVerdicts', { keyPath: 'key' });
      }
      // Later versions add steps here (`if (oldVersion < 4) …`); none may delete drafts, runs or verdicts.
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

/**
 * The meta of a run stored without one, from what its record and samples say. Its empty fingerprint
 * matches no file, so a re-import never takes it for the same run; it is not taken for a subset.
 */
function legacyMeta(run: Omit<RunRecord, 'meta'>, tasks: number): RunMeta {
  return {
    format: 'human-eval',
    fingerprint: '',
    problemsName: run.datasetId,
    problemsTotal: tasks,
    tasks,
    ks: [],
    extract: false,
    extracted: 0,
    issues: 0,
  };
}

/** Close and delete the database (tests, and "delete everything" in settings). */
export async function resetDatabase(): Promise<void> {
  const db = await opening?.catch(() => undefined);
  db?.close();
  opening = undefined;
  await deleteDB(DB_NAME);
}
