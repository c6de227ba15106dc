/**
 * The search for every failing input of a part (src/lib/plus-failures.ts): the part is run again,
 * fail-fast as always, from the input after each failure, until the inputs run out, enough
 * failures were found, or the time budget is spent. Each run is an ordinary part in the pool.
 */
import { atolAfterRun, packTail, type FoundFailure } from '../lib/plus-failures.ts';
import type { PartVerdict, PlusTask } from '../lib/plus.ts';
import type { PackedValues } from '../lib/py-marshal.ts';
import { evaluatePart, type Part, type PlusPool } from './plus.ts';

export interface FailureSearch {
  failures: FoundFailure[];
  /** Every input was judged: the failures are all there are. */
  complete: boolean;
  /** Why the search stopped early, when it did. */
  stopped?: 'enough failures' | 'time budget' | 'the part timed out' | 'cancelled';
}

/**
 * Every failing input of `part` after the first (`first`, from the sample's verdict), at most
 * `maxFailures` of them, within `budgetMs`; `onFailure` hears each as it is found.
 */
export async function searchFailures(
  pool: PlusPool,
  task: PlusTask,
  expected: PackedValues,
  solution: string,
  part: Part,
  first: PartVerdict,
  options: { maxFailures: number; budgetMs: number; signal?: AbortSignal; onFailure?(found: FoundFailure): void },
): Promise<FailureSearch> {
  const failures: FoundFailure[] = [];
  const inputs = task[part];
  if (!first.failure || first.moduleError) return { failures, complete: first.status !== 'timeout' };
  failures.push({ index: first.failure.index, failure: first.failure });
  let atol = atolAfterRun(task.atol, expected, 0, first.failure.index, first.failure, task.entry_point === 'find_zero');
  let from = first.failure.index + 1;
  const started = performance.now();
  while (from < inputs.length) {
    if (options.signal?.aborted) return { failures, complete: false, stopped: 'cancelled' };
    if (failures.length >= options.maxFailures) return { failures, complete: false, stopped: 'enough failures' };
    if (performance.now() - started > options.budgetMs) return { failures, complete: false, stopped: 'time budget' };
    const rest: PlusTask = { ...task, atol, [part]: inputs.slice(from) };
    let verdict: PartVerdict;
    try {
      verdict = await evaluatePart(pool, rest, packTail(expected, from), solution, part, options.signal);
    } catch (error) {
      if (options.signal?.aborted) return { failures, complete: false, stopped: 'cancelled' };
      throw error;
    }
    if (verdict.status === 'pass') return { failures, complete: true };
    if (!verdict.failure) return { failures, complete: false, stopped: 'the part timed out' };
    const found = {
      index: from + verdict.failure.index,
      failure: { ...verdict.failure, index: from + verdict.failure.index },
    };
    failures.push(found);
    options.onFailure?.(found);
    atol = atolAfterRun(atol, expected, from, found.index, found.failure, task.entry_point === 'find_zero');
    from = found.index + 1;
  }
  return { failures, complete: true };
}
