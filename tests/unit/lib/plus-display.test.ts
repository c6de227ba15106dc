import { describe, expect, it } from 'vitest';
import {
  callRepr,
  failureView,
  partFigure,
  plusClass,
  pyValueRepr,
  whyInputFailed,
} from '../../../src/lib/plus-display.ts';
import type { PartVerdict } from '../../../src/lib/plus.ts';
import { parsePyJson } from '../../../src/lib/py-json.ts';
import { latin1Bytes, marshal, packValues, type PyValue } from '../../../src/lib/py-marshal.ts';

const int = (v: number): PyValue => ({ t: 'int', v: BigInt(v) });
const part = (over: Partial<PartVerdict>): PartVerdict => ({
  status: 'fail',
  total: 748,
  completed: 12,
  durationMs: 1,
  capMs: 61_000,
  slowestMs: 0,
  ...over,
});

describe('pyValueRepr', () => {
  it('writes values as CPython repr does', () => {
    const value: PyValue = {
      t: 'list',
      items: [
        { t: 'tuple', items: [int(1)] },
        { t: 'tuple', items: [] },
        { t: 'float', v: 1 },
        { t: 'float', v: 1e-5 },
        { t: 'str', v: "it's" },
        { t: 'none' },
        { t: 'bool', v: true },
        {
          t: 'dict',
          entries: [
            [
              { t: 'str', v: '5' },
              { t: 'set', items: [] },
            ],
          ],
        },
        { t: 'bytes', v: 'a\n\u00ff' },
        { t: 'complex', re: 0, im: 2 },
        { t: 'complex', re: 1, im: -2 },
      ],
    };
    expect(pyValueRepr(value).text).toBe(
      `[(1,), (), 1.0, 1e-05, "it's", None, True, {'5': set()}, b'a\\n\\xff', 2j, (1-2j)]`,
    );
    expect(pyValueRepr(value).cut).toBe(false);
  });

  it('stops at the cap without walking the rest of the value', () => {
    let read = 0;
    const items = new Proxy(
      Array.from({ length: 1_000_000 }, (_, i) => int(i)),
      {
        get(target, prop, receiver) {
          if (typeof prop === 'string' && /^\d+$/.test(prop)) read++;
          return Reflect.get(target, prop, receiver);
        },
      },
    );
    const { text, cut } = pyValueRepr({ t: 'list', items }, 100);
    expect(text.length).toBe(100);
    expect(text.startsWith('[0, 1, 2, ')).toBe(true);
    expect(cut).toBe(true);
    expect(read).toBeLessThan(100);
    expect(callRepr('f', parsePyJson(`[[${'1, '.repeat(5000)}1]]`), 50)).toMatchObject({
      cut: true,
      text: expect.stringMatching(/^f\(\[1, 1/),
    });
  });
});

describe('callRepr', () => {
  it('shows the input as a call', () => {
    expect(callRepr('max_element', parsePyJson('[[-1, -2.5, "x"]]')).text).toBe("max_element([-1, -2.5, 'x'])");
    expect(callRepr('add', parsePyJson('[1, 2]')).text).toBe('add(1, 2)');
    expect(callRepr('f', parsePyJson('[]')).text).toBe('f()');
  });
});

describe('failure words and figures', () => {
  it('says why an input failed', () => {
    expect(whyInputFailed({ index: 0, reason: 'type', pastLimit: false, durationMs: 0 })).toMatch(/wrong type/);
    expect(whyInputFailed({ index: 0, reason: 'tolerance', pastLimit: false, durationMs: 0 })).toMatch(/tolerance/);
    expect(
      whyInputFailed({
        index: 0,
        reason: 'error',
        error: { type: 'TimeoutException' },
        pastLimit: true,
        durationMs: 4000,
      }),
    ).toMatch(/time limit/);
    expect(
      whyInputFailed({
        index: 0,
        reason: 'error',
        error: { type: 'ZeroDivisionError', message: 'division by zero' },
        pastLimit: false,
        durationMs: 0,
      }),
    ).toBe('raised ZeroDivisionError: division by zero');
  });

  it('gives a part its figure', () => {
    expect(partFigure(part({ status: 'pass', total: 9, completed: 9 }))).toBe('9/9');
    expect(partFigure(part({}))).toBe('failed at input 12 of 748');
    expect(partFigure(part({}), { count: 7, complete: true })).toBe('741/748');
    expect(partFigure(part({}), { count: 7, complete: false })).toBe('failed at input 12 of 748');
    expect(partFigure(part({ completed: 0, moduleError: { type: 'SyntaxError' } }))).toBe('0/748');
    expect(partFigure(part({ status: 'timeout', completed: 3, ended: 'killed at the part cap' }))).toBe(
      'stopped after 3 of 748',
    );
  });

  it('classes a sample across HumanEval and HumanEval+', () => {
    const pass = part({ status: 'pass' });
    const fail = part({});
    expect(plusClass(true, { base: pass, plus: fail })).toBe('passes HumanEval, fails HumanEval+');
    expect(plusClass(true, { base: pass, plus: pass })).toBe('passes both');
    expect(plusClass(false, { base: pass, plus: pass })).toBe('fails HumanEval, passes HumanEval+');
    expect(plusClass(false, { base: fail, plus: pass })).toBe('fails both');
  });

  it('views a failing input with its expected and actual values', () => {
    const task = {
      entry_point: 'max_element',
      base_input: [],
      plus_input: [parsePyJson('[[1]]'), parsePyJson('[[-1, -2]]')],
    };
    const expected = packValues([latin1Bytes(marshal(int(1))), latin1Bytes(marshal(int(-1)))]);
    const view = failureView(task, 'plus', expected, {
      index: 1,
      reason: 'value',
      actual: latin1Bytes(marshal(int(0))),
      pastLimit: false,
      durationMs: 0,
    });
    expect(view).toMatchObject({
      index: 1,
      call: { text: 'max_element([-1, -2])' },
      expected: { text: '-1' },
      actual: { text: '0' },
    });
    expect(view.why).toMatch(/wrong value/);
  });
});
