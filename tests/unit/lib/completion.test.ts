import { describe, expect, it } from 'vitest';
import {
  initialCompletion,
  lineAt,
  lineOffset,
  offsetAt,
  positionAt,
} from '../../../src/lib/completion.ts';
import { assembleProgram, locateLine } from '../../../src/lib/program.ts';

const problem = {
  task_id: 'Toy/0',
  prompt: 'def f(x):\n    """Double x."""\n',
  canonical_solution: '    return 2 * x\n',
  test: 'def check(candidate):\n    assert candidate(1) == 2\n',
  entry_point: 'f',
};

describe('initialCompletion', () => {
  it('starts at the indentation of the docstring’s last line', () => {
    expect(initialCompletion(problem.prompt)).toBe('    ');
    expect(initialCompletion('def f(x):\n\t"""Doc."""\n\n')).toBe('\t');
  });

  it('indents one level after a line that opens a block', () => {
    expect(initialCompletion('def f(x):\n')).toBe('    ');
    expect(initialCompletion('class A:\n    def f(self):\n')).toBe('        ');
  });

  it('continues a prompt that ends mid-line as it is', () => {
    expect(initialCompletion('def f(x):\n    return')).toBe('');
    expect(initialCompletion('')).toBe('');
  });
});

describe('line numbering', () => {
  it('numbers the editor’s lines as the program’s lines', () => {
    const completion = '    y = 2 * x\n    return y\n';
    const assembled = assembleProgram(problem, { completion });
    for (const line of [1, 2]) {
      expect(locateLine(assembled, line + lineOffset(problem.prompt))).toEqual({ segment: 'completion', line });
    }
    // A prompt that ends mid-line shares its last line with the completion's first.
    const joined = { ...problem, prompt: 'def f(x):\n    return' };
    expect(lineOffset(joined.prompt) + 1).toBe(2);
    expect(locateLine(assembleProgram(joined, { completion: ' 2 * x\n' }), 2)).toEqual({ segment: 'completion', line: 1 });
  });

  it('converts between offsets and 1-based positions', () => {
    const text = 'ab\ncde\n\nf';
    expect(positionAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt(text, 4)).toEqual({ line: 2, column: 2 });
    expect(positionAt(text, 8)).toEqual({ line: 4, column: 1 });
    expect(offsetAt(text, 2, 2)).toBe(4);
    expect(offsetAt(text, 2, 99)).toBe(6);
    expect(offsetAt(text, 9)).toBe(text.length);
    expect(lineAt(text, 2)).toBe('cde');
    expect(lineAt(text, 5)).toBeUndefined();
  });
});
