import { describe, expect, it } from 'vitest';
import { lineSpans, plainLines, tokenClass } from '../../../src/lib/highlight.ts';
import { STATUS_LABEL, statusOf } from '../../../src/lib/problem-status.ts';
import { noResultVerdict, type Verdict } from '../../../src/lib/verdict.ts';

describe('highlighting', () => {
  it('maps Monarch token types to classes', () => {
    expect(tokenClass('keyword.python')).toBe('tok-keyword');
    expect(tokenClass('string.escape.python')).toBe('tok-string');
    expect(tokenClass('identifier.python')).toBe('');
  });

  it('splits a line at token offsets and merges neighbours of one class', () => {
    const line = 'def f(x):  # "<b>"';
    const tokens = [
      { offset: 0, type: 'keyword.python' },
      { offset: 3, type: 'white.python' },
      { offset: 4, type: 'identifier.python' },
      { offset: 5, type: 'delimiter.parenthesis.python' },
      { offset: 9, type: 'white.python' },
      { offset: 11, type: 'comment.python' },
    ];
    const spans = lineSpans(line, tokens);
    expect(spans).toEqual([
      { text: 'def', cls: 'tok-keyword' },
      { text: ' f(x):  ', cls: '' },
      { text: '# "<b>"', cls: 'tok-comment' },
    ]);
    expect(spans.map((s) => s.text).join('')).toBe(line);
  });

  it('keeps text without tokens, and blank lines empty', () => {
    expect(lineSpans('x = 1', [])).toEqual([{ text: 'x = 1', cls: '' }]);
    expect(plainLines('a\n\nb')).toEqual([[{ text: 'a', cls: '' }], [], [{ text: 'b', cls: '' }]]);
  });
});

describe('statusOf', () => {
  const base = noResultVerdict({ durationMs: 1, timedOut: true, crashed: false });
  it('gives each outcome its list status', () => {
    expect(statusOf(undefined)).toBe('untried');
    expect(statusOf({ ...base, result: 'passed', passed: true, outcome: 'passed' } as Verdict)).toBe('passed');
    expect(statusOf({ ...base, result: 'failed: ', outcome: 'failed' } as Verdict)).toBe('failed');
    expect(statusOf(base)).toBe('timed out');
    expect(STATUS_LABEL['timed out']).toBe('Timed out');
  });
});
