/** The exact values written by gen_estimator.py (Python integers and fractions, no product form). */
import { readFileSync } from 'node:fs';

export interface LearnFixture {
  estimates: [n: number, c: number, k: number, exact: number][];
  naive: [n: number, c: number, k: number, exact: number][];
  binomials: [n: number, k: number, digits: string][];
  bias: { n: number; p: number; k: number; truth: number; naiveMean: number }[];
  mulberry32: { seed: number; values: number[] };
  /** Running hit counts `[trials, hits]` of the same draws, simulated in Python. */
  simulations: { n: number; c: number; k: number; seed: number; trials: number; every: number; history: [number, number][] }[];
}

export const fixture: LearnFixture = JSON.parse(readFileSync(new URL('./estimator-fixture.json', import.meta.url), 'utf8'));

/** |actual - expected| <= tol * |expected| (so an expected 0 must be met exactly). */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}
