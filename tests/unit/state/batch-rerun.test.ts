/**
 * Re-running a stored run under the other interpreter (issue 12): the re-run's keys are the other
 * interpreter's, cached verdicts under it are served and none of the first run's, the two runs are
 * linked, and the batch store runs it on a second engine without changing the user's interpreter.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheKeys } from '../../../src/lib/cache-key.ts';
import { parseProblems } from '../../../src/lib/problems.ts';
import type { PythonVersion } from '../../../src/lib/python-version.ts';
import { builtVersions } from '../../../src/lib/version.ts';
import type { Verdict } from '../../../src/lib/verdict.ts';
import type { BatchPool, BatchProgram } from '../../../src/runner/batch.ts';
import { resetDatabase, type RunRecord, type RunSampleRecord } from '../../../src/storage/db.ts';
import { createRun, getRun, loadRunSamples, refingerprint, runFingerprint } from '../../../src/storage/runs.ts';
import { getCachedVerdicts, putCachedVerdicts } from '../../../src/storage/verdict-cache.ts';
import { prepareRerun } from '../../../src/state/batch-rerun.ts';
import { BatchRuns } from '../../../src/state/batch-runs.svelte.ts';
import type { Session } from '../../../src/state/session.svelte.ts';
import { makeVerdict } from '../verdict-builder.ts';
import { EXAMPLE_PROBLEM_PATH, readText } from '../lib/data-paths.ts';

afterEach(resetDatabase);

const problems = parseProblems(readText(EXAMPLE_PROBLEM_PATH), 'example_problem.jsonl').problems;
const byId = new Map(problems.map((p) => [p.task_id, p]));
const v311 = builtVersions('3.11');
const v314 = builtVersions('3.14');
const COMPLETIONS = ['    return 1\n', '    return 2\n', '    return 1\n'];

/** A finished run under 3.11 of COMPLETIONS (sample 0 and 2 pass), stored. */
async function storedRun(): Promise<{ record: RunRecord; samples: RunSampleRecord[] }> {
  const keys = await cacheKeys(
    COMPLETIONS.map((completion) => ({ task_id: 'test/0', code: { completion } })),
    byId,
    { timeoutMs: 3000, versions: v311 },
  );
  const samples: RunSampleRecord[] = COMPLETIONS.map((completion, index) => ({
    runId: 'first',
    index,
    taskId: 'test/0',
    line: index + 1,
    raw: JSON.stringify({ task_id: 'test/0', completion }),
    code: { completion },
    cacheKey: keys[index],
    verdict: makeVerdict(completion.includes('1') ? 'passed' : 'failed', 'wrong'),
  }));
  const fingerprint = runFingerprint({ contentHash: 'abc', datasetId: 'sha256-example', timeoutMs: 3000, extract: false, versions: v311 });
  const record: RunRecord = {
    id: 'first',
    name: 'first',
    createdAt: 1,
    sourceName: 's.jsonl',
    datasetId: 'sha256-example',
    settings: { timeoutMs: 3000, workers: 2 },
    versions: { ...v311 },
    total: 3,
    done: 3,
    status: 'done',
    meta: { format: 'human-eval', fingerprint, problemsName: 'example_problem.jsonl', problemsTotal: 1, tasks: 1, ks: [2], extract: false, extracted: 0, issues: 0 },
  };
  await createRun(record, samples);
  await putCachedVerdicts(samples.map((s) => ({ key: s.cacheKey, taskId: s.taskId, verdict: s.verdict! })));
  return { record, samples };
}

