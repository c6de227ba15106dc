import { describe, expect, it } from 'vitest';
import { atolAfterRun, packTail } from '../../../src/lib/plus-failures.ts';
import { FLOAT_ATOL } from '../../../src/lib/plus-compare.ts';
import { latin1Bytes, marshal, packedValue, packValues, type PyValue } from '../../../src/lib/py-marshal.ts';

const pack = (values: PyValue[]) => packValues(values.map((v) => latin1Bytes(marshal(v))));
const int: PyValue = { t: 'int', v: 1n };
const float: PyValue = { t: 'float', v: 0.5 };

describe('atolAfterRun', () => {
  it('turns sticky once an input compared against a float expected output', () => {
    const expected = pack([int, float, int]);
    // Input 1 failed on its value: it was compared, so the float set the atol.
    expect(atolAfterRun(0, expected, 0, 1, { reason: 'value' }, false)).toBe(FLOAT_ATOL);
    // Input 1 raised: it never reached the comparison.
    expect(atolAfterRun(0, expected, 0, 1, { reason: 'error' }, false)).toBe(0);
    // A run that started after the float saw none.
    expect(atolAfterRun(0, expected, 2, 2, { reason: 'value' }, false)).toBe(0);
  });

  it('keeps a task atol and ignores find_zero', () => {
    const expected = pack([float]);
    expect(atolAfterRun(1e-4, expected, 0, 0, { reason: 'value' }, false)).toBe(1e-4);
    expect(atolAfterRun(0, expected, 0, 0, { reason: 'oracle' }, true)).toBe(0);
  });
});

describe('packTail', () => {
  it('is the values from an index on', () => {
    const values: PyValue[] = [int, float, { t: 'str', v: 'abc' }];
    const all = pack(values);
    const tail = packTail(all, 1);
    expect(tail.offsets.length).toBe(3);
    expect([...packedValue(tail, 0)]).toEqual([...packedValue(all, 1)]);
    expect([...packedValue(tail, 1)]).toEqual([...packedValue(all, 2)]);
  });
});
