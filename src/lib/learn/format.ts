/** Number formatting shared by the Learn view's text and tables. */

/** Every digit JavaScript prints for a float64 (what the page shows as "the" value). */
export function formatFull(x: number): string {
  return String(x);
}

/** A probability with a fixed number of decimals, e.g. `0.9167`. */
export function formatFixed(x: number, decimals = 4): string {
  return Number.isFinite(x) ? x.toFixed(decimals) : String(x);
}

/** A probability as a percentage, e.g. `91.67%`. */
export function formatPercent(x: number, decimals = 2): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(decimals)}%` : String(x);
}

/** A signed difference, e.g. `+0.0847`; no sign when it rounds to zero. */
export function formatSigned(x: number, decimals = 4): string {
  const digits = Math.abs(x).toFixed(decimals);
  if (Number(digits) === 0) return digits;
  return `${x > 0 ? '+' : '−'}${digits}`;
}

/** A float in compact scientific notation when large or tiny (`9.05e+58`), plain otherwise. */
export function formatFloat(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits + 3)));
}

/** A big integer's digits, elided in the middle past `max` digits: `905485146561…841320 (59 digits)`. */
export function formatBigDigits(x: bigint, max = 24): string {
  const s = x.toString();
  if (s.length <= max) return s;
  const half = Math.floor(max / 2);
  return `${s.slice(0, half)}…${s.slice(-half)} (${s.length} digits)`;
}
