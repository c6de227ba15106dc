import { describe, expect, it } from 'vitest';
import { describeFrame, describeSyntaxError, errorInCompletion } from '../../../src/lib/traceback.ts';
import type { PyError } from '../../../src/lib/verdict.ts';

const sources = {
  prompt: 'def f(x):\n    """Doc."""\n',
  completion: '    y = x / 0\n    return y\n',
  test: 'def check(candidate):\n    assert candidate(1) == 2\n',
};

describe('describeFrame', () => {
  it('locates a frame in the user’s code by program line, with its source and a jump target', () => {
    const view = describeFrame({ file: '<string>', line: 3, name: 'f', segment: 'completion', segmentLine: 1 }, sources);
    expect(view).toEqual({
      where: 'your code',
      line: 3,
      programLine: 3,
      name: 'f',
      source: 'y = x / 0',
      target: { kind: 'completion', line: 1 },
    });
  });

  it('numbers test frames as the tests panel does', () => {
    const view = describeFrame({ file: '<string>', line: 7, name: 'check', segment: 'test', segmentLine: 2 }, sources);
    expect(view).toMatchObject({ where: 'tests', line: 2, programLine: 7, source: 'assert candidate(1) == 2' });
    expect(view.target).toEqual({ kind: 'test', line: 2 });
  });

  it('keeps frames outside the program as Python names them, without a target', () => {
    const view = describeFrame({ file: '/lib/python3.14/re/__init__.py', line: 99, name: 'match' }, sources);
    expect(view).toEqual({ where: '/lib/python3.14/re/__init__.py', line: 99, programLine: 99, name: 'match' });
  });
});

describe('syntax errors and editor marks', () => {
  const syntax: PyError = {
    type: 'SyntaxError',
    message: 'invalid syntax (<string>, line 4)',
    traceback: [],
    line: 4,
    offset: 12,
    segment: 'completion',
    segmentLine: 2,
  };

  it('points a syntax error at its line and column', () => {
    expect(describeSyntaxError(syntax, sources)).toMatchObject({
      where: 'your code',
      line: 4,
      source: '    return y',
      target: { kind: 'completion', line: 2, column: 12 },
    });
    expect(errorInCompletion(syntax)).toEqual({ line: 2, column: 12 });
  });

  it('marks the innermost frame in the user’s code, and nothing for a failing assert', () => {
    const raised: PyError = {
      type: 'ZeroDivisionError',
      message: 'division by zero',
      traceback: [
        { file: '<string>', line: 9, name: '<module>', segment: 'check', segmentLine: 1 },
        { file: '<string>', line: 7, name: 'check', segment: 'test', segmentLine: 2 },
        { file: '<string>', line: 3, name: 'f', segment: 'completion', segmentLine: 1 },
      ],
    };
    expect(errorInCompletion(raised)).toEqual({ line: 1 });
    expect(errorInCompletion({ ...raised, traceback: raised.traceback.slice(0, 2) })).toBeUndefined();
  });
});
