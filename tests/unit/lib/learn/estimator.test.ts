import { describe, expect, it } from 'vitest';
import { estimatePassAtK } from '../../../../src/lib/pass-at-k.ts';
import {
  binomialBig,
  binomialFactorialFloat,
  binomialProductFloat,
  exactPassAtK,
  formatBigScientific,
  MAX_EXACT_FLOAT,
  ratioToNumber,
} from '../../../../src/lib/learn/binomial.ts';
import { productTerms } from '../../../../src/lib/learn/formulas.ts';
import { fixture, relativeError } from './fixture.ts';

describe("the reference's estimator against exact values from Python", () => {
  it('agrees within 1e-12 relative on 1,000 random (n, c, k)', () => {
    expect(fixture.estimates).toHaveLength(1000);
    let worst = 0;
    for (const [n, c, k, exact] of fixture.estimates) {
      const err = relativeError(estimatePassAtK(n, c, k), exact);
      if (err > 1e-12) throw new Error(`n=${n} c=${c} k=${k}: ${estimatePassAtK(n, c, k)} vs ${exact}`);
      worst = Math.max(worst, err);
    }
    // Not exact: the product rounds at every step (otherwise this test would show nothing).
    expect(worst).toBeGreaterThan(0);
  });

  it('gives exactly 1 whenever k > n - c', () => {
    for (const [n, c, k, exact] of fixture.estimates.filter(([n, c, k]) => k > n - c)) {
      expect(exact).toBe(1);
      expect(estimatePassAtK(n, c, k)).toBe(1);
    }
  });
});

describe('exact binomials with BigInt', () => {
  it("match Python's math.comb", () => {
    for (const [n, k, digits] of fixture.binomials) expect(binomialBig(n, k).toString()).toBe(digits);
    expect(binomialBig(5, 7)).toBe(0n);
    expect(binomialBig(0, 0)).toBe(1n);
  });

  it('show why floats fail: C(200, 100) is past 2^53 and 200! overflows', () => {
    const exact = binomialBig(200, 100);
    expect(exact > MAX_EXACT_FLOAT).toBe(true);
    expect(formatBigScientific(exact)).toBe('9.05e58');
    expect(binomialFactorialFloat(200, 100)).toBeNaN(); // Infinity / Infinity
    expect(binomialFactorialFloat(170, 85)).toBeGreaterThan(0);
    const product = binomialProductFloat(200, 100);
    expect(Number.isFinite(product)).toBe(true);
    expect(BigInt(product)).not.toBe(exact); // rounded: the float cannot hold all 59 digits
    expect(binomialProductFloat(20, 10)).toBe(184756);
  });

  it('round ratios once, to the nearest float', () => {
    expect(ratioToNumber(1n, 3n)).toBe(1 / 3);
    expect(ratioToNumber(2n, 3n)).toBe(2 / 3);
    expect(ratioToNumber(0n, 7n)).toBe(0);
    expect(ratioToNumber(10n ** 400n, 3n * 10n ** 400n)).toBe(1 / 3);
  });

  it('exact 1 - C(n-c,k)/C(n,k) equals Python\'s correctly rounded Fraction', () => {
    for (const [n, c, k, exact] of fixture.estimates) expect(exactPassAtK(n, c, k)).toBe(exact);
  });
});

describe('the product form', () => {
  it('has terms 1 - k/i for i = n-c+1..n whose product is C(n-c,k)/C(n,k)', () => {
    const terms = productTerms(10, 3, 5);
    expect(terms.map((t) => t.i)).toEqual([8, 9, 10]);
    expect(terms.map((t) => t.term)).toEqual([1 - 5 / 8, 1 - 5 / 9, 1 - 5 / 10]);
    // C(7,5)/C(10,5) = 21/252 = 1/12.
    expect(terms[2].running).toBeCloseTo(1 / 12, 15);
    expect(1 - terms[2].running).toBe(estimatePassAtK(10, 3, 5));
    expect(estimatePassAtK(10, 3, 5)).toBe(0.9166666666666666);
  });

  it('matches the exact BigInt ratio at n = 200 where the binomials themselves do not fit', () => {
    for (const [c, k] of [[1, 1], [10, 100], [50, 100], [100, 100], [3, 150]]) {
      const terms = productTerms(200, c, k);
      expect(relativeError(1 - terms[terms.length - 1].running, exactPassAtK(200, c, k))).toBeLessThan(1e-12);
    }
  });

  it('is empty when k > n - c', () => {
    expect(productTerms(10, 3, 8)).toEqual([]);
  });
});