describe('prepareRerun', () => {
  it("keys the samples for the other interpreter, serves only its cached verdicts, and links the runs", async () => {
    const first = await storedRun();
    const expected = await cacheKeys(
      COMPLETIONS.map((completion) => ({ task_id: 'test/0', code: { completion } })),
      byId,
      { timeoutMs: 3000, versions: v314 },
    );
    // One verdict the cache learned under 3.14 (sample 1 passes there); none of 3.11's may be used.
    const learned: Verdict = makeVerdict('passed');
    await putCachedVerdicts([{ key: expected[1], taskId: 'test/0', verdict: learned }]);

    const { record, samples } = await prepareRerun({ source: first.record, samples: first.samples, problems: byId, versions: v314, workers: 4 });
    expect(samples.map((s) => s.cacheKey)).toEqual(expected);
    expect(samples.map((s) => s.cacheKey).some((k) => first.samples.some((f) => f.cacheKey === k))).toBe(false);
    expect(samples.map((s) => s.verdict?.result)).toEqual([undefined, 'passed', undefined]);
    expect(samples.every((s) => s.runId === record.id && record.id !== 'first')).toBe(true);
    expect(samples.map(({ index, line, raw, code, taskId }) => ({ index, line, raw, code, taskId }))).toEqual(
      first.samples.map(({ index, line, raw, code, taskId }) => ({ index, line, raw, code, taskId })),
    );
    expect(record).toMatchObject({
      name: 'first (Python 3.14)',
      versions: v314,
      total: 3,
      done: 1,
      status: 'running',
      settings: { timeoutMs: 3000, workers: 4 },
      meta: { rerunOf: 'first', ks: [2], problemsName: 'example_problem.jsonl' },
    });
    // The fingerprint an import of the same file under 3.14 would have, so a later import reuses it.
    expect(record.meta.fingerprint).toBe(runFingerprint({ contentHash: 'abc', datasetId: 'sha256-example', timeoutMs: 3000, extract: false, versions: v314 }));
    // The first run is untouched.
    expect((await loadRunSamples('first')).map((s) => s.verdict?.result)).toEqual(['passed', 'failed: wrong', 'passed']);
  });

  it('refuses the same interpreter and samples whose problem is missing', async () => {
    const first = await storedRun();
    await expect(prepareRerun({ source: first.record, samples: first.samples, problems: byId, versions: v311, workers: 1 })).rejects.toThrow(/another interpreter/);
    await expect(prepareRerun({ source: first.record, samples: first.samples, problems: new Map(), versions: v314, workers: 1 })).rejects.toThrow(/test\/0/);
  });
});

describe('refingerprint', () => {
  it('swaps the versions and keeps the rest; an empty or foreign fingerprint matches nothing', () => {
    const input = { contentHash: 'h', datasetId: 'd', timeoutMs: 3000, extract: true };
    expect(refingerprint(runFingerprint({ ...input, versions: v311 }), v314)).toBe(runFingerprint({ ...input, versions: v314 }));
    expect(refingerprint('', v314)).toBe('');
    expect(refingerprint('a|b', v314)).toBe('');
  });
});

