/** A run and its re-run under the other interpreter, compared (src/state/version-sensitivity.ts). */
import { describe, expect, it } from 'vitest';
import type { PythonVersion } from '../../../src/lib/python-version.ts';
import type { RunRecord, RunSampleRecord } from '../../../src/storage/db.ts';
import { BatchRun } from '../../../src/state/batch-run.svelte.ts';
import { compareVersions, notComparable } from '../../../src/state/version-sensitivity.ts';
import { makeVerdict } from '../verdict-builder.ts';

const IS_INTEGER = "'int' object has no attribute 'is_integer'";

/** A run under `python` whose sample i is of task `tasks[i]` with result `results[i]` (undefined: not evaluated). */
function run(id: string, python: PythonVersion | undefined, tasks: string[], results: (string | undefined)[], ks: number[] = [], engine = 'e'): BatchRun {
  const samples: RunSampleRecord[] = tasks.map((taskId, index) => {
    const result = results[index];
    const verdict =
      result === undefined
        ? undefined
        : result === 'passed'
          ? makeVerdict('passed')
          : result === 'timed out'
            ? makeVerdict('timed out')
            : makeVerdict('failed', result.slice('failed: '.length));
    return { runId: id, index, taskId, line: index + 1, raw: '{}', code: { completion: `    return ${index}` }, cacheKey: `${id}${index}`, ...(verdict ? { verdict } : {}) };
  });
  const done = samples.filter((s) => s.verdict).length;
  const record: RunRecord = {
    id,
    name: id,
    createdAt: 1,
    sourceName: 's.jsonl',
    datasetId: 'humaneval',
    settings: { timeoutMs: 3000, workers: 2 },
    versions: { engine, pyodide: python === '3.11' ? '0.25.1' : '314.0.7', ...(python ? { python } : {}) },
    total: samples.length,
    done,
    status: done === samples.length ? 'done' : 'paused',
    meta: { format: 'human-eval', fingerprint: '', problemsName: 'p', problemsTotal: 2, tasks: 2, ks, extract: false, extracted: 0, issues: 0 },
  };
  return new BatchRun(record, samples, record.status);
}

const TASKS = ['t/0', 't/0', 't/1', 't/1'];

describe('compareVersions', () => {
  it('puts 3.11 first whichever run came first, and lists the changed samples with both strings, position and direction', () => {
    const under311 = run('a', '3.11', TASKS, [`failed: ${IS_INTEGER}`, 'passed', 'passed', 'failed: max() arg is an empty sequence'], [2]);
    const under314 = run('b', '3.14', TASKS, ['passed', 'passed', 'timed out', 'failed: max() iterable argument is empty']);
    for (const diff of [compareVersions(under311, under314)!, compareVersions(under314, under311)!]) {
      expect([diff.a, diff.b]).toEqual(['3.11', '3.14']);
      expect(diff.rows).toEqual([
        { index: 0, task_id: 't/0', a: `failed: ${IS_INTEGER}`, b: 'passed', position: 0, direction: 'failed→passed' },
        { index: 2, task_id: 't/1', a: 'passed', b: 'timed out', position: 0, direction: 'passed→failed' },
      ]);
      expect(diff.reworded).toBe(1);
      expect(diff.ks).toEqual([1, 2, 10, 100]);
      expect(diff.passAtK['3.11'].values['pass@1']).toBeCloseTo(0.5);
      expect(diff.passAtK['3.14'].values['pass@1']).toBeCloseTo(0.5);
      expect(diff.passAtK['3.11'].values['pass@2']).toBe(1);
      expect(diff.passAtK['3.14'].values['pass@2']).toBe(0.5);
      expect(diff.engines).toBeUndefined();
    }
  });

  it('gives the position among its task samples, and an empty list when nothing changed', () => {
    const a = run('a', '3.11', ['t/0', 't/1', 't/1'], ['passed', 'passed', `failed: ${IS_INTEGER}`]);
    const b = run('b', undefined, ['t/0', 't/1', 't/1'], ['passed', 'passed', 'passed']);
    expect(compareVersions(a, b)!.rows).toMatchObject([{ index: 2, position: 1, direction: 'failed→passed' }]);
    const same = compareVersions(a, run('c', '3.14', ['t/0', 't/1', 't/1'], ['passed', 'passed', 'failed: other wording']))!;
    expect(same.rows).toEqual([]);
    expect(same.reworded).toBe(1);
  });

  it('says when the two runs were evaluated by different engine builds', () => {
    const old = run('a', undefined, ['t/0'], ['passed'], [], 'old-build');
    const fresh = run('b', '3.11', ['t/0'], ['passed'], [], 'new-build');
    expect(compareVersions(old, fresh)!.engines).toEqual(['new-build', 'old-build']);
  });

  it('waits for both runs to be complete, and refuses runs of other samples or the same interpreter', () => {
    const done = run('a', '3.11', TASKS, ['passed', 'passed', 'passed', 'passed']);
    const partial = run('b', '3.14', TASKS, ['passed', undefined, 'passed', 'passed']);
    expect(notComparable(done, partial)).toMatch(/once both runs have every verdict/);
    expect(compareVersions(done, partial)).toBeUndefined();
    expect(notComparable(done, run('c', '3.14', ['t/0', 't/0', 't/1'], ['passed', 'passed', 'passed']))).toMatch(/same samples/);
    expect(notComparable(done, run('d', '3.14', ['t/1', 't/0', 't/1', 't/1'], ['passed', 'passed', 'passed', 'passed']))).toMatch(/same samples/);
    expect(notComparable(done, run('e', '3.11', TASKS, ['passed', 'passed', 'passed', 'passed']))).toMatch(/same interpreter/);
  });
});
