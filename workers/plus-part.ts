/**
 * One HumanEval+ part in the worker, judged in JavaScript (ARCHITECTURE.md, "HumanEval+"): the
 * runtime execs the solution, then calls the entry point once per input through plus.py, and every
 * output comes back marshalled, so the comparison (src/lib/plus-compare.ts) and the status are
 * decided here, where Python cannot reach. Fail-fast, as EvalPlus's default: the first failing
 * input ends the part.
 */
import { compareOutput, FLOAT_ATOL, type CompareState } from '../src/lib/plus-compare.ts';
import {
  MarshalError,
  marshalHasNaN,
  packedValue,
  packValues,
  sameBytes,
  unmarshal,
  type PyValue,
} from '../src/lib/py-marshal.ts';
import type { PlusFailure, PlusRequest, PlusResult } from './protocol.ts';

/** Outputs longer than this are not sent back for display (the verdict does not need them). */
const ACTUAL_CAP = 64 * 1024;

/** What the runtime does in Python for a part. */
export interface PartHost {
  /** Exec the solution in the part's namespace; the exception's type when it raised. */
  exec(): { type: string } | undefined;
  /** The entry point is defined in the part's namespace. */
  hasEntryPoint(): boolean;
  /** plus.py's `plus_call`: its answer's bytes, or what raised out of it. */
  call(input: string, limitMs: number, keepArgs: boolean): Uint8Array | { raised: string };
  /** plus.py's `plus_args`. */
  args(): Uint8Array | { raised: string };
  heapBytes(): number;
}

/** A decoded answer of plus.py: an output, an exception, or nonsense (a tampered harness). */
type Answer =
  | { kind: 'value'; value: () => PyValue; bytes: Uint8Array; plain: boolean }
  | { kind: 'raised'; type: string; message?: string; timeout: boolean }
  | { kind: 'bad' };

const ZERO = 0x30;
const ONE = 0x31;
const TWO = 0x32;

function parse(bytes: Uint8Array): PyValue | undefined {
  try {
    return unmarshal(bytes);
  } catch (error) {
    if (error instanceof MarshalError) return undefined;
    throw error;
  }
}

function decode(answer: Uint8Array | { raised: string }): Answer {
  if (!(answer instanceof Uint8Array)) {
    const type = answer.raised;
    return {
      kind: 'raised',
      type: typeof type === 'string' ? type.slice(0, 256) : '',
      timeout: type === 'TimeoutException',
    };
  }
  if (answer.length === 0) return { kind: 'bad' };
  const bytes = answer.subarray(1);
  if (answer[0] === ZERO || answer[0] === TWO) {
    // Decoded only when compared: most outputs are byte for byte the expected one.
    let value: PyValue | undefined;
    const plain = answer[0] === TWO;
    return {
      kind: 'value',
      bytes,
      plain,
      value: () => {
        value ??= parse(bytes);
        if (!value) throw new MarshalError('bad output');
        return plain ? fromPlain(value) : value;
      },
    };
  }
  const value = parse(bytes);
  if (!value) return { kind: 'bad' };
  switch (answer[0]) {
    case ONE: {
      if (value.t !== 'tuple' || value.items.length !== 3) return { kind: 'bad' };
      const [type, message, timeout] = value.items;
      return {
        kind: 'raised',
        type: type.t === 'str' ? type.v.slice(0, 256) : '',
        ...(message.t === 'str' ? { message: message.v.slice(0, 2000) } : {}),
        timeout: timeout.t === 'bool' && timeout.v,
      };
    }
    default:
      return { kind: 'bad' };
  }
}

/** plus.py's `_plain` form back to values: `(StopIteration, name, base)` is a value of another type. */
function fromPlain(value: PyValue, depth = 0): PyValue {
  if (depth > 2000) return value;
  switch (value.t) {
    case 'tuple': {
      const [mark, name, base] = value.items;
      if (value.items.length === 3 && mark.t === 'other' && mark.type === 'StopIteration' && name.t === 'str') {
        return {
          t: 'other',
          type: name.v.slice(0, 256),
          ...(base.t === 'none' ? {} : { base: fromPlain(base, depth + 1) }),
        };
      }
      return { t: 'tuple', items: value.items.map((v) => fromPlain(v, depth + 1)) };
    }
    case 'list':
    case 'set':
    case 'frozenset':
      return { t: value.t, items: value.items.map((v) => fromPlain(v, depth + 1)) };
    case 'dict':
      return { t: 'dict', entries: value.entries.map(([k, v]) => [fromPlain(k, depth + 1), fromPlain(v, depth + 1)]) };
    default:
      return value;
  }
}

/**
 * EvalPlus's `is_floats(exp)` from the marshal bytes: a float, or a non-empty list or tuple whose
 * items are all floats, read item by item and stopping at the first that is not one (outputs of
 * ~10^5 items are common). A reference (`r`) is resolved by decoding.
 */
