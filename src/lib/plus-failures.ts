/**
 * Every failing input of a part, where EvalPlus's verdict stops at the first (fail-fast). The
 * search runs the part again from the input after each failure, so each run is the engine's own
 * fail-fast part; what must carry over from one run to the next is the comparison's sticky atol
 * (src/lib/plus-compare.ts), which this works out from the expected outputs the earlier runs
 * compared against. Each run execs the solution afresh, where EvalPlus's non-fail-fast mode keeps
 * one namespace: a sample whose module state changes between calls can differ on later inputs.
 */
import { FLOAT_ATOL, isFloats } from './plus-compare.ts';
import type { PartVerdict } from './plus.ts';
import { packedValue, unmarshal, type PackedValues } from './py-marshal.ts';

/** One failing input found by the search (its index is in the whole part). */
export interface FoundFailure {
  index: number;
  failure: NonNullable<PartVerdict['failure']>;
}

/** Reasons decided by comparing the output with the expected one (the sticky rule saw that input). */
const COMPARED = new Set(['value', 'type', 'length', 'tolerance']);

/**
 * The atol in force after a run that started at `from` with `atol` and compared inputs up to
 * `failedAt` (that one included only if its failure came from the comparison).
 */
export function atolAfterRun(
  atol: number,
  expected: PackedValues,
  from: number,
  failedAt: number,
  failure: Pick<FoundFailure['failure'], 'reason'>,
  findZero: boolean,
): number {
  // find_zero's oracle never reaches the sticky rule; a non-zero atol never changes.
  if (atol !== 0 || findZero) return atol;
  const last = COMPARED.has(failure.reason) ? failedAt : failedAt - 1;
  for (let j = from; j <= last; j++) {
    if (isFloats(unmarshal(packedValue(expected, j)))) return FLOAT_ATOL;
  }
  return 0;
}

/** A pack of the values `from` onwards. */
export function packTail(pack: PackedValues, from: number): PackedValues {
  const start = pack.offsets[from];
  return {
    bytes: pack.bytes.subarray(start, pack.offsets[pack.offsets.length - 1]),
    offsets: pack.offsets.slice(from).map((o) => o - start),
  };
}
