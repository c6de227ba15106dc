import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/lib/problems.ts';
import { filterProblems, indexProblem, summarize } from '../../../src/lib/problem-index.ts';
import type { ProblemStatus } from '../../../src/lib/problem-status.ts';

// Small made-up problems in HumanEval's shape (the dataset itself never lives in the repo).
function problem(n: number, entry: string, doc: string): Problem {
  return {
    task_id: `Toy/${n}`,
    prompt: `from typing import List\n\n\ndef ${entry}(xs: List[int]) -> int:\n    """ ${doc}\n    >>> ${entry}([1])\n    1\n    """\n`,
    canonical_solution: '    return 1\n',
    test: 'def check(candidate):\n    assert candidate([1]) == 1\n',
    entry_point: entry,
  };
}

const problems = [
  problem(0, 'first_even', 'Return the first even number of the list.'),
  problem(1, 'sum_odd', 'Sum the odd numbers. Zero for an empty list.'),
  problem(12, 'longest_run', 'Length of the longest run of equal numbers.'),
  problem(120, 'count_twelve', 'How many times 12 appears in the list.'),
];
const entries = problems.map(indexProblem);
const untried = (): ProblemStatus => 'untried';
const ids = (list: { taskId: string }[]) => list.map((e) => e.taskId);

describe('summarize', () => {
  it('takes the first sentence of the entry point’s docstring', () => {
    expect(summarize(problems[1].prompt, 'sum_odd')).toBe('Sum the odd numbers.');
  });

  it('skips helper functions defined before the entry point', () => {
    const prompt = `def helper(x):\n    """Not this one."""\n    return x\n\n\ndef main(x):\n    """This one. Yes."""\n`;
    expect(summarize(prompt, 'main')).toBe('This one.');
  });

  it('stops before examples and shortens very long text', () => {
    const prompt = `def f(x):\n    """\n    ${'word '.repeat(60)}\n    >>> f(1)\n    """\n`;
    const summary = summarize(prompt, 'f');
    expect(summary.length).toBeLessThanOrEqual(140);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary).not.toContain('>>>');
  });

  it('falls back to the prompt’s first line without a docstring', () => {
    expect(summarize('def f(x):\n', 'f')).toBe('def f(x):');
  });
});

describe('filterProblems', () => {
  it('matches every word against id, entry point and prompt, case-insensitively', () => {
    expect(ids(filterProblems(entries, 'ODD numbers', 'all', untried))).toEqual(['Toy/1']);
    expect(ids(filterProblems(entries, 'first_even', 'all', untried))).toEqual(['Toy/0']);
    expect(ids(filterProblems(entries, 'numbers', 'all', untried))).toEqual(['Toy/1', 'Toy/12']);
    expect(filterProblems(entries, 'nothing like this', 'all', untried)).toEqual([]);
  });

  it('puts the problem whose number or id is the query first', () => {
    expect(ids(filterProblems(entries, '12', 'all', untried))).toEqual(['Toy/12', 'Toy/120']);
    expect(ids(filterProblems(entries, 'toy/120', 'all', untried))).toEqual(['Toy/120']);
  });

  it('filters by status', () => {
    const status = (id: string): ProblemStatus => (id === 'Toy/1' ? 'passed' : id === 'Toy/12' ? 'timed out' : 'untried');
    expect(ids(filterProblems(entries, '', 'passed', status))).toEqual(['Toy/1']);
    expect(ids(filterProblems(entries, '', 'timed out', status))).toEqual(['Toy/12']);
    expect(ids(filterProblems(entries, '', 'all', status))).toHaveLength(4);
  });
});
