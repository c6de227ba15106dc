/**
 * The experiment behind the unbiased estimator: from n samples of which c are correct, draw k
 * without replacement and ask whether any is correct. Repeated many times, the share of draws with
 * a correct sample converges to 1 - C(n-c, k) / C(n, k), not to the naive 1 - (1 - c/n)^k.
 */
import { mulberry32, randomInt, type Random } from './prng.ts';

/** The simulation's inputs; samples 0..c-1 are the correct ones. */
export interface DrawSetup {
  n: number;
  c: number;
  k: number;
  seed: number;
}

/** One point of the running rate, for the convergence plot. */
export interface RatePoint {
  trials: number;
  hits: number;
  rate: number;
}

/** Repeated draws of k of n samples, deterministic for a given seed. */
export class DrawSimulator {
  readonly setup: Readonly<DrawSetup>;
  #random: Random;
  // A permutation of 0..n-1. A partial Fisher-Yates shuffle of any permutation gives a uniform
  // k-subset, so the array need not be reset between draws.
  #order: Int32Array;
  #trials = 0;
  #hits = 0;
  #lastDraw: number[] = [];

  constructor(setup: DrawSetup) {
    const { n, c, k } = setup;
    if (!(Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k) && 0 <= c && c <= n && 1 <= k && k <= n)) {
      throw new RangeError(`DrawSimulator: need 0 <= c <= n and 1 <= k <= n, got n=${n}, c=${c}, k=${k}`);
    }
    this.setup = { ...setup };
    this.#random = mulberry32(setup.seed);
    this.#order = Int32Array.from({ length: n }, (_, i) => i);
  }

  /** Draws made so far. */
  get trials(): number {
    return this.#trials;
  }

  /** Draws that contained at least one correct sample. */
  get hits(): number {
    return this.#hits;
  }

  /** hits / trials (NaN before the first draw). */
  get rate(): number {
    return this.#hits / this.#trials;
  }

  /** The sample indices of the most recent draw, in the order drawn. */
  get lastDraw(): readonly number[] {
    return this.#lastDraw;
  }

  /** Draw k samples once; true if one of them is correct. */
  drawOnce(): boolean {
    const { n, c, k } = this.setup;
    const order = this.#order;
    let hit = false;
    for (let j = 0; j < k; j++) {
      const pick = j + randomInt(this.#random, n - j);
      const chosen = order[pick];
      order[pick] = order[j];
      order[j] = chosen;
      if (chosen < c) hit = true;
    }
    this.#lastDraw = Array.from(order.subarray(0, k));
    this.#trials++;
    if (hit) this.#hits++;
    return hit;
  }

  /** Draw `count` times. */
  step(count: number): void {
    for (let i = 0; i < count; i++) this.drawOnce();
  }
}

/** Run `trials` draws at once, recording the running rate every `every` draws. */
export function simulate(setup: DrawSetup, trials: number, every = 100): { hits: number; rate: number; history: RatePoint[] } {
  const sim = new DrawSimulator(setup);
  const history: RatePoint[] = [];
  while (sim.trials < trials) {
    sim.step(Math.min(every, trials - sim.trials));
    history.push({ trials: sim.trials, hits: sim.hits, rate: sim.rate });
  }
  return { hits: sim.hits, rate: sim.rate, history };
}
