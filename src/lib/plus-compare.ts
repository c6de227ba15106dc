/**
 * EvalPlus's comparison of one output with the expected one (evalplus master 26d6d00,
 * `evalplus/eval/__init__.py:156-205`), on values read from marshal (src/lib/py-marshal.ts), so the
 * sample's own `__eq__`, `isinstance` or `math.isclose` never take part:
 *
 * 1. `out == exp`, Python's `==` on built-in values (1 == 1.0 == True, a list never equals a tuple);
 * 2. for `find_zero`, `abs(_poly(xs, out)) <= atol` on the argument list after the call, and nothing else;
 * 3. `atol = 1e-6` from the first input whose expected value is floats on, for the rest of the part
 *    (the "sticky" rule: EvalPlus reassigns its parameter);
 * 4. if not equal and `atol != 0`: the exact type, the length of a list or tuple, and
 *    `np.allclose(out, exp, rtol=1e-7, atol)`, reproduced here without numpy.
 */
import type { PyValue } from './py-marshal.ts';

export const RTOL = 1e-7;
export const FLOAT_ATOL = 1e-6;

/** Why an input failed, for the rich result. */
export type Mismatch = 'value' | 'type' | 'length' | 'tolerance' | 'oracle';

/** The comparison state of one part: the atol in force (sticky). */
export interface CompareState {
  atol: number;
}

export type CompareOutcome = { ok: true } | { ok: false; why: Mismatch };

const FALSE = (why: Mismatch): CompareOutcome => ({ ok: false, why });
const OK: CompareOutcome = { ok: true };

/** A numeric value as Python sees it, or undefined for anything that is not a number. */
type Num = { k: 'int'; v: bigint } | { k: 'float'; v: number } | { k: 'complex'; re: number; im: number };

function numeric(x: PyValue): Num | undefined {
  switch (x.t) {
    case 'bool':
      return { k: 'int', v: x.v ? 1n : 0n };
    case 'int':
      return { k: 'int', v: x.v };
    case 'float':
      return { k: 'float', v: x.v };
    case 'complex':
      return { k: 'complex', re: x.re, im: x.im };
    default:
      return undefined;
  }
}

/** Python's exact int == float. */
function intEqFloat(i: bigint, f: number): boolean {
  return Number.isFinite(f) && Number.isInteger(f) && BigInt(f) === i;
}

function realEq(a: Num & { k: 'int' | 'float' }, b: Num & { k: 'int' | 'float' }): boolean {
  if (a.k === 'int' && b.k === 'int') return a.v === b.v;
  if (a.k === 'float' && b.k === 'float') return a.v === b.v;
  return a.k === 'int' ? intEqFloat(a.v, b.v as number) : intEqFloat(b.v as bigint, a.v);
}

function numEq(a: Num, b: Num): boolean {
  if (a.k === 'complex' || b.k === 'complex') {
    const [c, d] = a.k === 'complex' ? [a, b] : [b as Num & { k: 'complex' }, a];
    if (d.k === 'complex') return c.re === d.re && c.im === d.im;
    return c.im === 0 && realEq({ k: 'float', v: c.re }, d);
  }
  return realEq(a, b);
}

/**
 * The key a value hashes to among equal values (Python: `hash(1) == hash(1.0) == hash(True)`),
 * so dict and set equality can look keys up; undefined for a value that is unhashable or equals
 * nothing but itself (NaN).
 */
