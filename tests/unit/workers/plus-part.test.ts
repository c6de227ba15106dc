/**
 * workers/plus-part.ts with a stand-in for Python: outputs equal byte for byte take the fast path
 * and still switch the sticky atol; fail-fast; what a rewritten harness can and cannot say.
 */
import { describe, expect, it } from 'vitest';
import type { PlusRequest } from '../../../workers/protocol.ts';
import { judgePart, type PartHost } from '../../../workers/plus-part.ts';
import { latin1Bytes, marshal, packValues, type PyValue } from '../../../src/lib/py-marshal.ts';

const i = (v: number): PyValue => ({ t: 'int', v: BigInt(v) });
const f = (v: number): PyValue => ({ t: 'float', v });
const L = (...items: PyValue[]): PyValue => ({ t: 'list', items });
const bytes = (v: PyValue) => latin1Bytes(marshal(v));
const answer = (v: PyValue) => new Uint8Array([0x30, ...bytes(v)]);

function run(expected: PyValue[], outputs: (Uint8Array | { raised: string })[]) {
  let call = 0;
  const host: PartHost = {
    exec: () => undefined,
    hasEntryPoint: () => true,
    call: () => outputs[call++],
    args: () => new Uint8Array(0),
    heapBytes: () => 0,
  };
  const request: PlusRequest = {
    id: 1,
    mode: 'sample',
    solution: '',
    entryPoint: 'f',
    inputs: expected.map(() => marshal(L())),
    expected: packValues(expected.map(bytes)),
    atol: 0,
    findZero: false,
    inputLimitsMs: expected.map(() => 4000),
  };
  return { result: judgePart(request, host), calls: () => call };
}

describe('judgePart', () => {
  it('an identical float output switches the sticky atol, so a later near-equal int list passes', () => {
    const { result } = run([L(f(1.5)), L(i(10000000))], [answer(L(f(1.5))), answer(L(i(10000001)))]);
    expect(result.status).toBe('pass');
  });
  it('a mixed int/float list does not switch it: the same int mismatch fails', () => {
    const { result } = run([L(i(1), f(1.5)), L(i(10000000))], [answer(L(i(1), f(1.5))), answer(L(i(10000001)))]);
    expect(result).toMatchObject({ status: 'fail', completed: 2, failure: { index: 1, reason: 'value' } });
  });
  it('stops at the first failure (fail-fast) and reports raised calls and nonsense answers', () => {
    const raised = run([i(1), i(2), i(3)], [answer(i(1)), { raised: 'ZeroDivisionError' }, answer(i(3))]);
    expect(raised.result).toMatchObject({
      status: 'fail',
      completed: 2,
      failure: { index: 1, reason: 'error', error: { type: 'ZeroDivisionError' } },
    });
    expect(raised.calls()).toBe(2);
    const bad = run([i(1)], [new Uint8Array([0x30, 0x63])]);
    expect(bad.result).toMatchObject({ status: 'fail', failure: { reason: 'bad output' } });
    const nan = run([f(NaN)], [answer(f(NaN))]);
    expect(nan.result.status).toBe('fail'); // equal bytes, but nan != nan
  });
});
