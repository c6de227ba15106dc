/** A well-formed Verdict for tests that need one but do not run the engine. */
import { referenceResult, type Outcome, type Verdict } from '../../src/lib/verdict.ts';

/** A verdict with the given outcome (and, for `failed`, message); `fields` override the rest. */
export function makeVerdict(outcome: Outcome, message = '', fields: Partial<Verdict> = {}): Verdict {
  return {
    result: referenceResult(outcome, message),
    passed: outcome === 'passed',
    outcome,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    durationMs: 1,
    timedOut: outcome === 'timed out',
    crashed: false,
    ...fields,
  };
}
