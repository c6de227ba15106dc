/**
 * A database exactly as the code of e5a7273 (schema version 1) writes it: its upgrade step, and
 * records of the shapes its write paths put (createRun, saveRunResults, putCachedVerdicts, saveDraft,
 * saveDataset, setSetting), written with plain idb so nothing of today's storage code is involved.
 * Kept frozen: it describes what users' browsers hold, not what the code writes now.
 */
import { openDB } from 'idb';

export const V1_NAME = 'humaneval-playground';

const failedVerdict = {
  result: 'failed: ',
  passed: false,
  outcome: 'failed',
  error: { type: 'AssertionError', message: '', traceback: [{ file: '<string>', line: 9, name: 'check', segment: 'test', segmentLine: 3 }] },
  stdout: 'hello\n',
  stderr: '',
  stdoutTruncated: false,
  stderrTruncated: false,
  durationMs: 12.5,
  timedOut: false,
  crashed: false,
};
const passedVerdict = { ...failedVerdict, result: 'passed', passed: true, outcome: 'passed', error: undefined, stdout: '' };
const timedOutVerdict = {
  result: 'timed out',
  passed: false,
  outcome: 'timed out',
  stdout: '',
  stderr: '',
  stdoutTruncated: false,
  stderrTruncated: false,
  durationMs: 3000,
  timedOut: true,
  crashed: false,
};

/** What the fixture wrote, for the test to compare with what the new code reads. */
export const V1_CONTENT = {
  drafts: [
    { key: 'humaneval:HumanEval/0', taskId: 'HumanEval/0', completion: '    return True\n', updatedAt: 1_700_000_000_000 },
    { key: 'sha256-abc:test/0', taskId: 'test/0', completion: '    return 1', updatedAt: 1_700_000_000_500 },
  ],
  verdicts: [
    { key: 'a'.repeat(64), taskId: 'test/0', verdict: passedVerdict, createdAt: 1_700_000_001_000 },
    { key: 'b'.repeat(64), taskId: 'test/0', verdict: failedVerdict, createdAt: 1_700_000_002_000 },
    { key: 'c'.repeat(64), taskId: 'HumanEval/1', verdict: timedOutVerdict, createdAt: 1_700_000_003_000 },
  ],
  runs: [
    // A finished run, as createRun then saveRunResults leave it.
    {
      id: 'run-finished',
      name: 'samples.jsonl',
      createdAt: 1_700_000_010_000,
      sourceName: 'samples.jsonl',
      datasetId: 'sha256-abc',
      settings: { timeoutMs: 3000, workers: 2, temperature: 0.8 },
      versions: { engine: '1.0.0', pyodide: '314.0.7' },
      total: 3,
      done: 3,
      status: 'done',
      meta: {
        format: 'human-eval',
        fingerprint: 'hash1|sha256-abc|3000|verbatim|1.0.0|314.0.7',
        problemsName: 'example_problem.jsonl',
        problemsTotal: 1,
        tasks: 1,
        ks: [2],
        extract: false,
        extracted: 0,
        issues: 0,
      },
    },
    // A run the tab closed while it ran: stored as running, one sample of two evaluated.
    {
      id: 'run-interrupted',
      name: 'chat.jsonl',
      createdAt: 1_700_000_020_000,
      sourceName: 'chat.jsonl',
      datasetId: 'humaneval',
      settings: { timeoutMs: 5000, workers: 1 },
      versions: { engine: '1.0.0', pyodide: '314.0.7' },
      total: 2,
      done: 1,
      status: 'running',
      meta: {
        format: 'evalplus',
        fingerprint: 'hash2|humaneval|5000|extract|1.0.0|314.0.7',
        problemsName: 'HumanEval.jsonl.gz',
        problemsTotal: 164,
        tasks: 2,
        ks: [],
        extract: true,
        extracted: 1,
        issues: 2,
      },
    },
  ],
  /** Version 1's RunRecord type had no `meta` (only its BatchRunRecord did): a run of that type. */
  bareRun: {
    id: 'run-bare',
    name: 'old',
    createdAt: 1_700_000_005_000,
    sourceName: 'old.jsonl',
    datasetId: 'sha256-abc',
    settings: { timeoutMs: 3000, workers: 2 },
    versions: { engine: '1.0.0', pyodide: '314.0.7' },
    total: 1,
    done: 1,
    status: 'done',
  },
  runSamples: [
    { runId: 'run-finished', index: 0, taskId: 'test/0', line: 1, raw: '{"task_id": "test/0", "completion": "    return 1"}', code: { completion: '    return 1' }, cacheKey: 'a'.repeat(64), verdict: passedVerdict },
    { runId: 'run-finished', index: 1, taskId: 'test/0', line: 2, raw: '{"task_id": "test/0", "completion": "    return 2"}', code: { completion: '    return 2' }, cacheKey: 'b'.repeat(64), verdict: failedVerdict },
    { runId: 'run-finished', index: 2, taskId: 'test/0', line: 3, raw: '{"task_id": "test/0", "completion": "    return 1"}', code: { completion: '    return 1' }, cacheKey: 'a'.repeat(64), verdict: passedVerdict },
    { runId: 'run-interrupted', index: 0, taskId: 'HumanEval/0', line: 1, raw: '{"task_id": "HumanEval/0", "solution": "def f(): pass"}', code: { solution: 'def f(): pass' }, cacheKey: 'd'.repeat(64), verdict: failedVerdict },
    { runId: 'run-interrupted', index: 1, taskId: 'HumanEval/1', line: 4, raw: '{"task_id": "HumanEval/1", "solution": "def g(): pass"}', code: { solution: 'def g(): pass' }, cacheKey: 'e'.repeat(64) },
    { runId: 'run-bare', index: 0, taskId: 'test/0', line: 1, raw: '{"task_id": "test/0", "completion": "    return 1"}', code: { completion: '    return 1' }, cacheKey: 'a'.repeat(64), verdict: passedVerdict },
  ],
  datasets: [{ id: 'sha256-abc', name: 'example_problem.jsonl', bytes: new Uint8Array([123, 125, 10]), sha256: 'abc', addedAt: 1_700_000_000_100 }],
  settings: { timeoutMs: 5000, activeDatasetId: 'sha256-abc' },
};

/** Creates the version-1 database with V1_CONTENT in it, and closes it. */
export async function writeV1Database(): Promise<void> {
  const db = await openDB(V1_NAME, 1, {
    // Version 1's upgrade, as e5a7273 has it.
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('drafts', { keyPath: 'key' });
        db.createObjectStore('verdicts', { keyPath: 'key' }).createIndex('by-task', 'taskId');
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('by-created', 'createdAt');
        db.createObjectStore('runSamples', { keyPath: ['runId', 'index'] }).createIndex('by-run', 'runId');
        db.createObjectStore('datasets', { keyPath: 'id' });
        db.createObjectStore('settings');
      }
    },
  });
  for (const draft of V1_CONTENT.drafts) await db.put('drafts', draft);
  for (const verdict of V1_CONTENT.verdicts) await db.put('verdicts', verdict);
  // createRun's order: the samples first, then the record.
  for (const sample of V1_CONTENT.runSamples) await db.put('runSamples', sample);
  for (const run of [...V1_CONTENT.runs, V1_CONTENT.bareRun]) await db.put('runs', run);
  for (const dataset of V1_CONTENT.datasets) await db.put('datasets', dataset);
  for (const [key, value] of Object.entries(V1_CONTENT.settings)) await db.put('settings', value, key);
  db.close();
}
