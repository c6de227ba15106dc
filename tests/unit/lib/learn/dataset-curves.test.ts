import { describe, expect, it } from 'vitest';
import { estimatePassAtK, passAtK } from '../../../../src/lib/pass-at-k.ts';
import {
  bestTemperature,
  contributions,
  datasetCurve,
  maxReportableK,
  taskCurve,
  temperatureSweep,
} from '../../../../src/lib/learn/dataset-curves.ts';
import { DEFAULT_EXAMPLE_RUN, EXAMPLE_RUNS } from '../../../../src/lib/learn/example-data.ts';

const tasks = [
  { task_id: 'a', n: 5, c: 0 },
  { task_id: 'b', n: 5, c: 1 },
  { task_id: 'c', n: 6, c: 6 },
  { task_id: 'd', n: 8, c: 3 },
];

describe('run curves', () => {
  it('stops at the smallest n, with the reference mean at each k', () => {
    expect(maxReportableK(tasks)).toBe(5);
    expect(maxReportableK([])).toBe(0);
    const curve = datasetCurve(tasks);
    expect(curve.map((p) => p.k)).toEqual([1, 2, 3, 4, 5]);
    expect(curve[1].value).toBe(passAtK(tasks, [2]).values['pass@2']);
    // By hand at k = 1: (0 + 1/5 + 1 + 3/8) / 4.
    expect(curve[0].value).toBeCloseTo((0 + 0.2 + 1 + 0.375) / 4, 15);
  });

  it('gives one task its own curve', () => {
    expect(taskCurve(tasks[3]).map((p) => p.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((k) => estimatePassAtK(8, 3, k)));
  });

  it('splits the rise from pass@1 to pass@k between tasks, largest first', () => {
    const rows = contributions(tasks, 4);
    expect(rows.map((r) => r.task_id)).toEqual(['b', 'd', 'a', 'c']);
    expect(rows[2].contribution).toBe(0);
    const sum = rows.reduce((s, r) => s + r.contribution, 0);
    const { values } = passAtK(tasks, [1, 4]);
    expect(sum).toBeCloseTo(values['pass@4'] - values['pass@1'], 14);
  });
});

describe('temperature sweep', () => {
  it('says why a k is missing', () => {
    const points = temperatureSweep([{ temperature: 0.5, perTask: tasks }], [1, 10]);
    expect(points[0]).toMatchObject({ temperature: 0.5, k: 1 });
    expect(points[1]).toEqual({ temperature: 0.5, k: 10, missing: '4 of 4 tasks have fewer than 10 samples' });
  });

  it('shows the Codex pattern on the synthetic example: low T wins pass@1, high T wins pass@100', () => {
    const points = temperatureSweep(EXAMPLE_RUNS);
    expect(points.map((p) => p.temperature)).toEqual([0.2, 0.2, 0.2, 0.6, 0.6, 0.6, 0.8, 0.8, 0.8]);
    const best = bestTemperature(points);
    expect(best.get(1)).toBe(0.2);
    expect(best.get(100)).toBe(0.8);
  });
});

describe('synthetic example data', () => {
  it('has 40 made-up tasks with 200 samples each and valid counts', () => {
    for (const run of EXAMPLE_RUNS) {
      expect(run.perTask).toHaveLength(40);
      expect(run.perTask.every((t) => t.task_id.startsWith('Synthetic/') && t.n === 200 && t.c >= 0 && t.c <= 200)).toBe(true);
    }
    expect(DEFAULT_EXAMPLE_RUN.temperature).toBe(0.8);
  });
});
