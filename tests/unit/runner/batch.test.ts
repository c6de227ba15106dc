/**
 * The one batch runner with a fake pool: de-duplication by cache key (as the CLI calls it), input
 * order, bounded feeding, progress, pause and cancel, and the cache hooks.
 */
import { describe, expect, it } from 'vitest';
import { evaluateSamples } from '../../../src/cli/evaluate-samples.ts';
import { parseProblems } from '../../../src/lib/problems.ts';
import type { Verdict } from '../../../src/lib/verdict.ts';
import { makeVerdict } from '../verdict-builder.ts';
import { BatchRunner, evaluateBatch, type BatchPool, type BatchProgram, type BatchProgress } from '../../../src/runner/batch.ts';
import { CancelledError } from '../../../src/runner/pool.ts';
import { EXAMPLE_PROBLEM_PATH, readText } from '../lib/data-paths.ts';

const verdict = (passed: boolean): Verdict => makeVerdict(passed ? 'passed' : 'failed');

/**
 * A pool that passes programs containing `return 1`, answers after a delay that varies by program
 * (so answers come back out of order), counts calls, and tracks how many it holds at once.
 */
function fakePool(size = 2, onCall?: (calls: number) => void) {
  const calls: string[] = [];
  let holding = 0;
  const pool: BatchPool & { calls: string[]; maxHeld: number } = {
    calls,
    maxHeld: 0,
    options: { size },
    evaluate(input: BatchProgram, options) {
      const program = typeof input === 'string' ? input : input.program;
      calls.push(program);
      onCall?.(calls.length);
      holding++;
      pool.maxHeld = Math.max(pool.maxHeld, holding);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          holding--;
          resolve(verdict(/return 1\b/.test(program)));
        }, 1 + (program.length % 7));
        options?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          holding--;
          reject(new CancelledError());
        });
      });
    },
  };
  return pool;
}

const problems = parseProblems(readText(EXAMPLE_PROBLEM_PATH), 'example_problem.jsonl').problems;
const byId = new Map(problems.map((p) => [p.task_id, p]));
const versions = { engine: 'test-engine', pyodide: '314.0.7' };

describe('the CLI path (evaluateSamples)', () => {
  it('evaluates each distinct program once, gives every copy its verdict, in input order', async () => {
    const bodies = ['    return 1', '    return 2', '    return 1', '  return 1', '    return 2', '    return 1', '    return 3'];
    const samples = bodies.map((completion) => ({ task_id: 'test/0', code: { completion } }));
    const pool = fakePool();
    const order: number[] = [];
    const results: string[] = [];
    const { verdicts, progress } = await evaluateSamples(pool, samples, byId, {
      timeoutMs: 3000,
      versions,
      onResult: (index, v) => {
        order.push(index);
        results.push(v.result);
      },
    });
    // Four distinct programs: `    return 1`, `    return 2`, `  return 1`, `    return 3`.
    expect(pool.calls).toHaveLength(4);
    expect(new Set(pool.calls).size).toBe(4);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results).toEqual(['passed', 'failed: ', 'passed', 'passed', 'failed: ', 'passed', 'failed: ']);
    expect(verdicts.map((v) => v.passed)).toEqual([true, false, true, true, false, true, false]);
    // Copies get the very verdict their program got.
    expect(verdicts[2]).toBe(verdicts[0]);
    expect(progress).toMatchObject({ done: 7, total: 7, evaluated: 4, shared: 3, cached: 0, passed: 4, failed: 3, timedOut: 0 });
  });

  it('rejects with CancelledError when aborted', async () => {
    const samples = Array.from({ length: 50 }, (_, i) => ({ task_id: 'test/0', code: { completion: `    return ${i}` } }));
    const controller = new AbortController();
    const pool = fakePool(2, (n) => n === 3 && controller.abort());
    await expect(evaluateSamples(pool, samples, byId, { timeoutMs: 3000, versions, signal: controller.signal })).rejects.toBeInstanceOf(
      CancelledError,
    );
    expect(pool.calls.length).toBeLessThan(10);
  });
});

