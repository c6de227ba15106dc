/**
 * A JSON parser that accepts exactly what CPython's `json.loads` accepts and keeps what `json.dumps`
 * needs to re-emit a value the way Python would: key order as written (JS objects move integer-like
 * keys first), the text of integers (arbitrary precision), int versus float, and NaN/Infinity.
 * Error messages use Python's wording and give the character offset.
 */

/** A parsed value; `pos` is the offset of its first character in the parsed text. */
export type PyJson =
  | { kind: 'object'; pos: number; entries: [string, PyJson][] }
  | { kind: 'array'; pos: number; items: PyJson[] }
  | { kind: 'string'; pos: number; value: string }
  | { kind: 'int'; pos: number; text: string }
  | { kind: 'float'; pos: number; value: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'null'; pos: number };

/** A syntax error, with Python's message and the 0-based offset where it was found. */
export class PyJsonError extends Error {
  constructor(
    readonly reason: string,
    readonly pos: number,
  ) {
    super(`${reason} (char ${pos})`);
    this.name = 'PyJsonError';
  }
}

// Python's C scanner nests through the interpreter's recursion limit (1000 by default); a cap near it
// keeps a hostile `[[[[…` from overflowing the JS stack.
const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function skipWhitespace(s: string, i: number): number {
  // json.loads skips only these four between tokens, like the JSON spec.
  for (let c = s.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = s.charCodeAt(++i));
  return i;
}

function parseString(s: string, start: number): [string, number] {
  let out = '';
  let i = start + 1;
  for (;;) {
    let j = i;
    let c = s.charCodeAt(j);
    while (j < s.length && c !== 34 && c !== 92 && c >= 0x20) c = s.charCodeAt(++j);
    out += s.slice(i, j);
    if (j >= s.length) throw new PyJsonError('Unterminated string starting at', start);
    if (c === 34) return [out, j + 1];
    if (c < 0x20) throw new PyJsonError('Invalid control character at', j);
    const esc = s[j + 1];
    if (esc === undefined) throw new PyJsonError('Unterminated string starting at', start);
    if (esc === 'u') {
      const hex = s.slice(j + 2, j + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PyJsonError('Invalid \\uXXXX escape', j + 1);
      // Lone surrogates are kept, as Python does; a valid pair needs no joining in UTF-16.
      out += String.fromCharCode(parseInt(hex, 16));
      i = j + 6;
    } else {
      const ch = ESCAPES[esc];
      if (ch === undefined) throw new PyJsonError('Invalid \\escape', j);
      out += ch;
      i = j + 2;
    }
  }
}

function parseValue(s: string, i: number, depth: number): [PyJson, number] {
  const c = s[i];
  if (c === '"') {
    const [value, end] = parseString(s, i);
    return [{ kind: 'string', pos: i, value }, end];
  }
  if (c === '{' || c === '[') {
    if (depth >= MAX_DEPTH) throw new PyJsonError('Too deeply nested', i);
    return c === '{' ? parseObject(s, i, depth + 1) : parseArray(s, i, depth + 1);
  }
  if (s.startsWith('null', i)) return [{ kind: 'null', pos: i }, i + 4];
  if (s.startsWith('true', i)) return [{ kind: 'bool', pos: i, value: true }, i + 4];
  if (s.startsWith('false', i)) return [{ kind: 'bool', pos: i, value: false }, i + 5];
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(s);
  if (m) {
    const text = m[0];
    const end = i + text.length;
    if (m[1] === undefined && m[2] === undefined) return [{ kind: 'int', pos: i, text }, end];
    return [{ kind: 'float', pos: i, value: Number(text) }, end];
  }
  if (s.startsWith('NaN', i)) return [{ kind: 'float', pos: i, value: NaN }, i + 3];
  if (s.startsWith('Infinity', i)) return [{ kind: 'float', pos: i, value: Infinity }, i + 8];
  if (s.startsWith('-Infinity', i)) return [{ kind: 'float', pos: i, value: -Infinity }, i + 9];
  throw new PyJsonError('Expecting value', i);
}

function parseObject(s: string, start: number, depth: number): [PyJson, number] {
  const entries: [string, PyJson][] = [];
  // A repeated key keeps its first position and takes the last value, as a Python dict does.
  const seen = new Map<string, number>();
  let i = skipWhitespace(s, start + 1);
  if (s[i] === '}') return [{ kind: 'object', pos: start, entries }, i + 1];
  for (;;) {
    if (s[i] !== '"') throw new PyJsonError('Expecting property name enclosed in double quotes', i);
    const [key, afterKey] = parseString(s, i);
    i = skipWhitespace(s, afterKey);
    if (s[i] !== ':') throw new PyJsonError("Expecting ':' delimiter", i);
    i = skipWhitespace(s, i + 1);
    const [value, afterValue] = parseValue(s, i, depth);
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, entries.length);
      entries.push([key, value]);
    } else {
      entries[at] = [key, value];
    }
    i = skipWhitespace(s, afterValue);
    if (s[i] === '}') return [{ kind: 'object', pos: start, entries }, i + 1];
    if (s[i] !== ',') throw new PyJsonError("Expecting ',' delimiter", i);
    i = skipWhitespace(s, i + 1);
  }
}

