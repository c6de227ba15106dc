import { describe, expect, it } from 'vitest';
import { estimatePassAtK } from '../../../../src/lib/pass-at-k.ts';
import { estimatorCurve, expectedEstimates, naivePassAtK, tableKs } from '../../../../src/lib/learn/formulas.ts';
import { formatBigScientific } from '../../../../src/lib/learn/binomial.ts';
import { formatFixed, formatFloat, formatSigned } from '../../../../src/lib/learn/format.ts';
import { fixture, relativeError } from './fixture.ts';

describe('naive 1 - (1 - c/n)^k', () => {
  it('matches hand-computed values', () => {
    // 1 - 0.7^5 = 1 - 16807/100000.
    expect(naivePassAtK(10, 3, 5)).toBeCloseTo(0.83193, 15);
    expect(naivePassAtK(4, 2, 2)).toBe(0.75);
    expect(naivePassAtK(5, 0, 3)).toBe(0);
    expect(naivePassAtK(5, 5, 3)).toBe(1);
  });

  it("matches Python's exact fractions within 1e-12 relative", () => {
    for (const [n, c, k, exact] of fixture.naive) expect(relativeError(naivePassAtK(n, c, k), exact)).toBeLessThan(1e-12);
  });

  it('never exceeds the unbiased estimate, and equals it at k = 1', () => {
    for (const p of estimatorCurve(30, 7)) {
      expect(p.gap).toBeGreaterThanOrEqual(-1e-15);
      expect(p.unbiased).toBe(estimatePassAtK(30, 7, p.k));
    }
    expect(estimatorCurve(30, 7)[0].gap).toBeCloseTo(0, 15);
  });
});

describe('expected estimates over c ~ Binomial(n, p)', () => {
  it('the unbiased estimator averages to the truth; the naive one falls short (Python, exact)', () => {
    for (const { n, p, k, truth, naiveMean } of fixture.bias) {
      const e = expectedEstimates(n, p, k);
      expect(relativeError(e.truth, truth)).toBeLessThan(1e-12);
      expect(relativeError(e.unbiasedMean, truth)).toBeLessThan(1e-12);
      expect(relativeError(e.naiveMean, naiveMean)).toBeLessThan(1e-12);
      expect(e.naiveMean).toBeLessThan(e.truth);
    }
  });

  it('handles p = 0 and p = 1, and n = 200 without overflow', () => {
    expect(expectedEstimates(10, 0, 3)).toEqual({ truth: 0, unbiasedMean: 0, naiveMean: 0 });
    expect(expectedEstimates(10, 1, 3)).toEqual({ truth: 1, unbiasedMean: 1, naiveMean: 1 });
    const e = expectedEstimates(200, 0.05, 100);
    expect(relativeError(e.unbiasedMean, e.truth)).toBeLessThan(1e-12);
  });
});

describe('helpers', () => {
  it('picks table ks', () => {
    expect(tableKs(10)).toEqual([1, 2, 5, 10]);
    expect(tableKs(200, [7])).toEqual([1, 2, 5, 7, 10, 20, 50, 100, 200]);
    expect(tableKs(1)).toEqual([1]);
  });

  it('formats', () => {
    expect(formatFixed(0.9166666666666666)).toBe('0.9167');
    expect(formatSigned(-0.05)).toBe('−0.0500');
    expect(formatSigned(0.08473)).toBe('+0.0847');
    expect(formatSigned(-1e-17)).toBe('0.0000');
    expect(formatFloat(9.054851465610328e58)).toBe('9.05e+58');
    expect(formatFloat(184756)).toBe('184756');
    expect(formatBigScientific(999_999n)).toBe('1.00e6');
    expect(formatBigScientific(252n)).toBe('252');
  });
});
