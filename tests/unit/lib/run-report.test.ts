import { describe, expect, it } from 'vitest';
import { batchSummary, filterRows, formatDuration, parseKs, sortRows, taskRows } from '../../../src/lib/run-report.ts';
import { summarizeRun } from '../../../src/lib/summary.ts';
import type { Outcome } from '../../../src/lib/verdict.ts';

const samples = ['a', 'a', 'b', 'b', 'c', 'a'].map((task_id) => ({ task_id }));
const outcomes: (Outcome | undefined)[] = ['passed', 'failed', 'timed out', 'timed out', 'passed', undefined];

describe('taskRows', () => {
  it('counts per task in file order, pending samples apart', () => {
    const rows = taskRows(samples, outcomes);
    expect(rows.map((r) => [r.task_id, r.n, r.c, r.failed, r.timedOut, r.pending, r.samples])).toEqual([
      ['a', 2, 1, 1, 0, 1, [0, 1, 5]],
      ['b', 2, 0, 0, 2, 0, [2, 3]],
      ['c', 1, 1, 0, 0, 0, [4]],
    ]);
    expect(rows[0].passAt1).toBe(0.5);
  });

  it('filters and sorts', () => {
    const rows = taskRows(samples, outcomes);
    expect(filterRows(rows, 'failed').map((r) => r.task_id)).toEqual(['a']);
    expect(filterRows(rows, 'timed out').map((r) => r.task_id)).toEqual(['b']);
    expect(filterRows(rows, 'flaky').map((r) => r.task_id)).toEqual(['a']);
    expect(filterRows(rows, 'unsolved').map((r) => r.task_id)).toEqual(['b']);
    expect(sortRows(rows, 'passAt1', true).map((r) => r.task_id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 'timedOut').map((r) => r.task_id)).toEqual(['a', 'c', 'b']);
  });
});

describe('parseKs', () => {
  it('accepts positive integers and explains the rest', () => {
    expect(parseKs('5, 20 5')).toEqual([5, 20]);
    expect(parseKs('')).toEqual([]);
    expect(parseKs('1,0')).toBe('"0" is not a positive integer');
    expect(parseKs('2.5')).toBe('"2.5" is not a positive integer');
  });
});

describe('batchSummary', () => {
  it('carries the CLI summary and says when the run is a subset', () => {
    const done = outcomes.slice(0, 5) as Outcome[];
    const input = {
      name: 'run',
      source: 's.jsonl',
      createdAt: 0,
      samples: samples.slice(0, 5),
      outcomes: done,
      ks: [1, 2],
      settings: { timeoutMs: 3000, workers: 2, temperature: 0.8 },
      versions: { engine: 'e', pyodide: 'p' },
      problemsTotal: 164,
      extraction: { enabled: false, changedSamples: 0 },
    };
    const summary = batchSummary(input);
    const cli = summarizeRun(
      input.samples.map((s, i) => ({ task_id: s.task_id, outcome: done[i] })),
      [1, 2],
      { timeoutMs: 3000, workers: 2 },
      input.versions,
    );
    expect(summary).toMatchObject({ ...cli, subset: { tasks: 3, problems: 164, missing: 161 }, temperature: 0.8 });
    expect(batchSummary({ ...input, problemsTotal: 3 }).subset).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('shows minutes and seconds, and hours when needed', () => {
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });
});