describe('BatchRunner', () => {
  const jobs = (n: number, keyOf: (i: number) => string | undefined = (i) => `k${i}`) =>
    Array.from({ length: n }, (_, i) => ({ key: keyOf(i), program: `program ${i % 3 === 0 ? 'return 1' : 'return 0'} ${keyOf(i)}` }));

  it('feeds the pool a bounded window and assembles programs only when it sends them', async () => {
    const pool = fakePool(2);
    let assembled = 0;
    let maxAhead = 0;
    const many = Array.from({ length: 300 }, (_, i) => ({
      key: `k${i}`,
      program: () => {
        assembled++;
        return `program ${i}`;
      },
    }));
    const runner = new BatchRunner(pool, many, { lookahead: 2, onProgress: (p) => (maxAhead = Math.max(maxAhead, assembled - p.done)) });
    expect(await runner.run()).toBe('done');
    expect(pool.calls).toHaveLength(300);
    // Two per worker plus the lookahead, never the whole file.
    expect(pool.maxHeld).toBeLessThanOrEqual(2 * 2 + 2);
    expect(maxAhead).toBeLessThanOrEqual(2 * 2 + 2);
  });

  it('reports progress with counts, rate and an ETA after every verdict', async () => {
    const events: BatchProgress[] = [];
    const runner = new BatchRunner(fakePool(), jobs(12, (i) => `k${i % 6}`), { onProgress: (p) => events.push(p) });
    await runner.run();
    // One event per distinct program; each counts its copies.
    expect(events).toHaveLength(6);
    expect(events.map((e) => e.done)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(events.every((e) => e.total === 12 && e.samplesPerSecond > 0)).toBe(true);
    expect(events[0].etaMs).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ done: 12, evaluated: 6, shared: 6, passed: 4, failed: 8 });
    expect(events.at(-1)!.etaMs).toBe(0);
  });

  it('never shares between jobs without a key, and counts jobs that came with a verdict', async () => {
    const pool = fakePool();
    const list = [{ program: 'same' }, { program: 'same' }, { program: 'x', verdict: verdict(true) }];
    const runner = new BatchRunner(pool, list);
    expect(await runner.run()).toBe('done');
    expect(pool.calls).toEqual(['same', 'same']);
    expect(runner.progress()).toMatchObject({ done: 3, evaluated: 2, shared: 0, passed: 1, failed: 2 });
  });

  it('pauses after the running jobs, and cancels dropping the queued ones', async () => {
    const pausing = new BatchRunner(fakePool(2, (n) => n === 4 && pausing.pause()), jobs(40));
    expect(await pausing.run()).toBe('paused');
    expect(pausing.progress().done).toBeLessThan(40);
    expect(pausing.verdicts.filter(Boolean)).toHaveLength(pausing.progress().done);

    const pool = fakePool(2, (n) => n === 4 && cancelling.cancel());
    const cancelling = new BatchRunner(pool, jobs(40));
    expect(await cancelling.run()).toBe('cancelled');
    expect(pool.calls.length).toBeLessThan(40);
    await expect(evaluateBatch(fakePool(), jobs(5), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
  });

  it('asks the cache before evaluating and hands it every result in batches', async () => {
    const pool = fakePool();
    const looked: string[][] = [];
    const stored: { index: number; source: string }[] = [];
    const runner = new BatchRunner(pool, jobs(10, (i) => `k${i % 5}`), {
      lookupChunk: 3,
      flushEvery: 4,
      cache: {
        lookup: async (keys) => {
          looked.push([...keys]);
          return new Map(keys.filter((k) => k === 'k1').map((k) => [k, verdict(true)]));
        },
        store: async (results) => void stored.push(...results.map(({ index, source }) => ({ index, source }))),
      },
    });
    expect(await runner.run()).toBe('done');
    expect(looked).toEqual([
      ['k0', 'k1', 'k2'],
      ['k3', 'k4'],
    ]);
    // k1 (jobs 1 and 6) came from the cache; the other four keys ran once each.
    expect(pool.calls).toHaveLength(4);
    expect(runner.progress()).toMatchObject({ done: 10, cached: 2, evaluated: 4, shared: 4 });
    expect(stored.map((r) => r.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(stored.filter((r) => r.source === 'cached').map((r) => r.index)).toEqual([1, 6]);
    expect(stored.filter((r) => r.source === 'evaluated')).toHaveLength(4);
  });

  it('stops with the error when the engine or the cache fails', async () => {
    const broken: BatchPool = { options: { size: 1 }, evaluate: () => Promise.reject(new Error('engine died')) };
    await expect(new BatchRunner(broken, jobs(3)).run()).rejects.toThrow('engine died');
    const full = new BatchRunner(fakePool(), jobs(3), { cache: { store: () => Promise.reject(new Error('quota')) } });
    await expect(full.run()).rejects.toThrow('quota');
  });
});
