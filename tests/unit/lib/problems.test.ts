import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/lib/input-issue.ts';
import { loadProblems, parseProblems } from '../../../src/lib/problems.ts';
import { EXAMPLE_PROBLEM_PATH, HUMANEVAL_PATH, readBytes, readText } from './data-paths.ts';

const row = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ task_id: id, prompt: 'def f():\n', canonical_solution: '    return 1\n', test: 't', entry_point: 'f', ...extra });

describe('problems: the real files', () => {
  it('loads the 164 HumanEval problems from the gzipped dataset', async () => {
    const { problems, issues } = await loadProblems(readBytes(HUMANEVAL_PATH), 'HumanEval.jsonl.gz');
    expect(issues).toEqual([]);
    expect(problems).toHaveLength(164);
    expect(problems.map((p) => p.task_id)).toEqual(Array.from({ length: 164 }, (_, i) => `HumanEval/${i}`));
    for (const p of problems) {
      expect(Object.keys(p)).toEqual(['task_id', 'prompt', 'canonical_solution', 'test', 'entry_point']);
      expect(p.prompt.endsWith('\n')).toBe(true);
      expect(p.test).toContain('def check(candidate)');
      expect(p.prompt).toContain(`def ${p.entry_point}(`);
    }
  });

  it('loads the example problem from plain JSONL', async () => {
    const { problems, issues } = await loadProblems(readBytes(EXAMPLE_PROBLEM_PATH), 'example_problem.jsonl');
    expect(issues).toEqual([]);
    expect(problems).toEqual([JSON.parse(readText(EXAMPLE_PROBLEM_PATH))]);
  });
});

describe('problems: parsing rules', () => {
  it('detects gzip by content, not by name', async () => {
    const text = `${row('a')}\n${row('b')}\n`;
    const gz = new Uint8Array(gzipSync(new TextEncoder().encode(text)));
    expect((await loadProblems(gz, 'problems.jsonl')).problems.map((p) => p.task_id)).toEqual(['a', 'b']);
  });

  it('skips whitespace-only lines and accepts CRLF, a BOM and a missing final newline', () => {
    const text = `\ufeff${row('a')}\r\n  \r\n\t\r\n\u3000\r\n${row('b')}`;
    const { problems, issues } = parseProblems(text);
    expect(issues).toEqual([]);
    expect(problems.map((p) => p.task_id)).toEqual(['a', 'b']);
  });

  it('keeps only the five fields and accepts extra ones (HumanEval+ rows carry more)', () => {
    const { problems } = parseProblems(row('a', { contract: 'x', base_input: [[1]], atol: 0 }));
    expect(problems[0]).toEqual({ task_id: 'a', prompt: 'def f():\n', canonical_solution: '    return 1\n', test: 't', entry_point: 'f' });
  });

  it('reports each bad line with its 1-based number and keeps the good ones', () => {
    const lines = [
      row('a'), // 1
      '', // 2: blank, skipped
      '{"task_id": "b", "prompt": ', // 3: truncated
      '[1, 2]', // 4
      JSON.stringify({ task_id: 'c', prompt: 'p' }), // 5: three fields missing
      row('d', { test: 42 }), // 6
      row('a'), // 7: duplicate
      row('e', { entry_point: null }), // 8
      row('f'), // 9
    ];
    const { problems, issues } = parseProblems(lines.join('\n'), 'p.jsonl');
    expect(problems.map((p) => p.task_id)).toEqual(['a', 'f']);
    expect(issues.map(formatIssue)).toEqual([
      'p.jsonl:3: invalid JSON: Expecting value: column 28',
      'p.jsonl:4: expected a JSON object, got array',
      'p.jsonl:5: missing fields "canonical_solution", "test", "entry_point"',
      'p.jsonl:6: field "test" must be a string, got number',
      'p.jsonl:7: duplicate task_id "a" (first on line 1); this copy is ignored',
      'p.jsonl:8: field "entry_point" must be a string, got null',
    ]);
  });

  it('reports an empty file as a whole-file issue', () => {
    const { problems, issues } = parseProblems(' \n\n', 'empty.jsonl');
    expect(problems).toEqual([]);
    expect(issues.map(formatIssue)).toEqual(['empty.jsonl: no problems: the file is empty']);
  });

  it('accepts what Python accepts but JSON.parse does not (NaN in an unused field)', () => {
    const line = row('a').replace('}', ', "atol": NaN}');
    expect(parseProblems(line).problems).toHaveLength(1);
  });
});
