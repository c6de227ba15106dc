/**
 * A small seeded PRNG so a class sees the same simulation from the same seed: mulberry32
 * (Tommy Ettinger, public domain), 32 bits of state, period 2^32, fine for teaching draws.
 */

/** A generator of floats in [0, 1). */
export type Random = () => number;

/** mulberry32 seeded with the low 32 bits of `seed`. */
export function mulberry32(seed: number): Random {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed typed by a person: an integer in 0..2^32-1, or undefined if the text is not one. */
export function parseSeed(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return undefined;
  const seed = Number(trimmed);
  return seed <= 0xffffffff ? seed : undefined;
}

/** A uniform integer in 0..bound-1. */
export function randomInt(random: Random, bound: number): number {
  return Math.floor(random() * bound);
}
