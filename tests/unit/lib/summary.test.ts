import { describe, expect, it } from 'vitest';
import { formatPassAtK, summarizeRun } from '../../../src/lib/summary.ts';
import type { Outcome } from '../../../src/lib/verdict.ts';

const settings = { timeoutMs: 3000, workers: 4 };
const versions = { engine: '0.1.0', pyodide: '0.29.0' };

describe('summarizeRun', () => {
  it('counts outcomes and computes pass@k on the reference example\'s verdicts', () => {
    const outcomes: Outcome[] = ['failed', 'timed out', 'failed', 'passed', 'passed', 'passed'];
    const summary = summarizeRun(outcomes.map((outcome) => ({ task_id: 'test/0', outcome })), [1, 10, 100], settings, versions);
    expect(summary.passAtK).toEqual({ 'pass@1': 0.4999999999999999 });
    expect(summary.omitted.map((o) => o.k)).toEqual([10, 100]);
    expect(summary.counts).toEqual({ samples: 6, tasks: 1, passed: 3, failed: 2, timedOut: 1 });
    expect(summary.settings).toEqual(settings);
    expect(summary.versions).toEqual(versions);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});

describe('formatPassAtK', () => {
  it('prints the dict like Python', () => {
    expect(formatPassAtK({ 'pass@1': 0.4999999999999999 })).toBe("{'pass@1': 0.4999999999999999}");
    expect(formatPassAtK({ 'pass@1': 0.5, 'pass@10': 1, 'pass@100': 1e-5 })).toBe(
      "{'pass@1': 0.5, 'pass@10': 1.0, 'pass@100': 1e-05}",
    );
    expect(formatPassAtK({})).toBe('{}');
  });
});
