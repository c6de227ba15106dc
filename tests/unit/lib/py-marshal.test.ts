/**
 * The marshal reader against bytes CPython 3.11's `marshal.dumps(v, 4)` wrote (hex below, made with
 * the system python3), and the writer against the reader.
 */
import { describe, expect, it } from 'vitest';
import {
  marshal,
  marshalHasNaN,
  packedValue,
  packValues,
  unmarshal,
  type PyValue,
} from '../../../src/lib/py-marshal.ts';

const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
const int = (v: bigint): PyValue => ({ t: 'int', v });

describe('unmarshal reads what CPython writes', () => {
  const cases: [string, string, PyValue][] = [
    [
      '(1, [2])',
      'a902e9010000005b01000000e902000000',
      { t: 'tuple', items: [int(1n), { t: 'list', items: [int(2n)] }] },
    ],
    [
      "{'a': {1, 2}}",
      'fbda01613c02000000e901000000e90200000030',
      {
        t: 'dict',
        entries: [
          [
            { t: 'str', v: 'a' },
            { t: 'set', items: [int(1n), int(2n)] },
          ],
        ],
      },
    ],
    ['frozenset({1})', 'be01000000e901000000', { t: 'frozenset', items: [int(1n)] }],
    ['1.5', 'e7000000000000f83f', { t: 'float', v: 1.5 }],
    ['2**100', 'ec070000000000000000000000000000000004', int(2n ** 100n)],
    ['-2**70', 'ecfbffffff00000000000000000004', int(-(2n ** 70n))],
    ["'hé😀'", 'f50700000068c3a9f09f9880', { t: 'str', v: 'hé😀' }],
    ["'\\ud800x' (a lone surrogate)", 'f504000000eda08078', { t: 'str', v: '\ud800x' }],
    [
      '(True, None, Ellipsis)',
      'a903544e2e',
      { t: 'tuple', items: [{ t: 'bool', v: true }, { t: 'none' }, { t: 'ellipsis' }] },
    ],
    ["b'\\x00\\xff'", 'f30200000000ff', { t: 'bytes', v: '\x00\xff' }],
    ['1+2j', 'f9000000000000f03f0000000000000040', { t: 'complex', re: 1, im: 2 }],
    ['[[]]', 'db010000005b00000000', { t: 'list', items: [{ t: 'list', items: [] }] }],
    ['()', 'a900', { t: 'tuple', items: [] }],
  ];
  it.each(cases)('%s', (_, bytes, value) => {
    expect(unmarshal(hex(bytes))).toEqual(value);
  });

  it('keeps NaN as NaN and says the bytes hold one', () => {
    const bytes = hex('db02000000e7000000000000f03f67000000000000f87f');
    const value = unmarshal(bytes);
    expect(value.t === 'list' && value.items[1].t === 'float' && Number.isNaN(value.items[1].v)).toBe(true);
    expect(marshalHasNaN(bytes)).toBe(true);
    expect(marshalHasNaN(hex('a902e9010000005b01000000e902000000'))).toBe(false);
  });

  it('refuses code objects, truncated and trailing data', () => {
    expect(() => unmarshal(hex('e3'))).toThrow();
    expect(() => unmarshal(hex('e901000000'.slice(0, 6)))).toThrow(/truncated/);
    expect(() => unmarshal(hex('4e4e'))).toThrow(/trailing/);
  });
});

describe('marshal writes what unmarshal reads', () => {
  const values: PyValue[] = [
    int(0n),
    int(-(2n ** 31n)),
    int(2n ** 31n),
    int(-(10n ** 400n)),
    { t: 'float', v: -0 },
    { t: 'str', v: 'a\u0000\ud83d\ude00\udc00' },
    {
      t: 'dict',
      entries: [
        [
          { t: 'str', v: '5' },
          { t: 'list', items: [{ t: 'bool', v: false }, { t: 'none' }] },
        ],
      ],
    },
  ];
  it.each(values.map((v) => [JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)), v]))(
    '%s',
    (_, value) => {
      expect(unmarshal(marshal(value as PyValue))).toEqual(value);
    },
  );

  it('packs values into one buffer, shared on request', () => {
    const pack = packValues([new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])], true);
    expect(pack.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...packedValue(pack, 0)]).toEqual([1, 2]);
    expect([...packedValue(pack, 1)]).toEqual([]);
    expect([...packedValue(pack, 2)]).toEqual([3]);
  });
});
