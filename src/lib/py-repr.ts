/**
 * CPython's `repr(float)`, which both `json.dumps` and `print(dict)` use for floats. Python and JS
 * agree on the digits (the shortest string that round-trips, the closest one on a tie) and differ only
 * in layout, so we take JS's digits and lay them out the Python way.
 */

/** The shortest round-trip decimal digits of a finite, nonzero |x| and its exponent (x = d.ddd × 10^exp). */
function shortestDigits(x: number): { digits: string; exp: number } {
  // Number::toString picks the digits by the same rule as CPython's dtoa mode 0.
  const [mantissa, expText] = String(Math.abs(x)).split('e');
  const dot = mantissa.indexOf('.');
  let digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let pointAt = (dot === -1 ? mantissa.length : dot) + (expText === undefined ? 0 : Number(expText));
  const lead = digits.search(/[1-9]/);
  digits = digits.slice(lead).replace(/0+$/, '');
  pointAt -= lead;
  return { digits, exp: pointAt - 1 };
}

/** `repr(x)` as CPython prints a float: `1.0`, `0.1`, `1e-05`, `1e+16`, `-0.0`, `nan`, `inf`. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0.0`;
  const { digits, exp } = shortestDigits(x);
  // CPython's float_repr_style 'short': scientific when the exponent is < -4 or >= 16.
  if (exp < -4 || exp >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exp < 0 ? '-' : '+';
    return `${sign}${mantissa}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** `repr(s)` for a str, as CPython picks quotes and escapes (enough for the keys we print). */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}
