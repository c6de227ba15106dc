/**
 * EvalPlus's comparison (evalplus master 26d6d00, `evalplus/eval/__init__.py:156-205`) on hand-made
 * cases: Python's `==`, the sticky atol, the exact-type rule, numpy's allclose and the find_zero
 * oracle. Expected behaviour is CPython 3.11 + numpy 2's, as stated per case.
 */
import { describe, expect, it } from 'vitest';
import {
  allclose,
  compareOutput,
  findZeroValue,
  isFloats,
  pyEquals,
  type CompareState,
} from '../../../src/lib/plus-compare.ts';
import type { PyValue } from '../../../src/lib/py-marshal.ts';
import { formatPlusLine, inputLimitsMs, partCapMs, plusPassAtK, pyFixed3 } from '../../../src/lib/plus.ts';

const i = (v: number | bigint): PyValue => ({ t: 'int', v: BigInt(v) });
const f = (v: number): PyValue => ({ t: 'float', v });
const b = (v: boolean): PyValue => ({ t: 'bool', v });
const s = (v: string): PyValue => ({ t: 'str', v });
const L = (...items: PyValue[]): PyValue => ({ t: 'list', items });
const T = (...items: PyValue[]): PyValue => ({ t: 'tuple', items });
const D = (...entries: [PyValue, PyValue][]): PyValue => ({ t: 'dict', entries });
const NONE: PyValue = { t: 'none' };

describe("Python's ==", () => {
  it('1 == 1.0 == True, but a list is never a tuple', () => {
    expect(pyEquals(i(1), f(1))).toBe(true);
    expect(pyEquals(b(true), i(1))).toBe(true);
    expect(pyEquals(b(true), f(1))).toBe(true);
    expect(pyEquals(L(i(1)), T(i(1)))).toBe(false);
    expect(pyEquals(L(i(1), f(2)), L(f(1), i(2)))).toBe(true);
  });
  it('int == float is exact, NaN equals nothing', () => {
    expect(pyEquals(i(2n ** 53n + 1n), f(2 ** 53))).toBe(false);
    expect(pyEquals(i(2n ** 53n), f(2 ** 53))).toBe(true);
    expect(pyEquals(f(NaN), f(NaN))).toBe(false);
    expect(pyEquals(f(0), f(-0))).toBe(true);
  });
  it('dicts and sets compare by hash-equal keys', () => {
    expect(pyEquals(D([i(1), s('a')]), D([f(1), s('a')]))).toBe(true);
    expect(pyEquals(D([i(5), s('a')]), D([s('5'), s('a')]))).toBe(false);
    expect(pyEquals({ t: 'set', items: [i(1), i(2)] }, { t: 'frozenset', items: [f(2), b(true)] })).toBe(true);
  });
  it('a value of another type compares by its built-in base only', () => {
    expect(pyEquals({ t: 'other', type: 'Point', base: T(i(1), i(2)) }, T(i(1), i(2)))).toBe(true);
    expect(pyEquals({ t: 'other', type: 'AlwaysEqual' }, f(1))).toBe(false);
  });
});

describe('compareOutput: exact match, sticky atol, exact type, allclose', () => {
  const fresh = (atol = 0): CompareState => ({ atol });
  it('is_floats: a float, or a non-empty list/tuple of floats only', () => {
    expect(isFloats(f(1))).toBe(true);
    expect(isFloats(L(f(1), f(2)))).toBe(true);
    expect(isFloats(L())).toBe(false);
    expect(isFloats(L(f(1), i(2)))).toBe(false);
    expect(isFloats(b(true))).toBe(false);
  });
  it('a float expected output switches atol to 1e-6, and it stays for later ints (sticky)', () => {
    const state = fresh();
    // Before any float: a huge int off by one fails (atol 0 means exact).
    expect(compareOutput(L(i(10000001)), L(i(10000000)), state)).toEqual({ ok: false, why: 'value' });
    expect(state.atol).toBe(0);
    expect(compareOutput(f(0.5 + 1e-9), f(0.5), state).ok).toBe(true);
    expect(state.atol).toBe(1e-6);
    // Now |1| <= 1e-6 + 1e-7 * 10000000: the same mismatch passes, as in EvalPlus's child.
    expect(compareOutput(L(i(10000001)), L(i(10000000)), state).ok).toBe(true);
    expect(compareOutput(L(i(10000002)), L(i(10000000)), state)).toEqual({ ok: false, why: 'tolerance' });
  });
  it('the exact type decides once the tolerance applies: an int for a float passes only if equal', () => {
    const state = fresh(1e-6);
    expect(compareOutput(i(1), f(1), state).ok).toBe(true);
    expect(compareOutput(i(1), f(1 + 1e-9), state)).toEqual({ ok: false, why: 'type' });
    expect(compareOutput(f(1), f(1 + 1e-9), state).ok).toBe(true);
    expect(compareOutput({ t: 'other', type: 'float64', base: f(1) }, f(1 + 1e-12), state)).toEqual({
      ok: false,
      why: 'type',
    });
    expect(compareOutput(T(f(1)), L(f(1 + 1e-9)), state)).toEqual({ ok: false, why: 'type' });
    expect(compareOutput(L(f(1)), L(f(1), f(2)), state)).toEqual({ ok: false, why: 'length' });
  });
  it('the dataset atol (HumanEval/2, /4: 1e-6) with rtol 1e-7', () => {
    expect(compareOutput(f(100 + 1.05e-5), f(100), fresh(1e-6)).ok).toBe(true); // 1e-6 + 1e-5
    expect(compareOutput(f(100 + 1.2e-5), f(100), fresh(1e-6)).ok).toBe(false);
  });
  it('NaN never matches; an infinity matches only itself', () => {
    expect(compareOutput(f(NaN), f(NaN), fresh(1e-6)).ok).toBe(false);
    expect(compareOutput(f(Infinity), f(Infinity), fresh(1e-6)).ok).toBe(true);
    expect(compareOutput(f(-Infinity), f(Infinity), fresh(1e-6)).ok).toBe(false);
  });
  it('strings, None and ragged lists on the tolerance path fail (numpy raises)', () => {
    const state = fresh(1e-6);
    expect(compareOutput(s('a'), s('b'), state).ok).toBe(false);
    expect(compareOutput(L(f(1), NONE), L(f(1 + 1e-9), NONE), state).ok).toBe(false);
    expect(compareOutput(L(L(f(1), f(2)), L(f(3))), L(L(f(1), f(2)), L(f(3), f(4))), state).ok).toBe(false);
  });
});

