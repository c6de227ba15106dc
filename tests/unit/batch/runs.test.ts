import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProblems } from '../../../src/lib/problems.ts';
import { addCacheKeys, importSamples } from '../../../src/lib/samples-import.ts';
import type { Verdict } from '../../../src/lib/verdict.ts';
import { makeVerdict } from '../verdict-builder.ts';
import { resetDatabase } from '../../../src/storage/db.ts';
import {
  createRun,
  deleteRun,
  findEarlierRuns,
  getRun,
  listRuns,
  loadRunSamples,
  pendingIndexes,
  renameRun,
  runFingerprint,
} from '../../../src/storage/runs.ts';
import { clearCachedVerdicts, getCachedVerdicts } from '../../../src/storage/verdict-cache.ts';
import type { RunSampleRecord } from '../../../src/storage/db.ts';
import type { BatchPool, BatchProgram } from '../../../src/runner/batch.ts';
import { runRunner } from '../../../src/state/batch-jobs.ts';
import { prepareNewRun } from '../../../src/state/batch-prepare.ts';
import { EXAMPLE_PROBLEM_PATH, readText } from '../lib/data-paths.ts';

afterEach(resetDatabase);

const problems = parseProblems(readText(EXAMPLE_PROBLEM_PATH), 'example_problem.jsonl').problems;
const byId = new Map(problems.map((p) => [p.task_id, p]));
const versions = { engine: 'test', pyodide: '314.0.7' };

/** The runner a page's run uses, over these samples. */
const runnerFor = (id: string, samples: RunSampleRecord[], engine: BatchPool, options = {}) => runRunner(engine, id, samples, byId, 3000, options);

const verdict = (passed: boolean): Verdict => makeVerdict(passed ? 'passed' : 'failed');

/** A fake pool: `return 1` passes; every call is counted (and reported to `onCall`). */
function fakeEngine(size = 2, onCall?: (calls: number) => void) {
  const calls: string[] = [];
  const engine: BatchPool & { calls: string[] } = {
    calls,
    options: { size },
    async evaluate(input: BatchProgram, options) {
      const program = typeof input === 'string' ? { program: input } : input;
      calls.push(program.program);
      onCall?.(calls.length);
      await new Promise((r) => setTimeout(r, 2));
      if (options?.signal?.aborted) throw new Error('cancelled');
      return verdict(/\n {2,}return 1\n|\n\treturn 1\n/.test(program.program));
    },
  };
  return engine;
}

async function imported(count: number, keyed = true) {
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ task_id: 'test/0', completion: i % 2 ? '    return 1' : `    return ${i + 2}` }));
  const outcome = await importSamples(new Blob([lines.join('\n')]), { problems, source: 's.jsonl', extract: false });
  if (keyed) await addCacheKeys(outcome.samples, byId, { timeoutMs: 3000, versions });
  return outcome;
}

async function newRun(count: number, options: { earlier?: RunSampleRecord[]; store?: boolean } = {}) {
  const outcome = await imported(count, !options.earlier);
  const fingerprint = runFingerprint({
    contentHash: outcome.summary.contentHash,
    datasetId: 'sha256-example',
    timeoutMs: 3000,
    extract: false,
    versions,
  });
  const run = await prepareNewRun({
    outcome,
    problems,
    datasetId: 'sha256-example',
    problemsName: 'example_problem.jsonl',
    sourceName: 's.jsonl',
    name: 'first',
    ks: [2],
    extract: false,
    timeoutMs: 3000,
    workers: 2,
    versions,
    fingerprint,
    earlier: options.earlier,
  });
  if (options.store !== false) await createRun(run.record, run.samples);
  return run;
}

