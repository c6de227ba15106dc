import { describe, expect, it } from 'vitest';
import { estimatePassAtK } from '../../../../src/lib/pass-at-k.ts';
import { naivePassAtK } from '../../../../src/lib/learn/formulas.ts';
import { mulberry32, parseSeed } from '../../../../src/lib/learn/prng.ts';
import { DrawSimulator, simulate } from '../../../../src/lib/learn/simulation.ts';
import { fixture } from './fixture.ts';

describe('mulberry32', () => {
  it("matches a Python port written from the C source", () => {
    const random = mulberry32(fixture.mulberry32.seed);
    for (const expected of fixture.mulberry32.values) expect(random()).toBe(expected);
  });

  it('parses seeds people type', () => {
    expect(parseSeed(' 42 ')).toBe(42);
    expect(parseSeed('4294967295')).toBe(4294967295);
    expect(parseSeed('4294967296')).toBeUndefined();
    expect(parseSeed('-1')).toBeUndefined();
    expect(parseSeed('abc')).toBeUndefined();
  });
});

describe('drawing k of n without replacement', () => {
  it('gives the same numbers for the same seed, every time', () => {
    const setup = { n: 10, c: 3, k: 5, seed: 2024 };
    const a = simulate(setup, 5000);
    const b = simulate(setup, 5000);
    expect(a).toEqual(b);
    expect(simulate({ ...setup, seed: 7 }, 5000).hits).not.toBe(a.hits);
  });

  it('matches the same draws simulated independently in Python', () => {
    for (const { n, c, k, seed, trials, every, history } of fixture.simulations) {
      const result = simulate({ n, c, k, seed }, trials, every);
      expect(result.history.map((h) => [h.trials, h.hits])).toEqual(history);
      expect(result.hits).toBe(history[history.length - 1][1]);
    }
  });

  it('draws k distinct samples', () => {
    const sim = new DrawSimulator({ n: 20, c: 4, k: 8, seed: 1 });
    for (let i = 0; i < 100; i++) {
      const hit = sim.drawOnce();
      expect(new Set(sim.lastDraw).size).toBe(8);
      expect(sim.lastDraw.every((s) => s >= 0 && s < 20)).toBe(true);
      expect(hit).toBe(sim.lastDraw.some((s) => s < 4));
    }
  });

  it('converges to the unbiased estimate, not the naive one', () => {
    for (const [n, c, k] of [[10, 3, 5], [20, 2, 4], [200, 10, 30]]) {
      const { rate } = simulate({ n, c, k, seed: 99 }, 40_000, 40_000);
      const p = estimatePassAtK(n, c, k);
      const sigma = Math.sqrt((p * (1 - p)) / 40_000);
      expect(Math.abs(rate - p)).toBeLessThan(5 * sigma);
      expect(Math.abs(rate - naivePassAtK(n, c, k))).toBeGreaterThan(5 * sigma);
    }
  });

  it('always hits when k > n - c and never when c = 0', () => {
    expect(simulate({ n: 10, c: 3, k: 8, seed: 5 }, 1000).rate).toBe(1);
    expect(simulate({ n: 10, c: 0, k: 8, seed: 5 }, 1000).rate).toBe(0);
  });

  it('records the running rate', () => {
    const { history } = simulate({ n: 10, c: 3, k: 5, seed: 3 }, 250, 100);
    expect(history.map((h) => h.trials)).toEqual([100, 200, 250]);
  });

  it('rejects impossible setups', () => {
    expect(() => new DrawSimulator({ n: 5, c: 6, k: 1, seed: 0 })).toThrow(RangeError);
    expect(() => new DrawSimulator({ n: 5, c: 1, k: 6, seed: 0 })).toThrow(RangeError);
  });
});