function parseArray(s: string, start: number, depth: number): [PyJson, number] {
  const items: PyJson[] = [];
  let i = skipWhitespace(s, start + 1);
  if (s[i] === ']') return [{ kind: 'array', pos: start, items }, i + 1];
  for (;;) {
    const [value, end] = parseValue(s, i, depth);
    items.push(value);
    i = skipWhitespace(s, end);
    if (s[i] === ']') return [{ kind: 'array', pos: start, items }, i + 1];
    if (s[i] !== ',') throw new PyJsonError("Expecting ',' delimiter", i);
    i = skipWhitespace(s, i + 1);
  }
}

/** Parses one JSON document like `json.loads(text)`; throws PyJsonError on bad input. */
export function parsePyJson(text: string): PyJson {
  if (text.charCodeAt(0) === 0xfeff) throw new PyJsonError('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
  const [value, end] = parseValue(text, skipWhitespace(text, 0), 0);
  const rest = skipWhitespace(text, end);
  if (rest !== text.length) throw new PyJsonError('Extra data', rest);
  return value;
}

/** The plain JS value of a parsed document (integers beyond 2^53 lose precision, as with JSON.parse). */
export function toPlain(value: PyJson): unknown {
  switch (value.kind) {
    case 'object': {
      // A null-prototype object, so a "__proto__" key is data like any other.
      const obj: Record<string, unknown> = Object.create(null);
      for (const [key, item] of value.entries) obj[key] = toPlain(item);
      return obj;
    }
    case 'array':
      return value.items.map(toPlain);
    case 'int':
      return Number(value.text);
    case 'null':
      return null;
    default:
      return value.value;
  }
}

/** 1-based line and column of an offset, counting `\n`, `\r\n` and lone `\r` as line ends. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/**
 * `json.loads(text)` as a plain JS value. The native parser is much faster and accepts a subset of
 * what Python accepts with the same meaning; what it rejects goes through ours (NaN, Infinity, or a
 * real error, which then gets Python's wording).
 */
export function pyJsonLoads(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return toPlain(parsePyJson(text));
  }
}

/**
 * Why a text is not JSON: the 1-based line within the text where parsing stopped and a message with
 * Python's wording and the column, e.g. `Expecting value: column 1`.
 */
export function describeJsonError(text: string, error: unknown): { line: number; message: string } {
  if (!(error instanceof PyJsonError)) return { line: 1, message: String(error) };
  const { line, column } = lineColumn(text, error.pos);
  return { line, message: `${error.reason}: column ${column}` };
}