describe('runs storage', () => {
  it('creates, lists, renames and deletes runs with their samples and problems', async () => {
    const { record } = await newRun(5);
    expect(await listRuns()).toEqual([record]);
    expect(record).toMatchObject({ total: 5, done: 0, status: 'running', meta: { tasks: 1, problemsTotal: 1, ks: [2] } });
    expect(record.datasetId).toBe('sha256-example');
    await renameRun(record.id, 'renamed');
    expect((await getRun(record.id))?.name).toBe('renamed');
    expect((await loadRunSamples(record.id)).map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    await deleteRun(record.id);
    expect(await listRuns()).toEqual([]);
    expect(await loadRunSamples(record.id)).toEqual([]);
  });

  it('evaluates, persists in batches, and resumes a stopped run where it stopped', async () => {
    const { record, samples } = await newRun(40);
    const engine = fakeEngine(2, (n) => n === 5 && first.pause());
    const first = runnerFor(record.id, samples, engine, { flushEvery: 5 });
    expect(await first.run()).toBe('paused');
    const stored = await loadRunSamples(record.id);
    const done = stored.filter((s) => s.verdict).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(40);
    expect((await getRun(record.id))?.done).toBe(done);
    // A reload: the run is found again by its fingerprint, and only the rest is evaluated.
    expect((await findEarlierRuns(record.meta.fingerprint)).unfinished?.id).toBe(record.id);
    expect(pendingIndexes(stored)).toHaveLength(40 - done);
    const callsBefore = engine.calls.length;
    // Identical samples (all the odd ones are `return 1`) are evaluated once.
    const programsLeft = new Set(stored.filter((s) => !s.verdict).map((s) => s.cacheKey)).size;
    const second = runnerFor(record.id, stored, engine);
    expect(await second.run()).toBe('done');
    expect(engine.calls.length - callsBefore).toBe(programsLeft);
    const final = await loadRunSamples(record.id);
    expect(final.every((s) => s.verdict)).toBe(true);
    expect(final.filter((s) => s.verdict!.passed)).toHaveLength(20);
    expect((await getRun(record.id))?.done).toBe(40);
  });

  it('evaluates identical samples once and gives every copy the verdict', async () => {
    const { record, samples } = await newRun(12);
    const engine = fakeEngine();
    const runner = runnerFor(record.id, samples, engine);
    expect(await runner.run()).toBe('done');
    // Six distinct `return N` (even lines) and six copies of `return 1` (odd lines).
    expect(engine.calls).toHaveLength(7);
    expect(runner.progress()).toMatchObject({ done: 12, evaluated: 7, shared: 5, cached: 0, passed: 6, failed: 6 });
    const stored = await loadRunSamples(record.id);
    expect(stored.map((s) => s.verdict?.passed)).toEqual(Array.from({ length: 12 }, (_, i) => i % 2 === 1));
  });

  it('answers from the cache: a second run of the same file evaluates nothing', async () => {
    const { record, samples } = await newRun(10);
    await runnerFor(record.id, samples, fakeEngine()).run();
    const cached = await getCachedVerdicts(samples.map((s) => s.cacheKey));
    // Odd samples are all `return 1`: one key between them.
    expect(cached.size).toBe(new Set(samples.map((s) => s.cacheKey)).size);
    const again = await newRun(10);
    expect(again.record).toMatchObject({ done: 10, status: 'done' });
    expect(again.samples.every((s) => s.verdict)).toBe(true);
  });

  it('reuses an earlier run of the same file, unless the cache was cleared since', async () => {
    const first = await newRun(8);
    await runnerFor(first.record.id, first.samples, fakeEngine()).run();
    expect((await findEarlierRuns(first.record.meta.fingerprint)).finished?.id).toBe(first.record.id);
    const earlier = await loadRunSamples(first.record.id);
    const again = await newRun(8, { earlier });
    expect(again.record).toMatchObject({ done: 8, status: 'done' });
    expect(again.record.meta.fingerprint).toBe(first.record.meta.fingerprint);
    expect(again.samples.map((s) => s.cacheKey)).toEqual(earlier.map((s) => s.cacheKey));
    expect(again.samples.map((s) => s.verdict?.result)).toEqual(earlier.map((s) => s.verdict?.result));
    await clearCachedVerdicts();
    const fresh = await newRun(8, { earlier });
    expect(fresh.record).toMatchObject({ done: 0, status: 'running' });
    expect(fresh.samples.map((s) => s.cacheKey)).toEqual(earlier.map((s) => s.cacheKey));
  });

  it('picks up verdicts the cache learned before a resume', async () => {
    const a = await newRun(6);
    const b = await newRun(6);
    await runnerFor(a.record.id, a.samples, fakeEngine()).run();
    const engine = fakeEngine();
    const resumed = runnerFor(b.record.id, b.samples, engine);
    expect(await resumed.run()).toBe('done');
    expect(engine.calls).toHaveLength(0);
    expect(resumed.progress()).toMatchObject({ done: 6, cached: 6, evaluated: 0 });
    expect((await getRun(b.record.id))?.done).toBe(6);
    expect((await loadRunSamples(b.record.id)).every((s) => s.verdict)).toBe(true);
  });

  it('a run written in the background while it already runs is stored as it ends', async () => {
    const { record, samples } = await newRun(20, { store: false });
    const writing = createRun(() => ({ ...record, name: 'as it is when written' }), samples);
    const running = runnerFor(record.id, samples, fakeEngine(), { flushEvery: 3 }).run();
    expect(await running).toBe('done');
    await writing;
    // Whichever finished first, the stored count is the final one.
    expect(await getRun(record.id)).toMatchObject({ name: 'as it is when written', done: 20 });
    expect((await loadRunSamples(record.id)).every((s) => s.verdict)).toBe(true);
  });

  it('cancel drops queued samples and keeps what finished', async () => {
    const { record, samples } = await newRun(30);
    const runner = runnerFor(record.id, samples, fakeEngine(2, (n) => n === 5 && runner.cancel()));
    expect(await runner.run()).toBe('cancelled');
    const stored = await loadRunSamples(record.id);
    expect(stored.filter((s) => s.verdict).length).toBe(runner.progress().done);
    expect(runner.progress().done).toBeLessThan(30);
  });

  it('stops with the error when the engine fails', async () => {
    const { record, samples } = await newRun(4);
    const broken: BatchPool = { options: { size: 1 }, evaluate: () => Promise.reject(new Error('engine died')) };
    await expect(runnerFor(record.id, samples, broken).run()).rejects.toThrow('engine died');
  });
});
