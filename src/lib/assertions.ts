/**
 * Per-assertion feedback, which no reference harness gives: each `assert` of a problem's `check`,
 * run again after the verdict (in a fresh namespace, so the verdict itself never changes), with the
 * call, the expected and the actual value of a failing comparison.
 */

/** One `assert` statement of `check`, as far as the explanation run got. */
export interface AssertionOutcome {
  /** 1-based line of the assert within the problem's `test` text. */
  line: number;
  /** The assert statement's source text. */
  source: string;
  /** `not reached`: an earlier statement raised or the limit fired before this one ran. */
  status: 'passed' | 'failed' | 'error' | 'not reached';
  /** How many times it ran (asserts inside loops run many times; the first failure is reported). */
  runs: number;
  /** For a comparison: the operator and the source of its left side (usually the candidate call). */
  operator?: string;
  call?: string;
  /** repr() of the left (actual) and right (expected) values of the first failing comparison. */
  actual?: string;
  expected?: string;
  /** For `error`: what evaluating the assertion raised. */
  error?: { type: string; message: string };
  /** The first assertion that failed or raised: the one the reference's verdict reflects. */
  decisive: boolean;
}

export interface AssertionReport {
  assertions: AssertionOutcome[];
  /** The explanation run hit the limit (its later assertions are `not reached`). */
  timedOut: boolean;
  /** A statement of `check` other than an assert raised (or the code before it did): the run stopped there. */
  stopped?: { type: string; message: string; line?: number };
  /** Why there is no per-assertion breakdown (e.g. the test has no `check` function, or the code does not compile). */
  unavailable?: string;
}
