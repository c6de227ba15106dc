/**
 * Python values as CPython's `marshal` module writes them (format version 4), read and written in
 * TypeScript. HumanEval+'s inputs go to the engine this way and its outputs come back this way:
 * `marshal` is C code that accepts only the exact built-in types (an `int` subclass is refused), so
 * a value read here is exactly the Python value, tuples, big ints and float bits included, with no
 * method of the sample's run on the way. Inputs travel into Pyodide as latin-1 strings (one char per
 * byte: a plain `str`, no proxy); outputs come back as bytes.
 */

/** A Python value of one of the built-in types marshal knows; `other` is any other type (see plus.py). */
export type PyValue =
  | { t: 'none' }
  | { t: 'ellipsis' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'complex'; re: number; im: number }
  | { t: 'str'; v: string }
  /** Bytes as a latin-1 string, one char per byte. */
  | { t: 'bytes'; v: string }
  | { t: 'list'; items: PyValue[] }
  | { t: 'tuple'; items: PyValue[] }
  | { t: 'dict'; entries: [PyValue, PyValue][] }
  | { t: 'set'; items: PyValue[] }
  | { t: 'frozenset'; items: PyValue[] }
  /** A value of another type: its type's name and, for a subclass of a built-in type, the built-in value. */
  | { t: 'other'; type: string; base?: PyValue };

export class MarshalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarshalError';
  }
}

const FLAG_REF = 0x80;
const MAX_DEPTH = 2000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Latin-1 text (one char per byte) as bytes. */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Bytes as latin-1 text (one char per byte). */
export function bytesLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** Read one marshalled value; throws MarshalError on anything else. */
export function unmarshal(data: Uint8Array | string): PyValue {
  const bytes = typeof data === 'string' ? latin1Bytes(data) : data;
  let pos = 0;
  const refs: PyValue[] = [];
  const view = new DataView(new ArrayBuffer(8));
  const need = (n: number) => {
    if (pos + n > bytes.length) throw new MarshalError('truncated data');
  };
  const byte = () => {
    need(1);
    return bytes[pos++];
  };
  const int32 = () => {
    need(4);
    const v = (bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >> 0;
    pos += 4;
    return v;
  };
  const size = () => {
    const n = int32();
    if (n < 0 || n > bytes.length) throw new MarshalError('bad size');
    return n;
  };
  const float64 = () => {
    need(8);
    for (let i = 0; i < 8; i++) view.setUint8(i, bytes[pos + i]);
    pos += 8;
    return view.getFloat64(0, true);
  };
  const raw = (n: number) => {
    need(n);
    const s = bytes.subarray(pos, pos + n);
    pos += n;
    return s;
  };
  const read = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) throw new MarshalError('nested too deeply');
    const code = byte();
    const flag = (code & FLAG_REF) !== 0;
    const type = String.fromCharCode(code & ~FLAG_REF);
    // Containers are registered before their items are read, so a reference to one inside itself resolves.
    const keep = <T extends PyValue>(value: T): T => {
      if (flag) refs.push(value);
      return value;
    };
    const reserve = () => {
      const slot = refs.length;
      if (flag) refs.push({ t: 'none' });
      return (value: PyValue) => {
        if (flag) refs[slot] = value;
        return value;
      };
    };
    switch (type) {
      case 'N':
        return { t: 'none' };
      case '.':
        return { t: 'ellipsis' };
      case 'S':
        // The StopIteration class: marshal knows it; plus.py marks values of other types with it.
        return { t: 'other', type: 'StopIteration' };
      case 'F':
        return { t: 'bool', v: false };
      case 'T':
        return { t: 'bool', v: true };
      case 'i':
        return keep({ t: 'int', v: BigInt(int32()) });
      case 'l': {
        const n = int32();
        const count = Math.abs(n);
        need(2 * count);
        const digits: number[] = [];
        for (let i = 0; i < count; i++) {
          const digit = bytes[pos + 2 * i] | (bytes[pos + 2 * i + 1] << 8);
          if (digit > 0x7fff) throw new MarshalError('bad digit');
          digits.push(digit);
        }
        pos += 2 * count;
        const v = digitsToBigInt(digits);
        return keep({ t: 'int', v: n < 0 ? -v : v });
      }
      case 'g':
        return keep({ t: 'float', v: float64() });
      case 'y': {
        const re = float64();
        return keep({ t: 'complex', re, im: float64() });
      }
      case 's':
        return keep({ t: 'bytes', v: bytesLatin1(raw(size())) });
      case 'u':
      case 't':
        return keep({ t: 'str', v: decodeUtf8(raw(size())) });
      case 'a':
      case 'A':
        return keep({ t: 'str', v: ascii(raw(size())) });
      case 'z':
      case 'Z':
        return keep({ t: 'str', v: ascii(raw(byte())) });
      case ')':
      case '(':
      case '[':
      case '<':
      case '>': {
        const n = type === ')' ? byte() : size();
        const t = type === '[' ? 'list' : type === '<' ? 'set' : type === '>' ? 'frozenset' : 'tuple';
        const value = { t, items: [] as PyValue[] } as PyValue & { items: PyValue[] };
        const set = reserve();
        set(value);
        for (let i = 0; i < n; i++) value.items.push(read(depth + 1));
        return value;
      }
      case '{': {
        const value: PyValue & { t: 'dict' } = { t: 'dict', entries: [] };
        reserve()(value);
        for (;;) {
          if (pos < bytes.length && bytes[pos] === 0x30) {
            pos++;
            return value;
          }
          const key = read(depth + 1);
          value.entries.push([key, read(depth + 1)]);
        }
      }
      case 'r': {
        const index = int32();
        if (index < 0 || index >= refs.length) throw new MarshalError('bad reference');
        return refs[index];
      }
      default:
        throw new MarshalError(`unsupported marshal type ${JSON.stringify(type)}`);
    }
  };
  const value = read(0);
  if (pos !== bytes.length) throw new MarshalError('trailing data');
  return value;
}

