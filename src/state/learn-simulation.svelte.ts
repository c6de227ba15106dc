/**
 * The simulation panel's state: draws of k of n samples, animated a batch per animation frame (or
 * all at once when the reader prefers reduced motion), from a seed a class can share. Changing n,
 * c, k or the seed starts over.
 */
import { parseSeed } from '../lib/learn/prng.ts';
import { DrawSimulator, type RatePoint } from '../lib/learn/simulation.ts';
import type { Estimator } from './learn.svelte.ts';

export const DEFAULT_SEED = 2024;
export const DEFAULT_DRAWS = 5000;
export const MAX_DRAWS = 100_000;
/** About four seconds of animation at 60 frames a second, whatever the number of draws. */
const FRAMES = 240;
/** At most this many points in the convergence plot. */
const HISTORY_POINTS = 200;

interface Progress {
  trials: number;
  hits: number;
  history: RatePoint[];
  lastDraw: readonly number[];
}

const EMPTY: Progress = { trials: 0, hits: 0, history: [], lastDraw: [] };

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export class LearnSimulation {
  #estimator: Estimator;
  #seedText = $state(String(DEFAULT_SEED));
  #draws = $state(DEFAULT_DRAWS);
  #seed = $derived(parseSeed(this.#seedText));
  /** Bumped by reset(): same inputs, fresh simulator. */
  #generation = $state(0);
  // A new simulator, so a fresh start, whenever its inputs change.
  #simulator = $derived.by(() => {
    const { n, c, k } = this.#estimator;
    void this.#generation;
    return this.#seed === undefined ? undefined : new DrawSimulator({ n, c, k, seed: this.#seed });
  });
  // Writable deriveds: back to the start with each new simulator or number of draws; the
  // animation writes them in between.
  #progress = $derived.by((): Progress => {
    void this.#simulator;
    void this.#draws;
    return EMPTY;
  });
  #playing = $derived.by(() => {
    void this.#simulator;
    void this.#draws;
    return false;
  });
  #frame: number | undefined;

  constructor(estimator: Estimator) {
    this.#estimator = estimator;
  }

  /** The seed as typed. */
  get seedText(): string {
    return this.#seedText;
  }
  set seedText(text: string) {
    this.#seedText = text;
  }

  /** True when the seed text is an integer in 0..2^32-1. */
  get seedValid(): boolean {
    return this.#seed !== undefined;
  }

  /** How many draws one run makes. */
  get draws(): number {
    return this.#draws;
  }
  set draws(value: number) {
    if (Number.isFinite(value)) this.#draws = Math.min(MAX_DRAWS, Math.max(1, Math.round(value)));
  }

  get trials(): number {
    return this.#progress.trials;
  }
  get hits(): number {
    return this.#progress.hits;
  }
  /** hits / trials, NaN before the first draw. */
  get rate(): number {
    return this.#progress.hits / this.#progress.trials;
  }
  get history(): readonly RatePoint[] {
    return this.#progress.history;
  }
  /** Sample indices (0-based; 0..c-1 correct) of the latest draw. */
  get lastDraw(): readonly number[] {
    return this.#progress.lastDraw;
  }
  get playing(): boolean {
    return this.#playing;
  }
  get done(): boolean {
    return this.#progress.trials >= this.#draws;
  }

  /** Start or resume; all at once when `instant` (reduced motion). */
  play(instant = prefersReducedMotion()): void {
    if (!this.#simulator) return;
    if (this.done) this.reset();
    if (instant) {
      this.#advance(this.#draws);
      return;
    }
    this.#playing = true;
    this.#schedule();
  }

  pause(): void {
    this.#playing = false;
    this.#cancel();
  }

  /** Back to zero draws with the same seed (the same run again). */
  reset(): void {
    this.pause();
    this.#generation++;
  }

  /** Stop the animation for good (the view is going away). */
  dispose(): void {
    this.pause();
  }

  #schedule(): void {
    this.#frame ??= requestAnimationFrame(() => {
      this.#frame = undefined;
      if (!this.#playing) return;
      this.#advance(Math.ceil(this.#draws / FRAMES));
      if (this.done) this.#playing = false;
      else this.#schedule();
    });
  }

  #cancel(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
  }

  #advance(count: number): void {
    const sim = this.#simulator;
    if (!sim) return;
    const target = Math.min(this.#draws, sim.trials + count);
    const every = Math.max(1, Math.ceil(this.#draws / HISTORY_POINTS));
    const history = [...this.#progress.history];
    while (sim.trials < target) {
      // Stop at each history checkpoint so the plot's points fall on the same draws however it ran.
      sim.step(Math.min(target, (Math.floor(sim.trials / every) + 1) * every) - sim.trials);
      if (sim.trials % every === 0 || sim.trials === this.#draws) {
        history.push({ trials: sim.trials, hits: sim.hits, rate: sim.rate });
      }
    }
    this.#progress = { trials: sim.trials, hits: sim.hits, history, lastDraw: sim.lastDraw };
  }
}
