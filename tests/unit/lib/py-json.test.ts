import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineColumn, parsePyJson, PyJsonError, pyJsonLoads, toPlain } from '../../../src/lib/py-json.ts';
import { pyJsonDumps, pyJsonFloat, pyJsonString } from '../../../src/lib/py-json-dump.ts';
import { pyFloatRepr, pyStrRepr } from '../../../src/lib/py-repr.ts';

// Expected values come from CPython via tests/fixtures/gen_py_json.py.
interface Fixture {
  errors: { text: string; msg: string; pos: number }[];
  floats: [hexBits: string, repr: string, dumps: string][];
}
const fixture: Fixture = JSON.parse(readFileSync(new URL('../../fixtures/py-json.json', import.meta.url), 'utf8'));

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('pyFloatRepr / pyJsonFloat', () => {
  it('prints 1203 doubles exactly as CPython repr() and json.dumps() do', () => {
    expect(fixture.floats.length).toBeGreaterThan(1200);
    const wrong = fixture.floats
      .map(([hex, repr, dumps]) => ({ hex, repr, dumps, x: fromBits(hex) }))
      .filter(({ x, repr, dumps }) => pyFloatRepr(x) !== repr || pyJsonFloat(x) !== dumps);
    expect(wrong).toEqual([]);
  });

  it('uses Python\'s layout rules at the boundaries', () => {
    expect([1, 100, 1e-4, 1e-5, 1e16, 1e15, 1.5e300, -0, 0.5, 123.456].map(pyFloatRepr)).toEqual([
      '1.0', '100.0', '0.0001', '1e-05', '1e+16', '1000000000000000.0', '1.5e+300', '-0.0', '0.5', '123.456',
    ]);
  });
});

describe('parsePyJson', () => {
  it('fails where json.loads fails, with its message and offset', () => {
    const got = fixture.errors.map(({ text }) => {
      try {
        parsePyJson(text);
        return { text, msg: 'accepted', pos: -1 };
      } catch (e) {
        if (!(e instanceof PyJsonError)) throw e;
        return { text, msg: e.reason, pos: e.pos };
      }
    });
    expect(got).toEqual(fixture.errors);
  });

  it('keeps key order, integer text, int/float and non-finite values', () => {
    const v = parsePyJson('{"b": 1, "2": 123456789012345678901234567890, "1": 1.0, "a": -Infinity, "n": NaN}');
    expect(v.kind === 'object' && v.entries.map(([k]) => k)).toEqual(['b', '2', '1', 'a', 'n']);
    expect(pyJsonDumps(v)).toBe('{"b": 1, "2": 123456789012345678901234567890, "1": 1.0, "a": -Infinity, "n": NaN}');
  });

  it('keeps a repeated key at its first position with its last value, like a dict', () => {
    expect(pyJsonDumps(parsePyJson('{"k": 1, "x": 2, "k": 3}'))).toBe('{"k": 3, "x": 2}');
  });

  it('rejects nesting deeper than Python\'s recursion limit instead of overflowing the stack', () => {
    expect(() => parsePyJson('['.repeat(100000))).toThrow(PyJsonError);
    expect(pyJsonDumps(parsePyJson('['.repeat(500) + ']'.repeat(500)))).toBe('['.repeat(499) + '[]' + ']'.repeat(499));
  });

  it('converts to plain values with a data-only "__proto__" key', () => {
    const plain = toPlain(parsePyJson('{"__proto__": {"x": 1}, "n": NaN}')) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['__proto__', 'n']);
    expect(plain.n).toBeNaN();
    expect(pyJsonLoads('{"a": [1, "b"]}')).toEqual({ a: [1, 'b'] });
    expect(pyJsonLoads('[Infinity]')).toEqual([Infinity]);
  });

  it('locates offsets by line and column', () => {
    expect(lineColumn('ab\ncd\r\nef\rgh', 11)).toEqual({ line: 4, column: 2 });
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('string escaping', () => {
  it('escapes like ensure_ascii=True', () => {
    expect(pyJsonString('a/b "q" \\ \u00e9 \u{1F600} \x7f \x00 \b\f\n\r\t')).toBe(
      '"a/b \\"q\\" \\\\ \\u00e9 \\ud83d\\ude00 \\u007f \\u0000 \\b\\f\\n\\r\\t"',
    );
  });

  it('quotes dict keys like Python repr', () => {
    expect(pyStrRepr('pass@1')).toBe("'pass@1'");
    expect(pyStrRepr("it's")).toBe('"it\'s"');
    expect(pyStrRepr('a\'"\n')).toBe("'a\\'\"\\n'");
  });
});
