/** A problem's status in the list: what its most recent cached verdict said, if any. */
import type { Verdict } from './verdict.ts';

export type ProblemStatus = 'untried' | 'passed' | 'failed' | 'timed out';

export const STATUSES: readonly ProblemStatus[] = ['untried', 'passed', 'failed', 'timed out'];

/** Human labels; the status is also carried by an icon, never by colour alone. */
export const STATUS_LABEL: Record<ProblemStatus, string> = {
  untried: 'Untried',
  passed: 'Passed',
  failed: 'Failed',
  'timed out': 'Timed out',
};

/** The status a verdict gives its problem. */
export function statusOf(verdict: Verdict | undefined): ProblemStatus {
  if (!verdict) return 'untried';
  if (verdict.passed) return 'passed';
  return verdict.outcome === 'timed out' ? 'timed out' : 'failed';
}
