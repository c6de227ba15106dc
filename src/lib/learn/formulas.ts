/**
 * The formulas the Learn view explains: the unbiased estimator (the reference's product form, from
 * src/lib/pass-at-k.ts), the naive plug-in estimate, the product's terms, and the expected value of
 * each estimator when the true pass rate is known (which shows the naive one's bias).
 */
import { estimatePassAtK } from '../pass-at-k.ts';

/** The naive plug-in estimate 1 - (1 - c/n)^k: treats c/n as the true rate and draws with replacement. */
export function naivePassAtK(n: number, c: number, k: number): number {
  if (n <= 0 || c < 0 || c > n || k < 1) throw new RangeError(`naivePassAtK: bad n=${n}, c=${c}, k=${k}`);
  return 1 - (1 - c / n) ** k;
}

/** One point of the estimator curves against k. */
export interface CurvePoint {
  k: number;
  unbiased: number;
  naive: number;
  /** unbiased - naive: how far the naive estimate falls short. */
  gap: number;
}

/** Both estimates for k = 1..n. */
export function estimatorCurve(n: number, c: number): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let k = 1; k <= n; k++) {
    const unbiased = estimatePassAtK(n, c, k);
    const naive = naivePassAtK(n, c, k);
    points.push({ k, unbiased, naive, gap: unbiased - naive });
  }
  return points;
}

/** One factor of the product form: `term = 1 - k / i`, and the product so far. */
export interface ProductTerm {
  i: number;
  term: number;
  running: number;
}

/**
 * The factors of C(n-c, k) / C(n, k) = prod over i = n-c+1..n of (1 - k/i), each below 1, so the
 * product never overflows. Empty when k > n - c (the estimate is then exactly 1).
 */
export function productTerms(n: number, c: number, k: number): ProductTerm[] {
  if (n - c < k) return [];
  const terms: ProductTerm[] = [];
  let running = 1;
  for (let i = n - c + 1; i <= n; i++) {
    const term = 1 - k / i;
    running *= term;
    terms.push({ i, term, running });
  }
  return terms;
}

function logBinomial(n: number, c: number): number {
  let s = 0;
  for (let i = 1; i <= c; i++) s += Math.log((n - c + i) / i);
  return s;
}

/** Expected estimates when each of n samples passes independently with probability p. */
export interface ExpectedEstimates {
  /** The true pass@k, 1 - (1 - p)^k. */
  truth: number;
  /** E[unbiased estimate]: equal to the truth (that is what unbiased means). */
  unbiasedMean: number;
  /** E[naive estimate]: below the truth for 1 < k, since (1 - c/n)^k is convex in c. */
  naiveMean: number;
}

/** Average both estimators over c ~ Binomial(n, p), summing the binomial distribution exactly. */
export function expectedEstimates(n: number, p: number, k: number): ExpectedEstimates {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`expectedEstimates: p must be in [0, 1], got ${p}`);
  let unbiasedMean = 0;
  let naiveMean = 0;
  for (let c = 0; c <= n; c++) {
    let weight: number;
    if (p === 0 || p === 1) weight = c === (p === 1 ? n : 0) ? 1 : 0;
    // Log space: C(200, 100) p^100 (1-p)^100 would overflow and underflow as separate factors.
    else weight = Math.exp(logBinomial(n, c) + c * Math.log(p) + (n - c) * Math.log1p(-p));
    if (weight === 0) continue;
    unbiasedMean += weight * estimatePassAtK(n, c, k);
    naiveMean += weight * naivePassAtK(n, c, k);
  }
  return { truth: 1 - (1 - p) ** k, unbiasedMean, naiveMean };
}

/** A short list of ks for tables: 1, 2, 5, 10, 20, 50, … up to n, plus any extra ks asked for. */
export function tableKs(n: number, extra: readonly number[] = []): number[] {
  const ks = new Set<number>();
  for (let decade = 1; decade <= n; decade *= 10) {
    for (const m of [1, 2, 5]) if (m * decade <= n) ks.add(m * decade);
  }
  ks.add(n);
  for (const k of extra) if (k >= 1 && k <= n) ks.add(k);
  return [...ks].sort((a, b) => a - b);
}