export function hashKey(x: PyValue): string | undefined {
  const n = numeric(x);
  if (n) {
    if (n.k === 'int') return `n${n.v}`;
    const [re, im] = n.k === 'float' ? [n.v, 0] : [n.re, n.im];
    if (Number.isNaN(re) || Number.isNaN(im)) return undefined;
    const real = Number.isInteger(re) ? `n${BigInt(re)}` : `f${re}`;
    return im === 0 ? real : `c${real},${im}`;
  }
  switch (x.t) {
    case 'none':
      return 'N';
    case 'ellipsis':
      return 'E';
    case 'str':
      return `s${x.v}`;
    case 'bytes':
      return `b${x.v}`;
    case 'tuple': {
      const keys = x.items.map(hashKey);
      return keys.every((k) => k !== undefined) ? `t(${keys.map((k) => `${k!.length}:${k}`).join('')})` : undefined;
    }
    case 'frozenset': {
      const keys = x.items.map(hashKey);
      return keys.every((k) => k !== undefined)
        ? `z(${[...new Set(keys as string[])]
            .sort()
            .map((k) => `${k.length}:${k}`)
            .join('')})`
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Python's `a == b` for built-in values; a value of another type is compared by its built-in base, if any. */
export function pyEquals(a: PyValue, b: PyValue, depth = 0): boolean {
  // CPython would raise RecursionError (a failure) comparing structures this deep.
  if (depth > 1000) throw new RangeError('maximum recursion depth exceeded in comparison');
  if (a.t === 'other') return a.base !== undefined && pyEquals(a.base, b, depth + 1);
  if (b.t === 'other') return b.base !== undefined && pyEquals(a, b.base, depth + 1);
  const na = numeric(a);
  const nb = numeric(b);
  if (na || nb) return na !== undefined && nb !== undefined && numEq(na, nb);
  switch (a.t) {
    case 'none':
    case 'ellipsis':
      return b.t === a.t;
    case 'str':
    case 'bytes':
      return b.t === a.t && a.v === (b as { v: string }).v;
    case 'list':
    case 'tuple': {
      if (b.t !== a.t || a.items.length !== b.items.length) return false;
      return a.items.every((item, i) => pyEquals(item, b.items[i], depth + 1));
    }
    case 'set':
    case 'frozenset': {
      if (b.t !== 'set' && b.t !== 'frozenset') return false;
      const ka = new Set(a.items.map(hashKey));
      const kb = new Set(b.items.map(hashKey));
      if (ka.size !== kb.size || ka.has(undefined) || kb.has(undefined)) return false;
      for (const k of ka) if (!kb.has(k)) return false;
      return true;
    }
    case 'dict': {
      if (b.t !== 'dict') return false;
      const ma = dictMap(a.entries);
      const mb = dictMap(b.entries);
      if (!ma || !mb || ma.size !== mb.size) return false;
      for (const [k, v] of ma) {
        const w = mb.get(k);
        if (w === undefined || !pyEquals(v, w, depth + 1)) return false;
      }
      return true;
    }
  }
  return false;
}

/** A dict's entries by hash key (the last value of a repeated key wins, as when Python builds it). */
function dictMap(entries: readonly [PyValue, PyValue][]): Map<string, PyValue> | undefined {
  const map = new Map<string, PyValue>();
  for (const [k, v] of entries) {
    const key = hashKey(k);
    if (key === undefined) return undefined;
    map.set(key, v);
  }
  return map;
}

/** EvalPlus's `is_floats`: a float, or a non-empty list or tuple of floats only (bool is not a float). */
export function isFloats(x: PyValue): boolean {
  if (x.t === 'float') return true;
  if ((x.t === 'list' || x.t === 'tuple') && x.items.length > 0) return x.items.every((i) => i.t === 'float');
  return false;
}

/** `type(x)`, as a name that only the same exact type shares. */
function typeOf(x: PyValue): string {
  return x.t === 'other' ? `other:${x.type}` : x.t;
}

/** Raised where numpy raises (ragged arrays, strings, objects): the input fails. */
class NumpyError extends Error {}

/** An array as numpy would build it from a Python value: shape, and every element as a complex number. */
interface NdArray {
  shape: number[];
  re: number[];
  im: number[];
  /** numpy would make an object array (ints beyond 64 bits): fine as `x`, an error as `y` (`isfinite`). */
  object: boolean;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_END = 2n ** 64n;

function toFloat(v: bigint): number {
  const f = Number(v);
  // Python's int → float conversion (and numpy's) refuses what does not fit.
  if (!Number.isFinite(f)) throw new NumpyError('int too large to convert to float');
  return f;
}

/** `np.asanyarray(x)` for a nested list/tuple of numbers (or a scalar), or NumpyError. */
function asArray(x: PyValue): NdArray {
  const shape: number[] = [];
  const leaves: Num[] = [];
  const walk = (v: PyValue, level: number): void => {
    const value = v.t === 'other' && v.base ? v.base : v;
    if (value.t === 'list' || value.t === 'tuple') {
      if (level === shape.length) {
        if (leaves.length > 0) throw new NumpyError('inhomogeneous shape');
        shape.push(value.items.length);
      } else if (level > shape.length || shape[level] !== value.items.length)
        throw new NumpyError('inhomogeneous shape');
      for (const item of value.items) walk(item, level + 1);
      return;
    }
    if (level !== shape.length) throw new NumpyError('inhomogeneous shape');
    const n = numeric(value);
    // A string, None, a dict…: numpy makes a string or object array whose arithmetic raises.
    if (!n) throw new NumpyError(`unsupported element ${value.t}`);
    leaves.push(n);
  };
  walk(x, 0);
  let object = false;
  const anyFloat = leaves.some((n) => n.k !== 'int');
  const ints = leaves.filter((n): n is Num & { k: 'int' } => n.k === 'int');
  if (
    shape.length > 0 &&
    !anyFloat &&
    ints.some((n) => n.v < INT64_MIN || n.v >= UINT64_END || (n.v >= -INT64_MIN && ints.some((m) => m.v < 0n)))
  )
    object = true;
  const re: number[] = [];
  const im: number[] = [];
  for (const n of leaves) {
    if (n.k === 'complex') {
      re.push(n.re);
      im.push(n.im);
    } else {
      re.push(n.k === 'int' ? toFloat(n.v) : n.v);
      im.push(0);
    }
  }
  return { shape, re, im, object };
}

function broadcast(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new NumpyError('operands could not be broadcast together');
    out.push(x === 1 ? y : x);
  }
  return out;
}

function flatIndex(index: number[], shape: number[]): number {
  let flat = 0;
  const offset = index.length - shape.length;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i] + (shape[i] === 1 ? 0 : index[offset + i]);
  return flat;
}

/**
 * `np.allclose(out, exp, rtol, atol)`: elementwise `(|x - y| <= atol + rtol * |y| and isfinite(y))
 * or x == y` with numpy's broadcasting, in float64 (numpy turns `y` into floats first). False where
 * numpy raises.
 */
export function allclose(out: PyValue, exp: PyValue, rtol: number, atol: number): boolean {
  let x: NdArray;
  let y: NdArray;
  try {
    x = asArray(out);
    y = asArray(exp);
    if (y.object) return false;
  } catch (error) {
    if (error instanceof NumpyError) return false;
    throw error;
  }
  let shape: number[];
  try {
    shape = broadcast(x.shape, y.shape);
  } catch {
    return false;
  }
  const total = shape.reduce((a, b) => a * b, 1);
  const index = new Array<number>(shape.length).fill(0);
  for (let n = 0; n < total; n++) {
    const i = flatIndex(index, x.shape);
    const j = flatIndex(index, y.shape);
    const [xr, xi, yr, yi] = [x.re[i], x.im[i], y.re[j], y.im[j]];
    const diff = Math.hypot(xr - yr, xi - yi);
    const absY = Math.hypot(yr, yi);
    const finite = Number.isFinite(yr) && Number.isFinite(yi);
    const close = (diff <= atol + rtol * (yi === 0 ? Math.abs(yr) : absY) && finite) || (xr === yr && xi === yi);
    if (!close) return false;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return true;
}

/** `_poly(xs, x)` of EvalPlus's find_zero oracle: `sum([coeff * math.pow(x, i) for i, coeff in enumerate(xs)])`. */
export function findZeroValue(xs: PyValue, x: PyValue): number | undefined {
  const list = xs.t === 'other' && xs.base ? xs.base : xs;
  const point = x.t === 'other' && x.base ? x.base : x;
  if (list.t !== 'list' && list.t !== 'tuple') return undefined;
  const px = numeric(point);
  if (!px || px.k === 'complex') return undefined; // math.pow takes real numbers only
  let xf: number;
  try {
    xf = px.k === 'int' ? toFloat(px.v) : px.v;
  } catch {
    return undefined;
  }
  // `sum` starts from the int 0; CPython 3.11 (EvalPlus's Docker image) adds floats left to right.
  let total: number | bigint = 0n;
  for (let i = 0; i < list.items.length; i++) {
    const coeff = numeric(list.items[i]);
    if (!coeff || coeff.k === 'complex') return undefined;
    const power = Math.pow(xf, i);
    // math.pow raises OverflowError where a finite base gives an infinite result.
    if (!Number.isFinite(power) && Number.isFinite(xf)) return undefined;
    let c: number;
    try {
      c = coeff.k === 'int' ? toFloat(coeff.v) : coeff.v;
    } catch {
      return undefined;
    }
    total = Number(total) + c * power;
  }
  return Number(total);
}

/**
 * One input of a part: the comparison EvalPlus makes, in its order. `state.atol` starts as the
 * task's atol and is updated in place (the sticky rule). `args` is the argument list after the call
 * (find_zero only).
 */
export function compareOutput(
  out: PyValue,
  exp: PyValue,
  state: CompareState,
  findZero?: { args: PyValue },
): CompareOutcome {
  let exact: boolean;
  try {
    exact = pyEquals(out, exp);
  } catch {
    return FALSE('value');
  }
  if (findZero) {
    const args = findZero.args;
    if (args.t !== 'list' && args.t !== 'tuple') return FALSE('oracle');
    if (args.items.length !== 1) return FALSE('oracle'); // _poly(*inp, out) takes exactly two arguments
    const value = findZeroValue(args.items[0], out);
    return value !== undefined && Math.abs(value) <= state.atol ? OK : FALSE('oracle');
  }
  if (state.atol === 0 && isFloats(exp)) state.atol = FLOAT_ATOL;
  if (!exact && state.atol !== 0) {
    if (typeOf(out) !== typeOf(exp)) return FALSE('type');
    if ((exp.t === 'list' || exp.t === 'tuple') && (out as { items: PyValue[] }).items.length !== exp.items.length)
      return FALSE('length');
    return allclose(out, exp, RTOL, state.atol) ? OK : FALSE('tolerance');
  }
  return exact ? OK : FALSE('value');
}
