/**
 * A run's report figures are state on the run: ks, task rows, pass@k, scope, ranking and a sample's
 * details, as the batch views read them, and the comparison of two runs.
 */
import { describe, expect, it } from 'vitest';
import type { Outcome, Verdict } from '../../../src/lib/verdict.ts';
import { makeVerdict } from '../verdict-builder.ts';
import type { RunRecord, RunSampleRecord } from '../../../src/storage/db.ts';
import { BatchRun, compareBatchRuns } from '../../../src/state/batch-run.svelte.ts';

const verdict = (outcome: Outcome): Verdict => makeVerdict(outcome);

function record(id: string, meta: Partial<RunRecord['meta']> = {}): RunRecord {
  return {
    id,
    name: id,
    createdAt: 1,
    sourceName: `${id}.jsonl`,
    datasetId: 'humaneval',
    settings: { timeoutMs: 3000, workers: 2 },
    versions: { engine: 'e', pyodide: 'p' },
    total: 0,
    done: 0,
    status: 'paused',
    meta: { format: 'human-eval', fingerprint: id, problemsName: 'p', problemsTotal: 3, tasks: 2, ks: [], extract: false, extracted: 0, issues: 0, ...meta },
  };
}

/** Samples of tasks `tasks[i]` with outcomes `outcomes[i]` (undefined: not evaluated), carrying a mean_logp. */
function samples(runId: string, tasks: string[], outcomes: (Outcome | undefined)[], logps: number[] = []): RunSampleRecord[] {
  return tasks.map((taskId, index) => {
    const completion = `    return ${index}`;
    const raw = JSON.stringify({ task_id: taskId, completion, ...(logps[index] !== undefined ? { mean_logp: logps[index] } : {}) });
    const outcome = outcomes[index];
    return { runId, index, taskId, line: index + 1, raw, code: { completion }, cacheKey: `k${index}`, ...(outcome ? { verdict: verdict(outcome) } : {}) };
  });
}

describe('BatchRun report state', () => {
  it('derives ks, rows, pass@k and the scope of a partial subset run', () => {
    const run = new BatchRun(record('a', { ks: [2, 10] }), samples('a', ['t/0', 't/0', 't/1', 't/1'], ['passed', 'failed', 'timed out', undefined]), 'paused');
    expect(run.ks).toEqual([1, 2, 10, 100]);
    expect(run.rows.map((r) => [r.task_id, r.n, r.c, r.failed, r.timedOut, r.pending])).toEqual([
      ['t/0', 2, 1, 1, 0, 0],
      ['t/1', 1, 0, 0, 1, 1],
    ]);
    expect(run.perTask).toEqual([
      { task_id: 't/0', n: 2, c: 1 },
      { task_id: 't/1', n: 1, c: 0 },
    ]);
    expect(run.passAtK.values['pass@1']).toBeCloseTo(0.25);
    expect(run.passAtK.omitted.map((o) => o.k)).toEqual([2, 10, 100]);
    expect(run.scope).toBe('subset: 2 of 3 tasks; partial: 3 of 4 samples evaluated');
    expect(run.progress).toMatchObject({ done: 3, total: 4, passed: 1, failed: 1, timedOut: 1 });
    // No ranking before every sample has a verdict.
    expect(run.ranking).toBeUndefined();
    expect(run.row('t/1')?.pending).toBe(1);
  });

  it('ranks by log-probability once complete, and says nothing when no sample has one', () => {
    const ranked = new BatchRun(record('r', { tasks: 3 }), samples('r', ['t/0', 't/0'], ['failed', 'passed'], [-0.9, -0.1]), 'done');
    expect(ranked.scope).toBe('');
    expect(ranked.ranking).toMatchObject({ available: true, ranked: 1, random: 0.5, oracle: 1 });
    const plain = new BatchRun(record('p'), samples('p', ['t/0'], ['passed']), 'done');
    expect(plain.ranking).toBeUndefined();
  });

  it("gives a sample's position among its task's and its code before extraction", () => {
    const list = samples('x', ['t/0', 't/1', 't/0'], ['passed', 'passed', 'passed']);
    list[2].raw = JSON.stringify({ task_id: 't/0', completion: '```python\n    return 2\n```' });
    const run = new BatchRun(record('x', { extract: true }), list, 'done');
    const details = run.sampleDetails(2);
    expect(details.position).toBe(1);
    expect(details.original).toEqual({ completion: '```python\n    return 2\n```' });
    expect(details.changed).toBe(true);
    expect(run.sampleDetails(0).changed).toBe(false);
  });

  it('compares two runs at both runs’ ks', () => {
    const a = new BatchRun(record('a', { ks: [2] }), samples('a', ['t/0', 't/1'], ['passed', 'failed']), 'done');
    const b = new BatchRun(record('b', { ks: [5] }), samples('b', ['t/0', 't/1'], ['failed', 'passed']), 'done');
    const comparison = compareBatchRuns(a, b);
    expect(comparison.solvedOnlyByA).toEqual(['t/0']);
    expect(comparison.solvedOnlyByB).toEqual(['t/1']);
    expect(Object.keys(comparison.a.values)).toEqual(['pass@1']);
    expect(comparison.a.omitted.map((o) => o.k)).toEqual([2, 5, 10, 100]);
  });
});
