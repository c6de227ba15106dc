import { describe, expect, it } from 'vitest';
import { evalResultsFileName, evalResultsJson, filterPlusSamples, plusReport } from '../../../src/lib/plus-results.ts';
import type { PartVerdict, PlusVerdict } from '../../../src/lib/plus.ts';
import { parsePyJson } from '../../../src/lib/py-json.ts';

const part = (status: PartVerdict['status'], completed: number, total = 3): PartVerdict => ({
  status,
  total,
  completed,
  durationMs: 1,
  capMs: 13_000,
  slowestMs: 0,
});
const pass = part('pass', 3);
const fail = (at: number) => part('fail', at);
const v = (base: PartVerdict, plus: PartVerdict): PlusVerdict => ({ base, plus });

describe('evalResultsJson', () => {
  it('writes EvalPlus json.dump output: tasks in first-appearance order, fail tests, pass@k', () => {
    const tasks = new Map([
      [
        'T/1',
        {
          prompt: 'def f(x):\n',
          base_input: [parsePyJson('[1]')],
          plus_input: [parsePyJson('[2]'), parsePyJson('[1.5, "é"]')],
        },
      ],
      ['T/0', { prompt: 'def g():\n', base_input: [], plus_input: [] }],
    ]);
    const text = evalResultsJson({
      samples: [
        { task_id: 'T/1', code: { completion: '    return x\n' } },
        { task_id: 'T/0', code: { solution: 'def g(): pass' } },
        { task_id: 'T/1', code: { completion: '    return 0\n' } },
      ],
      verdicts: [v(pass, pass), v(pass, pass), v(pass, fail(2))],
      tasks,
      hash: 'abc',
      date: '2026-12-02 15:00',
    });
    expect(text).toBe(
      '{"date": "2026-12-02 15:00", "hash": "abc", "eval": {' +
        '"T/1": [{"task_id": "T/1", "solution": "def f(x):\\n    return x\\n", "base_status": "pass", "plus_status": "pass", "base_fail_tests": [], "plus_fail_tests": []}, ' +
        '{"task_id": "T/1", "solution": "def f(x):\\n    return 0\\n", "base_status": "pass", "plus_status": "fail", "base_fail_tests": [], "plus_fail_tests": [[1.5, "\\u00e9"]]}], ' +
        '"T/0": [{"task_id": "T/0", "solution": "def g(): pass", "base_status": "pass", "plus_status": "pass", "base_fail_tests": [], "plus_fail_tests": []}]}, ' +
        '"pass_at_k": {"base": {"pass@1": 1.0}, "plus": {"pass@1": 0.75}}}',
    );
  });

  it('names the file as EvalPlus does', () => {
    expect(evalResultsFileName('samples.jsonl')).toBe('samples.eval_results.json');
    expect(evalResultsFileName('gen.json')).toBe('gen.json.eval_results.json');
  });
});

describe('plusReport', () => {
  it('counts human-eval, base and base + plus per task, and what the extra inputs caught', () => {
    const samples = [{ task_id: 'A' }, { task_id: 'A' }, { task_id: 'B' }, { task_id: 'B' }];
    const report = plusReport(
      samples,
      [true, true, false, true],
      [v(pass, fail(1)), v(pass, pass), v(fail(1), pass), v(pass, pass)],
      [1, 10],
    );
    expect(report.tasks).toEqual([
      { task_id: 'A', n: 2, humaneval: 2, base: 2, plus: 1, caught: 1 },
      { task_id: 'B', n: 2, humaneval: 1, base: 1, plus: 1, caught: 0 },
    ]);
    expect(report.passAtK.humaneval.values['pass@1']).toBe(0.75);
    expect(report.passAtK.base.values['pass@1']).toBe(0.75);
    expect(report.passAtK.plus.values['pass@1']).toBe(0.5);
    expect(report.passAtK.plus.omitted.map((o) => o.k)).toEqual([10]);
    expect([report.caught, report.reverse, report.humanevalNotPlus]).toEqual([1, 1, 1]);
    expect(filterPlusSamples(report.samples, 'base not plus').map((r) => r.index)).toEqual([0]);
    expect(filterPlusSamples(report.samples, 'plus not base').map((r) => r.index)).toEqual([2]);
    expect(filterPlusSamples(report.samples, 'all')).toHaveLength(4);
  });
});