/** 15-bit digits, least significant first, to a BigInt through hex text: linear, where shifting digit by digit is quadratic. */
function digitsToBigInt(digits: readonly number[]): bigint {
  const nibbles: string[] = [];
  let acc = 0;
  let bits = 0;
  for (const d of digits) {
    acc |= d << bits;
    bits += 15;
    while (bits >= 4) {
      nibbles.push((acc & 0xf).toString(16));
      acc >>>= 4;
      bits -= 4;
    }
  }
  if (bits > 0) nibbles.push(acc.toString(16));
  return nibbles.length === 0 ? 0n : BigInt(`0x${nibbles.reverse().join('')}`);
}

/** A non-negative BigInt as 15-bit digits, least significant first (none for 0). */
function bigIntToDigits(v: bigint): number[] {
  const hex = v.toString(16);
  const digits: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = hex.length - 1; i >= 0; i--) {
    acc |= parseInt(hex[i], 16) << bits;
    bits += 4;
    if (bits >= 15) {
      digits.push(acc & 0x7fff);
      acc >>>= 15;
      bits -= 15;
    }
  }
  if (acc > 0) digits.push(acc);
  while (digits.length > 0 && digits[digits.length - 1] === 0) digits.pop();
  return v === 0n ? [] : digits;
}

function ascii(bytes: Uint8Array): string {
  for (const b of bytes) if (b >= 0x80) throw new MarshalError('non-ASCII byte in an ASCII string');
  return utf8.decode(bytes);
}

/** UTF-8 with lone surrogates allowed (CPython's "surrogatepass", which marshal uses). */
export function decodeUtf8(bytes: Uint8Array): string {
  // TextDecoder refuses encoded surrogates (ED A0..BF ..); only text holding one takes the slow path.
  let surrogate = false;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0xed && bytes[i + 1] >= 0xa0) {
      surrogate = true;
      break;
    }
  }
  if (!surrogate) {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new MarshalError('invalid UTF-8');
    }
  }
  const parts: string[] = [];
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    let cp: number;
    if (b < 0x80) {
      cp = b;
      i += 1;
    } else if (b >= 0xc0 && b < 0xe0 && i + 1 < bytes.length) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      i += 2;
    } else if (b >= 0xe0 && b < 0xf0 && i + 2 < bytes.length) {
      cp = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
      i += 3;
    } else if (b >= 0xf0 && i + 3 < bytes.length) {
      cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
      i += 4;
    } else throw new MarshalError('invalid UTF-8');
    parts.push(String.fromCodePoint(cp));
  }
  return parts.join('');
}

/** UTF-8 with surrogatepass, as a latin-1 byte string. */
export function encodeUtf8(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) out += String.fromCharCode(cp);
    else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else
      out += String.fromCharCode(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 0x3f),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      );
  }
  return out;
}

const int32Bytes = (n: number) => String.fromCharCode(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff);

