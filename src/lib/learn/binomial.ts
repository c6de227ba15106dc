/**
 * Binomial coefficients three ways, to show why pass@k is computed as a product: exactly with
 * BigInt, with float factorials (overflow to Infinity past 170!), and with a float running product
 * (finite, but no longer exact once it passes 2^53).
 */

/** 2^53: above it, float64 cannot represent every integer. */
export const MAX_EXACT_FLOAT = 2n ** 53n;

function checkNk(n: number, k: number): void {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(k) || n < 0 || k < 0) {
    throw new RangeError(`binomial: n and k must be integers >= 0, got n=${n}, k=${k}`);
  }
}

/** C(n, k) exactly (0 when k > n). */
export function binomialBig(n: number, k: number): bigint {
  checkNk(n, k);
  if (k > n) return 0n;
  const kk = Math.min(k, n - k);
  let result = 1n;
  // Each prefix C(n - kk + i, i) is an integer, so the division is exact at every step.
  for (let i = 1; i <= kk; i++) result = (result * BigInt(n - kk + i)) / BigInt(i);
  return result;
}

function factorialFloat(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** C(n, k) as n! / (k! (n-k)!) in floats: what a textbook formula gives; Infinity / Infinity past 170. */
export function binomialFactorialFloat(n: number, k: number): number {
  checkNk(n, k);
  if (k > n) return 0;
  return factorialFloat(n) / (factorialFloat(k) * factorialFloat(n - k));
}

/** C(n, k) as a float running product of (n - k + i) / i: finite, but rounded once it passes 2^53. */
export function binomialProductFloat(n: number, k: number): number {
  checkNk(n, k);
  if (k > n) return 0;
  const kk = Math.min(k, n - k);
  let result = 1;
  for (let i = 1; i <= kk; i++) result = (result * (n - kk + i)) / i;
  return result;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** num / den (both >= 0, den > 0) rounded once to the nearest float64. */
export function ratioToNumber(num: bigint, den: bigint): number {
  if (den <= 0n || num < 0n) throw new RangeError('ratioToNumber: need num >= 0 and den > 0');
  if (num === 0n) return 0;
  // Scale so the quotient has at least 66 significant bits, then fold any remainder into a sticky
  // bit: BigInt -> Number rounds to nearest, and the sticky bit keeps that rounding correct.
  const shift = Math.max(0, bitLength(den) - bitLength(num) + 66);
  const scaled = num << BigInt(shift);
  let q = scaled / den;
  if (q * den !== scaled) q |= 1n;
  // Split the power of two so 2^-shift never underflows on the way.
  return Number(q) * 2 ** -Math.min(shift, 1000) * 2 ** -Math.max(0, shift - 1000);
}

/** 1 - C(n-c, k) / C(n, k) from exact integers, rounded once at the end (slow; for checking). */
export function exactPassAtK(n: number, c: number, k: number): number {
  if (c > n) throw new RangeError(`exactPassAtK: c (${c}) cannot exceed n (${n})`);
  const all = binomialBig(n, k);
  return ratioToNumber(all - binomialBig(n - c, k), all);
}

/** A big integer in scientific notation with `digits` significant digits, e.g. `9.05e58`. */
export function formatBigScientific(x: bigint, digits = 3): string {
  const s = (x < 0n ? -x : x).toString();
  const sign = x < 0n ? '-' : '';
  if (s.length <= digits) return sign + s;
  const rounded = Number(`${s[0]}.${s.slice(1, digits + 2)}`).toFixed(digits - 1);
  // Rounding 9.995 up gives 10.00: carry into the exponent.
  if (rounded.startsWith('10')) return `${sign}${(1).toFixed(digits - 1)}e${s.length}`;
  return `${sign}${rounded}e${s.length - 1}`;
}
