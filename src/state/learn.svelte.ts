/**
 * One task's pass@k estimate as the Learn view's controls set it (n samples, c correct, k drawn),
 * and everything the explanation computes from them. Values typed out of range are clamped; c and k are also capped by n without
 * forgetting what was asked, so typing n = 10 digit by digit (1, then 10) does not reset them.
 */
import { estimatePassAtK } from '../lib/pass-at-k.ts';
import { binomialBig, binomialFactorialFloat, binomialProductFloat } from '../lib/learn/binomial.ts';
import { estimatorCurve, expectedEstimates, naivePassAtK, productTerms } from '../lib/learn/formulas.ts';

/** The largest n the controls accept (Codex drew n = 200 per task). */
export const N_MAX = 300;

/** C(n, k) computed three ways. */
export interface BinomialViews {
  n: number;
  k: number;
  exact: bigint;
  factorialFloat: number;
  productFloat: number;
}

function clampInt(value: unknown, min: number, max: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.min(max, Math.max(min, Math.round(value)));
}

function binomialViews(n: number, k: number): BinomialViews {
  return {
    n,
    k,
    exact: binomialBig(n, k),
    factorialFloat: binomialFactorialFloat(n, k),
    productFloat: binomialProductFloat(n, k),
  };
}

export class Estimator {
  #n = $state(10);
  #c = $state(3);
  #k = $state(5);

  #unbiased = $derived(estimatePassAtK(this.n, this.c, this.k));
  #naive = $derived(naivePassAtK(this.n, this.c, this.k));
  #curve = $derived(estimatorCurve(this.n, this.c));
  #terms = $derived(productTerms(this.n, this.c, this.k));
  #expected = $derived(expectedEstimates(this.n, this.c / this.n, this.k));
  #binomials = $derived({ all: binomialViews(this.n, this.k), wrong: binomialViews(this.n - this.c, this.k) });

  /** Samples per task. */
  get n(): number {
    return this.#n;
  }
  set n(value: number) {
    this.#n = clampInt(value, 1, N_MAX) ?? this.#n;
  }

  /** Correct samples, at most n. */
  get c(): number {
    return Math.min(this.#c, this.#n);
  }
  set c(value: number) {
    this.#c = clampInt(value, 0, this.#n) ?? this.#c;
  }

  /** Samples drawn, at most n. */
  get k(): number {
    return Math.min(this.#k, this.#n);
  }
  set k(value: number) {
    this.#k = clampInt(value, 1, this.#n) ?? this.#k;
  }

  /** Set all three at once (from a task of a run: "explain this task"). */
  set(n: number, c: number, k: number): void {
    this.n = n;
    this.c = c;
    this.k = k;
  }

  /** 1 - C(n-c, k) / C(n, k) in the reference's product form. */
  get unbiased(): number {
    return this.#unbiased;
  }

  /** 1 - (1 - c/n)^k. */
  get naive(): number {
    return this.#naive;
  }

  /** Both estimates for k = 1..n. */
  get curve(): ReturnType<typeof estimatorCurve> {
    return this.#curve;
  }

  /** The product form's factors (empty when k > n - c). */
  get terms(): ReturnType<typeof productTerms> {
    return this.#terms;
  }

  /** Both estimators averaged over c ~ Binomial(n, c/n): the naive one's bias. */
  get expected(): ReturnType<typeof expectedEstimates> {
    return this.#expected;
  }

  /** C(n, k) and C(n-c, k): exact, float factorials, float product. */
  get binomials(): { all: BinomialViews; wrong: BinomialViews } {
    return this.#binomials;
  }
}
