import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countPerTask, estimatePassAtK, numpyMean, numpySum, passAtK } from '../../../src/lib/pass-at-k.ts';
import { parseSamples } from '../../../src/lib/samples.ts';
import { EXAMPLE_SAMPLES_PATH, readText } from './data-paths.ts';

// Expected values come from tests/fixtures/gen_pass_at_k.py (CPython floats, numpy's semantics).
interface Fixture {
  lcg: { multiplier: number; modulus: number; scales: number[] };
  estimates: [n: number, c: number, k: number, expected: number, exact: number][];
  means: { seed: number; length: number; scale: number; sum: number; mean: number; naiveSum: number; exactMean: number }[];
}
const fixture: Fixture = JSON.parse(readFileSync(new URL('../../fixtures/pass-at-k.json', import.meta.url), 'utf8'));

/** The generator's Park-Miller sequence, reproduced exactly (products stay below 2^53). */
function lcgArray(seed: number, length: number, scale: number): number[] {
  const { multiplier, modulus } = fixture.lcg;
  const out: number[] = [];
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * multiplier) % modulus;
    out.push(state / modulus / scale);
  }
  return out;
}

const naiveSum = (a: number[]) => a.reduce((s, x) => s + x, 0);

describe('estimatePassAtK', () => {
  it('matches the reference bit for bit on 1000 random (n, c, k)', () => {
    const mismatches = fixture.estimates.filter(([n, c, k, expected]) => !Object.is(estimatePassAtK(n, c, k), expected));
    expect(fixture.estimates).toHaveLength(1000);
    expect(mismatches).toEqual([]);
  });

  it('stays within 1e-14 of the exact 1 - C(n-c,k)/C(n,k)', () => {
    for (const [n, c, k, , exact] of fixture.estimates) {
      expect(Math.abs(estimatePassAtK(n, c, k) - exact)).toBeLessThan(1e-14);
    }
  });

  it('returns 1.0 when n - c < k and 0.0 when nothing passed', () => {
    expect(estimatePassAtK(5, 5, 1)).toBe(1);
    expect(estimatePassAtK(5, 1, 10)).toBe(1);
    expect(Object.is(estimatePassAtK(5, 0, 1), 0)).toBe(true);
    expect(estimatePassAtK(10, 1, 1)).toBe(0.09999999999999998);
  });

  it('rejects impossible counts', () => {
    expect(() => estimatePassAtK(3, 4, 1)).toThrow(/cannot exceed n/);
    expect(() => estimatePassAtK(3, 1, 0)).toThrow(RangeError);
    expect(() => estimatePassAtK(3.5, 1, 1)).toThrow(RangeError);
    expect(() => estimatePassAtK(3, -1, 1)).toThrow(RangeError);
  });
});

describe('numpy pairwise mean', () => {
  it('matches numpy\'s pairwise sum and mean bit for bit on 200 arrays of length 1..1000', () => {
    const lengths = new Set(fixture.means.map((m) => m.length));
    for (const n of [1, 7, 8, 9, 128, 129, 256, 1000]) expect(lengths.has(n)).toBe(true);
    for (const m of fixture.means) {
      const a = lcgArray(m.seed, m.length, fixture.lcg.scales[m.scale]);
      expect(naiveSum(a)).toBe(m.naiveSum); // the regenerated array is the generator's array
      expect(Object.is(numpySum(a), m.sum)).toBe(true);
      expect(Object.is(numpyMean(a), m.mean)).toBe(true);
      expect(Math.abs(m.mean - m.exactMean)).toBeLessThanOrEqual(Math.abs(m.exactMean) * 1e-12);
    }
  });

  it('differs from a naive running sum, so the port matters', () => {
    const differing = fixture.means.filter((m) => m.sum !== m.naiveSum);
    expect(differing.length).toBeGreaterThan(50);
    for (const m of differing) {
      const a = lcgArray(m.seed, m.length, fixture.lcg.scales[m.scale]);
      expect(numpySum(a)).not.toBe(naiveSum(a));
    }
  });

  it('is a plain sum below 8 values and NaN when empty', () => {
    expect(numpySum([0.1, 0.2, 0.3])).toBe(0.1 + 0.2 + 0.3);
    expect(numpyMean([])).toBeNaN();
  });
});

describe('passAtK', () => {
  it('gives the reference golden {pass@1: 0.4999999999999999} on the example samples', () => {
    const { samples } = parseSamples(readText(EXAMPLE_SAMPLES_PATH), ['test/0']);
    // The reference's verdicts, in file order: subprocess (None), sleep(10) (timed out), input() fail;
    // the three `return 1` variants pass.
    const passed = [false, false, false, true, true, true];
    const perTask = countPerTask(samples.map((s, i) => ({ task_id: s.task_id, passed: passed[i] })));
    expect(perTask).toEqual([{ task_id: 'test/0', n: 6, c: 3 }]);
    const { values, omitted } = passAtK(perTask, [1, 10, 100]);
    expect(values).toEqual({ 'pass@1': 0.4999999999999999 });
    expect(Object.is(values['pass@1'], 0.4999999999999999)).toBe(true);
    expect(omitted.map((o) => [o.k, o.reason, o.tasksWithFewerSamples])).toEqual([
      [10, '1 of 1 tasks have fewer than 10 samples', ['test/0']],
      [100, '1 of 1 tasks have fewer than 100 samples', ['test/0']],
    ]);
  });

  it('weights tasks equally and reports k in the order given, once each', () => {
    const perTask = [
      { task_id: 'a', n: 10, c: 10 },
      { task_id: 'b', n: 20, c: 0 },
    ];
    const { values, omitted } = passAtK(perTask, [10, 1, 10]);
    expect(Object.keys(values)).toEqual(['pass@10', 'pass@1']);
    expect(values['pass@1']).toBe(0.5);
    expect(omitted).toEqual([]);
  });

  it('omits a k when any task is short, naming the tasks', () => {
    const perTask = [
      { task_id: 'a', n: 5, c: 1 },
      { task_id: 'b', n: 1, c: 1 },
      { task_id: 'c', n: 3, c: 0 },
    ];
    const { values, omitted } = passAtK(perTask, [1, 2, 5]);
    expect(Object.keys(values)).toEqual(['pass@1']);
    expect(omitted.map((o) => o.tasksWithFewerSamples)).toEqual([['b'], ['b', 'c']]);
    expect(passAtK([], [1]).omitted[0].reason).toBe('no tasks have samples');
  });
});
