/** Which samples depend on the Python version (src/lib/version-diff.ts). */
import { describe, expect, it } from 'vitest';
import { parsePythonVersions } from '../../../src/lib/python-version.ts';
import { changeDirection, diffVersions, formatVersionDiff, runPython } from '../../../src/lib/version-diff.ts';

const r = (result: string) => ({ result, passed: result === 'passed' });

describe('diffVersions', () => {
  const tasks = ['a', 'a', 'b', 'b'];
  const a = { python: '3.11' as const, results: [r('passed'), r("failed: 'int' object has no attribute 'is_integer'"), r('failed: max() arg is an empty sequence'), r('passed')] };
  const b = { python: '3.14' as const, results: [r('passed'), r('passed'), r('failed: max() iterable argument is empty'), r('passed')] };

  it('lists the samples whose passed-ness changed with both strings, counts the rewordings, and gives pass@k under each', () => {
    const diff = diffVersions(tasks, a, b, [1, 2]);
    expect(diff.changed).toEqual([{ index: 1, task_id: 'a', a: "failed: 'int' object has no attribute 'is_integer'", b: 'passed' }]);
    expect(diff.reworded).toBe(1);
    expect(diff.passAtK['3.11'].values).toEqual({ 'pass@1': 0.5, 'pass@2': 1 });
    expect(diff.passAtK['3.14'].values).toEqual({ 'pass@1': 0.75, 'pass@2': 1 });
    const text = formatVersionDiff(diff);
    expect(text).toContain('Python 3.11: pass@1 50.00, pass@2 100.00');
    expect(text).toContain(`#1 a: 3.11 "failed: 'int' object has no attribute 'is_integer'" | 3.14 "passed"`);
  });

  it('says which way a changed sample went, from a to b', () => {
    expect(changeDirection({ index: 0, task_id: 'a', a: "failed: 'int' object has no attribute 'is_integer'", b: 'passed' })).toBe('failed→passed');
    expect(changeDirection({ index: 0, task_id: 'a', a: 'passed', b: 'timed out' })).toBe('passed→failed');
  });

  it('refuses runs of different samples', () => {
    expect(() => diffVersions(tasks, a, { ...b, results: b.results.slice(1) }, [1])).toThrow();
  });
});

describe('parsePythonVersions', () => {
  it('reads one version or a list, and refuses others', () => {
    expect(parsePythonVersions('3.11')).toEqual(['3.11']);
    expect(parsePythonVersions('3.11, 3.14')).toEqual(['3.11', '3.14']);
    expect(() => parsePythonVersions('3.12')).toThrow(/unknown Python version "3.12"/);
    expect(() => parsePythonVersions('')).toThrow();
  });
});

describe('runPython', () => {
  it('reads the stored interpreter; a run stored before there were two ran 3.14', () => {
    expect(runPython({ python: '3.11' })).toBe('3.11');
    expect(runPython({ python: '3.14' })).toBe('3.14');
    expect(runPython({})).toBe('3.14');
  });
});
