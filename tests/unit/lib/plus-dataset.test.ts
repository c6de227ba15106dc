import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexPlusLines, parsePlusLine, plusDatasetId } from '../../../src/lib/plus-dataset.ts';
import { HUMANEVALPLUS_SHA256, parsePlusTasks } from '../../../src/lib/plus.ts';

const PLUS_PATH = process.env.HUMANEVALPLUS_PATH ?? '/work/shared/data/HumanEvalPlus.jsonl.gz';

describe('indexPlusLines', () => {
  it('indexes the real file and parses a task as parsePlusTasks does', () => {
    const text = gunzipSync(readFileSync(PLUS_PATH)).toString('utf8');
    const { lines, issues } = indexPlusLines(text, 'HumanEvalPlus.jsonl.gz');
    expect(issues).toEqual([]);
    expect(lines.size).toBe(164);
    const entry = lines.get('HumanEval/35')!;
    expect(entry.line).toBe(36);
    const task = parsePlusLine(entry, 'HumanEvalPlus.jsonl.gz');
    const whole = parsePlusTasks(text.split('\n')[35]).tasks[0];
    expect(task).toEqual(whole);
  });

  it('names the line of each bad record, and refuses an empty file', () => {
    const good = JSON.stringify({
      task_id: 'T/0',
      prompt: '',
      contract: '',
      canonical_solution: '',
      base_input: [],
      plus_input: [],
      atol: 0,
      entry_point: 'f',
    });
    const { lines, issues } = indexPlusLines(`${good}\n\n{oops\n${good}\n{"task_id": "T/1"}\n[1]\n`, 'x.jsonl');
    expect([...lines.keys()]).toEqual(['T/0']);
    expect(issues.map((i) => [i.line, i.message.split(' ')[0]])).toEqual([
      [3, 'invalid'],
      [4, 'duplicate'],
      [5, 'missing'],
      [6, 'expected'],
    ]);
    expect(indexPlusLines('\n', 'empty.jsonl').issues).toEqual([
      { source: 'empty.jsonl', line: 0, message: 'no problems: the file is empty' },
    ]);
  });

  it('reports a task that does not parse with its line in the file', () => {
    const bad = JSON.stringify({
      task_id: 'T/0',
      prompt: '',
      contract: '',
      canonical_solution: '',
      base_input: [1],
      plus_input: [],
      atol: 0,
      entry_point: 'f',
    });
    const { lines } = indexPlusLines(`\n\n${bad}\n`, 'x.jsonl');
    expect(parsePlusLine(lines.get('T/0')!, 'x.jsonl')).toMatchObject({
      line: 3,
      message: expect.stringMatching(/base_input/),
    });
  });

  it('knows the official file by its checksum', () => {
    expect(plusDatasetId(HUMANEVALPLUS_SHA256)).toBe('humanevalplus');
    expect(plusDatasetId('ab'.repeat(32))).toBe(`plus-sha256-${'ab'.repeat(8)}`);
  });
});