function expectedIsFloats(bytes: Uint8Array, value: () => PyValue): boolean {
  const type = String.fromCharCode(bytes[0] & 0x7f);
  if (type === 'g') return true;
  if (type !== '[' && type !== '(' && type !== ')') return false;
  let pos = type === ')' ? 2 : 5;
  const n = type === ')' ? bytes[1] : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(1, true);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const item = String.fromCharCode(bytes[pos] & 0x7f);
    if (item === 'r') {
      const v = value();
      return (v.t === 'list' || v.t === 'tuple') && v.items.length > 0 && v.items.every((x) => x.t === 'float');
    }
    if (item !== 'g') return false;
    pos += 9;
  }
  return true;
}

/** Run and judge one part; `progress` (shared with the pool) says which input is running. */
export function judgePart(request: PlusRequest, host: PartHost): Omit<PlusResult, 'heapBytes'> & { heapBytes: number } {
  const started = performance.now();
  const progress = request.progress;
  const mark = (value: number) => {
    if (progress) Atomics.store(progress, 0, value);
  };
  const base = { id: request.id, kind: 'plus' as const, slowestMs: 0, slowestIndex: -1 };
  const finish = (result: Partial<PlusResult> & Pick<PlusResult, 'status' | 'completed'>): PlusResult => ({
    ...base,
    ...result,
    durationMs: performance.now() - started,
    heapBytes: host.heapBytes(),
  });
  mark(0);
  const raised = host.exec();
  if (raised) return finish({ status: 'fail', completed: 0, moduleError: raised });
  if (!host.hasEntryPoint())
    return finish({ status: 'fail', completed: 0, moduleError: { type: 'KeyError', message: request.entryPoint } });
  const state: CompareState = { atol: request.atol };
  const outputs: Uint8Array[] = [];
  const expected = request.mode === 'sample' ? request.expected : undefined;
  if (request.mode === 'sample' && (!expected || expected.offsets.length !== request.inputs.length + 1)) {
    throw new Error('a sample part needs one expected output per input');
  }
  for (let i = 0; i < request.inputs.length; i++) {
    const limitMs = request.mode === 'sample' ? (request.inputLimitsMs?.[i] ?? 0) : 0;
    mark(2 * i + 1);
    const t0 = performance.now();
    const answer = decode(host.call(request.inputs[i], limitMs, request.findZero));
    const durationMs = performance.now() - t0;
    mark(2 * i + 2);
    if (durationMs > base.slowestMs) {
      base.slowestMs = durationMs;
      base.slowestIndex = i;
    }
    const pastLimit = limitMs > 0 && (durationMs >= limitMs || (answer.kind === 'raised' && answer.timeout));
    const fail = (failure: Omit<PlusFailure, 'index' | 'pastLimit' | 'durationMs'>) =>
      finish({ status: 'fail', completed: i + 1, failure: { index: i, pastLimit, durationMs, ...failure } });
    if (answer.kind === 'bad') return fail({ reason: 'bad output' });
    if (answer.kind === 'raised')
      return fail({
        reason: 'error',
        error: { type: answer.type, ...(answer.message !== undefined ? { message: answer.message } : {}) },
      });
    if (!expected) {
      if (answer.plain) return fail({ reason: 'bad output' }); // a canonical output of another type
      outputs.push(answer.bytes.slice());
      continue;
    }
    const actual = answer.bytes.length <= ACTUAL_CAP ? { actual: answer.bytes.slice() } : {};
    const expBytes = packedValue(expected, i);
    let expValue: PyValue | undefined;
    const exp = () => {
      if (!expValue) {
        expValue = parse(expBytes);
        if (!expValue) throw new Error(`expected output ${i} is not a marshalled value`);
      }
      return expValue;
    };
    let outcome;
    if (request.findZero) {
      const after = decode(host.args());
      if (after.kind !== 'value') return fail({ reason: 'oracle' });
      try {
        outcome = compareOutput(answer.value(), exp(), state, { args: after.value() });
      } catch {
        return fail({ reason: 'bad output' });
      }
    } else if (!answer.plain && sameBytes(answer.bytes, expBytes) && !marshalHasNaN(expBytes)) {
      // The same built-in value: `out == exp` holds; only the sticky atol needs the expected value's type.
      if (state.atol === 0 && expectedIsFloats(expBytes, exp)) state.atol = FLOAT_ATOL;
      outcome = { ok: true as const };
    } else {
      let out: PyValue;
      try {
        out = answer.value();
      } catch {
        return fail({ reason: 'bad output' });
      }
      outcome = compareOutput(out, exp(), state);
    }
    if (!outcome.ok) return fail({ reason: outcome.why, ...actual });
    // An input that returned after its limit passes only if the limit's exception never reached it:
    // EvalPlus's alarm would have fired inside the call.
    if (pastLimit) return fail({ reason: 'error', error: { type: 'TimeoutException' }, ...actual });
  }
  return finish({
    status: 'pass',
    completed: request.inputs.length,
    ...(expected ? {} : { outputs: packValues(outputs) }),
  });
}