describe("numpy's allclose", () => {
  it('broadcasts: shapes (1,1) and (1,0) give an empty, true result', () => {
    expect(allclose(L(L(f(1))), L(L()), 1e-7, 1e-6)).toBe(true);
    expect(allclose(L(L(f(1), f(2))), L(L(f(1)), L(f(2))), 1e-7, 1e-6)).toBe(false);
    expect(allclose(L(f(1), f(2)), L(L(f(1), f(2)), L(f(1), f(2))), 1e-7, 1e-6)).toBe(true);
    expect(allclose(L(f(1), f(2), f(3)), L(f(1), f(2)), 1e-7, 1e-6)).toBe(false);
  });
  it('bools are numbers; expected ints beyond 64 bits make an object array, which fails', () => {
    expect(allclose(L(b(true), b(false)), L(f(1), f(0)), 1e-7, 1e-6)).toBe(true);
    expect(allclose(L(i(2n ** 70n)), L(i(2n ** 70n + 1n)), 1e-7, 1e-6)).toBe(false);
    expect(allclose(i(2n ** 70n + 1n), i(2n ** 70n), 1e-7, 1e-6)).toBe(true); // scalars become floats
  });
});

describe('the find_zero oracle', () => {
  it('judges the list after the call: zeroed coefficients and 0.0 pass', () => {
    const state: CompareState = { atol: 1e-4 };
    expect(compareOutput(f(0), f(-2.3), state, { args: L(L(i(0), i(0), i(0))) }).ok).toBe(true);
    expect(compareOutput(f(0), f(-2.3), state, { args: L(L(i(1), i(2))) })).toEqual({ ok: false, why: 'oracle' });
    // A root within atol passes whatever the canonical solution returned.
    expect(compareOutput(f(-0.5), f(99), state, { args: L(L(i(1), i(2))) }).ok).toBe(true);
  });
  it('None or a complex number fails (math.pow raises)', () => {
    expect(findZeroValue(L(i(1), i(2)), NONE)).toBeUndefined();
    expect(findZeroValue(L(i(1), i(2)), { t: 'complex', re: 0, im: 1 })).toBeUndefined();
    expect(findZeroValue(L(), f(3))).toBe(0);
    expect(findZeroValue(L(i(0), i(0), i(1)), f(1e200))).toBeUndefined(); // math.pow(1e200, 2) raises OverflowError
  });
});

describe('limits and pass@k as EvalPlus master', () => {
  it('4 s per input, min(60, sum) + 1 s per part', () => {
    expect(inputLimitsMs(3)).toEqual([4000, 4000, 4000]);
    expect(partCapMs(inputLimitsMs(1))).toBe(5000);
    expect(partCapMs(inputLimitsMs(748))).toBe(61000);
  });
  it('prints three decimals rounded half to even, as f"{v:.3f}"', () => {
    expect(pyFixed3(0.0625)).toBe('0.062');
    expect(pyFixed3(0.1875)).toBe('0.188');
    expect(pyFixed3(163 / 164)).toBe('0.994');
    expect(formatPlusLine('pass@1', 0.5)).toBe('pass@1:\t0.500');
  });
  it('keeps k only when every task has n >= k', () => {
    expect(
      plusPassAtK([
        { n: 2, c: 1 },
        { n: 10, c: 10 },
      ]),
    ).toEqual({ 'pass@1': 0.75 });
  });
});