describe('BatchRuns.rerun', () => {
  /** A pool whose samples pass iff they `return 1`; it records what it ran. */
  function fakeEngine(python: PythonVersion) {
    const ran: string[] = [];
    const close = vi.fn();
    const explained: string[] = [];
    const engine = {
      python,
      ran,
      explained,
      close,
      async explain(_problem: unknown, code: { completion: string }) {
        explained.push(code.completion);
        return { assertions: [] };
      },
      ready: Promise.resolve({}),
      options: { size: 2 },
      async evaluate(input: BatchProgram): Promise<Verdict> {
        const program = typeof input === 'string' ? input : input.program;
        ran.push(program);
        return makeVerdict(/\n {4}return 1\n/.test(program) ? 'passed' : 'failed', '314 says no');
      },
    } satisfies BatchPool & Record<string, unknown>;
    return engine;
  }

  /** Just the session the batch store reads: problems, the chosen interpreter and its engines. */
  function fakeSession() {
    const main = fakeEngine('3.11');
    let second: ReturnType<typeof fakeEngine> | undefined;
    const made: ReturnType<typeof fakeEngine>[] = [];
    const session = {
      python: '3.11' as PythonVersion,
      engine: main,
      datasetId: 'sha256-example',
      problems,
      get secondPython() {
        return second?.python;
      },
      engineFor(python: PythonVersion) {
        if (python === '3.11') return main;
        if (!second) made.push((second = fakeEngine(python)));
        return second;
      },
      closeSecondEngine() {
        second?.close();
        second = undefined;
      },
    };
    return { session, main, made };
  }

  it('runs the samples on a second engine of the other interpreter, links the runs, then closes that engine', async () => {
    const first = await storedRun();
    const { session, main, made } = fakeSession();
    const store = new BatchRuns(session as unknown as Session);
    await store.reloadRuns();
    const source = await store.load('first');
    const id = await store.rerun(source);
    expect(id).toBeDefined();
    const rerun = store.active!;
    expect(rerun.id).toBe(id);
    expect(store.viewed).toBe(rerun);
    await vi.waitFor(async () => expect((await getRun(id!))?.status).toBe('done'));
    expect(main.ran).toHaveLength(0);
    expect(made).toHaveLength(1);
    // Sample 2 repeats sample 0's code: one evaluation for both.
    expect(made[0].ran).toHaveLength(2);
    expect(made[0].close).toHaveBeenCalledOnce();
    expect(session.secondPython).toBeUndefined();
    expect(rerun.samples.map((s) => s.verdict?.result)).toEqual(['passed', 'failed: 314 says no', 'passed']);
    // Cached under 3.14's keys; 3.11's entries are as they were.
    expect((await getCachedVerdicts(rerun.samples.map((s) => s.cacheKey))).size).toBe(2);
    expect((await getCachedVerdicts([first.samples[1].cacheKey])).get(first.samples[1].cacheKey)?.result).toBe('failed: wrong');

    await store.reloadRuns();
    expect(store.pythonOf(store.runs.find((r) => r.id === id)!)).toBe('3.14');
    expect(store.partnerOf(first.record)?.id).toBe(id);
    expect(store.partnerOf(rerun.record)?.id).toBe('first');
    // Asked again, the existing re-run is shown rather than a third run made.
    expect(await store.rerun(source)).toBe(id);
    expect(store.runs).toHaveLength(2);
    expect(made).toHaveLength(1);
  });

  it('a second re-run after the first was deleted is answered from the cache, without an engine run', async () => {
    await storedRun();
    const { session, made } = fakeSession();
    const store = new BatchRuns(session as unknown as Session);
    await store.reloadRuns();
    const source = await store.load('first');
    const id = (await store.rerun(source))!;
    await vi.waitFor(async () => expect((await getRun(id))?.status).toBe('done'));
    await store.delete(id);
    const again = (await store.rerun(await store.load('first')))!;
    expect(again).not.toBe(id);
    expect(store.active?.phase).toBe('done');
    expect(store.active?.samples.map((s) => s.verdict?.result)).toEqual(['passed', 'failed: 314 says no', 'passed']);
    // No engine is made for a re-run the cache answers whole.
    expect(made).toHaveLength(1);
    expect(session.secondPython).toBeUndefined();
  });

  it("explains a sample under its run's interpreter: the re-run's on a second engine, closed once it has answered", async () => {
    await storedRun();
    const { session, main, made } = fakeSession();
    const store = new BatchRuns(session as unknown as Session);
    await store.reloadRuns();
    const source = await store.load('first');
    const id = (await store.rerun(source))!;
    await vi.waitFor(async () => expect((await getRun(id))?.status).toBe('done'));
    await store.explainSample(source, 1);
    expect(main.explained).toEqual(['    return 2\n']);
    expect(made).toHaveLength(1);
    await store.explainSample(store.active!, 1);
    expect(main.explained).toHaveLength(1);
    expect(made).toHaveLength(2);
    expect(made[1].explained).toEqual(['    return 2\n']);
    expect(made[1].close).toHaveBeenCalledOnce();
    expect(session.secondPython).toBeUndefined();
  });

  it('a re-run cut off mid-way resumes on an engine of its own interpreter, from where it stopped', async () => {
    const first = await storedRun();
    const { record, samples } = await prepareRerun({ source: first.record, samples: first.samples, problems: byId, versions: v314, workers: 2 });
    // Sample 0 was evaluated before the tab closed; the record still says running.
    samples[0].verdict = makeVerdict('passed');
    await createRun(record, samples);
    const { session, main, made } = fakeSession();
    const store = new BatchRuns(session as unknown as Session);
    await store.open(record.id);
    await vi.waitFor(async () => expect((await getRun(record.id))?.status).toBe('done'));
    expect(main.ran).toHaveLength(0);
    expect(made).toHaveLength(1);
    expect(made[0].ran).toHaveLength(2);
    expect(made[0].close).toHaveBeenCalledOnce();
    expect((await loadRunSamples(record.id)).map((s) => s.verdict?.result)).toEqual(['passed', 'failed: 314 says no', 'passed']);
  });
});