/** Marshal a value (version 4, no references) as latin-1 text; the inverse of `unmarshal` for every type but `other`. */
export function marshal(value: PyValue): string {
  const parts: string[] = [];
  const view = new DataView(new ArrayBuffer(8));
  const write = (v: PyValue): void => {
    switch (v.t) {
      case 'none':
        return void parts.push('N');
      case 'ellipsis':
        return void parts.push('.');
      case 'bool':
        return void parts.push(v.v ? 'T' : 'F');
      case 'int': {
        if (v.v >= -(2n ** 31n) && v.v < 2n ** 31n) return void parts.push('i', int32Bytes(Number(v.v)));
        const digits = bigIntToDigits(v.v < 0n ? -v.v : v.v);
        const chars = digits.map((d) => String.fromCharCode(d & 0xff, d >> 8));
        return void parts.push('l', int32Bytes(v.v < 0n ? -digits.length : digits.length), ...chars);
      }
      case 'float': {
        view.setFloat64(0, v.v, true);
        let s = 'g';
        for (let i = 0; i < 8; i++) s += String.fromCharCode(view.getUint8(i));
        return void parts.push(s);
      }
      case 'complex': {
        let s = 'y';
        for (const x of [v.re, v.im]) {
          view.setFloat64(0, x, true);
          for (let i = 0; i < 8; i++) s += String.fromCharCode(view.getUint8(i));
        }
        return void parts.push(s);
      }
      case 'str': {
        const utf8 = encodeUtf8(v.v);
        return void parts.push('u', int32Bytes(utf8.length), utf8);
      }
      case 'bytes':
        return void parts.push('s', int32Bytes(v.v.length), v.v);
      case 'list':
      case 'tuple':
      case 'set':
      case 'frozenset':
        parts.push({ list: '[', tuple: '(', set: '<', frozenset: '>' }[v.t], int32Bytes(v.items.length));
        return v.items.forEach(write);
      case 'dict':
        parts.push('{');
        for (const [k, item] of v.entries) {
          write(k);
          write(item);
        }
        return void parts.push('0');
      case 'other':
        throw new MarshalError(`cannot marshal a value of type ${v.type}`);
    }
  };
  write(value);
  return parts.join('');
}

/** Many marshalled values in one buffer (a SharedArrayBuffer where there is one, so workers share it). */
export interface PackedValues {
  bytes: Uint8Array;
  /** Value i is `bytes[offsets[i]..offsets[i + 1])`. */
  offsets: number[];
}

/** Pack byte strings into one buffer; `shared` puts it in a SharedArrayBuffer when the host has them. */
export function packValues(values: readonly Uint8Array[], shared = false): PackedValues {
  const offsets = [0];
  for (const v of values) offsets.push(offsets[offsets.length - 1] + v.length);
  const total = offsets[offsets.length - 1];
  const buffer =
    shared && typeof SharedArrayBuffer !== 'undefined' ? new SharedArrayBuffer(total) : new ArrayBuffer(total);
  const bytes = new Uint8Array(buffer);
  values.forEach((v, i) => bytes.set(v, offsets[i]));
  return { bytes, offsets };
}

/** Value i of a pack (a view, not a copy). */
export function packedValue(pack: PackedValues, i: number): Uint8Array {
  return pack.bytes.subarray(pack.offsets[i], pack.offsets[i + 1]);
}

/** The same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether marshalled bytes hold a float NaN anywhere (equal bytes are equal values but for NaN,
 * since `nan != nan`), found by walking the structure without building it. A dict, unknown or
 * broken data answers true, which only sends the caller to the full comparison.
 */
export function marshalHasNaN(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const int32 = () => {
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  try {
    // Values still to read, so nesting needs no recursion.
    let pending = 1;
    while (pending > 0) {
      if (pos >= bytes.length) return true;
      pending--;
      const type = String.fromCharCode(bytes[pos++] & 0x7f);
      switch (type) {
        case 'N':
        case '.':
        case 'F':
        case 'T':
        case 'S':
          break;
        case 'i':
        case 'r':
          pos += 4;
          break;
        case 'l':
          pos += 2 * Math.abs(int32());
          break;
        case 'g':
          if (Number.isNaN(view.getFloat64(pos, true))) return true;
          pos += 8;
          break;
        case 'y':
          if (Number.isNaN(view.getFloat64(pos, true)) || Number.isNaN(view.getFloat64(pos + 8, true))) return true;
          pos += 16;
          break;
        case 's':
        case 'u':
        case 't':
        case 'a':
        case 'A':
          pos += int32();
          break;
        case 'z':
        case 'Z':
          pos += 1 + bytes[pos];
          break;
        case ')':
          pending += bytes[pos++];
          break;
        case '(':
        case '[':
        case '<':
        case '>':
          pending += int32();
          break;
        case '{':
          // A dict (rare in outputs): the full comparison decides.
          return true;
        default:
          return true;
      }
    }
    return pos !== bytes.length;
  } catch {
    return true;
  }
}
