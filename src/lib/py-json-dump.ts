/**
 * `json.dumps(value)` with CPython's defaults: separators `", "` and `": "`, `ensure_ascii=True`,
 * `allow_nan=True`, keys in insertion order. Together with py-json.ts this reproduces byte for byte
 * the lines the reference writes after `json.loads` of an input line.
 */
import type { PyJson } from './py-json.ts';
import { pyFloatRepr } from './py-repr.ts';

const SHORT_ESCAPES: Record<number, string> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

/** A string literal as `json.dumps` writes it with `ensure_ascii=True`. */
export function pyJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII other than `"` and `\` passes through; note `/` and DEL differ: `/` is not
    // escaped, DEL (0x7f) is, as \u007f.
    if (c >= 0x20 && c <= 0x7e && c !== 34 && c !== 92) continue;
    out += s.slice(start, i);
    // Non-BMP characters are already two UTF-16 units here, which is exactly Python's surrogate pair.
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

/** A float as `json.dumps` writes it: `repr`, except for the three non-finite spellings. */
export function pyJsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return pyFloatRepr(x);
}

/** Serialises a parsed value exactly as CPython's `json.dumps` (default arguments) would. */
export function pyJsonDumps(value: PyJson): string {
  switch (value.kind) {
    case 'object':
      if (value.entries.length === 0) return '{}';
      return `{${value.entries.map(([k, v]) => `${pyJsonString(k)}: ${pyJsonDumps(v)}`).join(', ')}}`;
    case 'array':
      if (value.items.length === 0) return '[]';
      return `[${value.items.map(pyJsonDumps).join(', ')}]`;
    case 'string':
      return pyJsonString(value.value);
    case 'int':
      // A JSON integer is already Python's int repr, except that `-0` is the int 0.
      return value.text === '-0' ? '0' : value.text;
    case 'float':
      return pyJsonFloat(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}
