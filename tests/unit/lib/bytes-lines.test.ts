import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeMaybeGzip, decodeTextStream, isGzip } from '../../../src/lib/bytes.ts';
import { createLineSplitter, isBlankLine, splitLines, streamLines, stripBom } from '../../../src/lib/lines.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A stream that delivers the bytes in the given chunk sizes (cycled). */
function chunked(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let at = 0;
  let turn = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = sizes[turn++ % sizes.length];
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('bytes', () => {
  const text = 'caf\u00e9 \u65e5\u672c \u{1F600}\nline 2\n';

  it('recognises gzip by magic bytes only', () => {
    expect(isGzip(new Uint8Array(gzipSync(utf8('x'))))).toBe(true);
    expect(isGzip(utf8('{"a": 1}'))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new Uint8Array([]))).toBe(false);
  });

  it('decodes plain and gzipped bytes to the same text', async () => {
    expect(await decodeMaybeGzip(utf8(text))).toBe(text);
    expect(await decodeMaybeGzip(new Uint8Array(gzipSync(utf8(text))))).toBe(text);
    expect(await decodeMaybeGzip(new Uint8Array([]))).toBe('');
  });

  it('drops a UTF-8 BOM', async () => {
    expect(await decodeMaybeGzip(utf8('\ufeff{"a": 1}'))).toBe('{"a": 1}');
    expect(await decodeMaybeGzip(new Uint8Array(gzipSync(utf8('\ufeffx'))))).toBe('x');
  });

  it('keeps multi-byte characters split across 1-byte chunks, and sniffs gzip from a 1-byte first chunk', async () => {
    const plain = (await collect(decodeTextStream(chunked(utf8(text), [1])))).join('');
    expect(plain).toBe(text);
    const gz = new Uint8Array(gzipSync(utf8(text.repeat(50))));
    const unzipped = (await collect(decodeTextStream(chunked(gz, [1, 3, 7])))).join('');
    expect(unzipped).toBe(text.repeat(50));
  });

  it('turns invalid UTF-8 into U+FFFD rather than failing', async () => {
    expect(await decodeMaybeGzip(new Uint8Array([0x61, 0xff, 0x62]))).toBe('a\ufffdb');
  });
});

describe('lines', () => {
  it('splits on \\n, \\r\\n and a lone \\r, like Python universal newlines', () => {
    expect([...splitLines('a\nb\r\nc\rd')]).toEqual(['a', 'b', 'c', 'd']);
    expect([...splitLines('a\n\nb\n')]).toEqual(['a', '', 'b']);
    expect([...splitLines('a\r\r\nb')]).toEqual(['a', '', 'b']);
    expect([...splitLines('')]).toEqual([]);
    expect([...splitLines('\n')]).toEqual(['']);
  });

  it('handles a \\r\\n pair split between chunks', () => {
    const s = createLineSplitter();
    expect(s.push('a\r')).toEqual(['a']);
    expect(s.push('\nb')).toEqual([]);
    expect(s.push('\r')).toEqual(['b']);
    expect(s.push('c')).toEqual([]);
    expect(s.end()).toEqual(['c']);
  });

  it('gives the same lines however the text is chunked', () => {
    const text = 'x\r\n\r\n{"a": "\u00e9"}\r\ry\nlong' + 'z'.repeat(1000) + '\r\n\r';
    const whole = [...splitLines(text)];
    let seed = 12345;
    for (let trial = 0; trial < 200; trial++) {
      const s = createLineSplitter();
      const got: string[] = [];
      for (let at = 0; at < text.length; ) {
        seed = (seed * 48271) % 2147483647;
        const size = 1 + (seed % 17);
        got.push(...s.push(text.slice(at, at + size)));
        at += size;
      }
      got.push(...s.end());
      expect(got).toEqual(whole);
    }
  });

  it('streams lines from bytes', async () => {
    const bytes = new Uint8Array(gzipSync(utf8('\ufeffa\r\nb\n\u00e9')));
    expect(await collect(streamLines(chunked(bytes, [2, 5])))).toEqual(['a', 'b', '\u00e9']);
  });

  it('treats exactly the characters CPython calls whitespace as blank', () => {
    // The 29 code points for which str.isspace() is true in CPython 3.11.
    const pySpace = [
      0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
      0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
    ];
    const blank: number[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) if (isBlankLine(String.fromCharCode(cp))) blank.push(cp);
    expect(blank).toEqual(pySpace);
    expect(isBlankLine('')).toBe(true);
    expect(isBlankLine(' \t\u3000 ')).toBe(true);
    expect(isBlankLine(' x ')).toBe(false);
    expect(isBlankLine('\ufeff')).toBe(false);
  });

  it('strips one leading BOM only', () => {
    expect(stripBom('\ufeff\ufeffa')).toBe('\ufeffa');
    expect(stripBom('a')).toBe('a');
  });
});
