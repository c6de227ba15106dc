import { describe, expect, it } from 'vitest';
import { codeOfLine, extractCode } from '../../../src/lib/extract-code.ts';
import { diffLines } from '../../../src/lib/line-diff.ts';

const problem = {
  prompt: 'from typing import List\n\n\ndef add(a: int, b: int) -> int:\n    """Add two numbers."""\n',
  entry_point: 'add',
};
const body = '    return a + b\n';

describe('extractCode', () => {
  it('leaves plain completions alone', () => {
    const result = extractCode({ completion: body }, problem);
    expect(result).toEqual({ code: { completion: body }, changed: false, steps: [] });
  });

  it('takes the code out of a markdown fence with prose around it', () => {
    const chat = `Here is the implementation:\n\n\`\`\`python\n${body}\`\`\`\n\nThis adds the numbers.`;
    const result = extractCode({ completion: chat }, problem);
    expect(result.code).toEqual({ completion: body });
    expect(result.steps).toEqual(['fence']);
  });

  it('prefers the fenced block that defines the entry point', () => {
    const chat =
      '```python\nprint(add(1, 2))\n```\nand the function:\n```python\ndef add(a, b):\n    return a + b\n```\n';
    expect(extractCode({ completion: chat }, problem).code).toEqual({ completion: 'def add(a, b):\n    return a + b\n' });
  });

  it('keeps an unclosed fence (the output was cut off)', () => {
    const chat = '```py\ndef add(a, b):\n    return a + b\n';
    expect(extractCode({ solution: chat }, problem)).toMatchObject({
      code: { solution: 'def add(a, b):\n    return a + b\n' },
      steps: ['fence'],
    });
  });

  it('cuts a body at a lone closing fence', () => {
    const result = extractCode({ completion: `${body}\`\`\`\n\nExplanation: it adds.` }, problem);
    expect(result.code).toEqual({ completion: body });
  });

  it('removes a repeated prompt, exactly or stripped', () => {
    expect(extractCode({ completion: problem.prompt + body }, problem)).toMatchObject({
      code: { completion: body },
      steps: ['prompt'],
    });
    const stripped = '  \n' + problem.prompt.trim() + '\n\n' + body;
    expect(extractCode({ completion: stripped }, problem).code).toEqual({ completion: '\n\n' + body });
    const fenced = '```python\n' + problem.prompt + body + '```';
    expect(extractCode({ completion: fenced }, problem)).toMatchObject({ code: { completion: body }, steps: ['fence', 'prompt'] });
  });

  it('never strips a prompt from an EvalPlus solution', () => {
    const solution = problem.prompt + body;
    expect(extractCode({ solution }, problem).changed).toBe(false);
  });

  it('drops trailing and leading prose but keeps code and docstrings', () => {
    const text = `${body}\nThis function returns the sum.\nIt is O(1).\n`;
    expect(extractCode({ completion: text }, problem)).toMatchObject({ code: { completion: body }, steps: ['prose'] });
    const full = 'Sure! Here it is:\n\ndef add(a, b):\n    return a + b\n';
    expect(extractCode({ solution: full }, problem).code).toEqual({ solution: 'def add(a, b):\n    return a + b\n' });
    const docstring = '"""\nModule notes written as prose.\n"""\nimport math\nx = 1\nprint(x)\n';
    expect(extractCode({ solution: docstring }, problem).changed).toBe(false);
    expect(extractCode({ solution: 'result = add(1, 2)\n@decorator\nclass A:\n    pass\n# note\n' }, problem).changed).toBe(false);
  });

  it('treats a lone label line as prose', () => {
    const text = `${body}\nExplanation:\n- adds\n`;
    expect(extractCode({ completion: text }, problem).code).toEqual({ completion: body });
  });
});

describe('codeOfLine', () => {
  it('reads the code a samples line carries', () => {
    expect(codeOfLine('{"task_id": "a", "completion": "x"}')).toEqual({ completion: 'x' });
    expect(codeOfLine('{"task_id": "a", "solution": "y", "completion": "x"}')).toEqual({ solution: 'y' });
    expect(codeOfLine('not json')).toBeUndefined();
  });
});

describe('diffLines', () => {
  it('marks kept, removed and added lines in order', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    expect(diffLines('x', 'x')).toEqual([{ kind: 'same', text: 'x' }]);
  });
});
