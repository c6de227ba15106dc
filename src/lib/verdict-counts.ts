/**
 * How samples ended, counted in one place: the batch runner's progress, a run's report, the CLI's
 * summary and the task table all count passed / failed / timed out through these functions.
 */
import type { Outcome } from './verdict.ts';

export interface OutcomeCounts {
  passed: number;
  failed: number;
  timedOut: number;
}

/** Counts of nothing yet. */
export function noOutcomes(): OutcomeCounts {
  return { passed: 0, failed: 0, timedOut: 0 };
}

/** Adds `n` samples that ended with `outcome` to `counts` (in place) and returns it. */
export function addOutcome(counts: OutcomeCounts, outcome: Outcome, n = 1): OutcomeCounts {
  if (outcome === 'passed') counts.passed += n;
  else if (outcome === 'failed') counts.failed += n;
  else counts.timedOut += n;
  return counts;
}

/** Counts of the outcomes given; undefined entries (not evaluated yet) are skipped. */
export function countOutcomes(outcomes: Iterable<Outcome | undefined>): OutcomeCounts {
  const counts = noOutcomes();
  for (const outcome of outcomes) if (outcome !== undefined) addOutcome(counts, outcome);
  return counts;
}

/** Samples counted. */
export function countedTotal(counts: OutcomeCounts): number {
  return counts.passed + counts.failed + counts.timedOut;
}
