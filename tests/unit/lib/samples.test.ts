import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/lib/input-issue.ts';
import { loadProblems } from '../../../src/lib/problems.ts';
import {
  createSamplesParser,
  loadSamples,
  parseSamples,
  parseSamplesStream,
  tasksWithoutSamples,
} from '../../../src/lib/samples.ts';
import { EXAMPLE_SAMPLES_PATH, HUMANEVAL_PATH, readBytes, readText } from './data-paths.ts';

const IDS = ['T/0', 'T/1', 'T/2'];
const enc = (s: string) => new TextEncoder().encode(s);

describe('samples: the reference example', () => {
  it('parses example_samples.jsonl: 6 human-eval samples of test/0, numbered per task, raw lines kept', async () => {
    const text = readText(EXAMPLE_SAMPLES_PATH);
    const { format, samples, issues } = await loadSamples(readBytes(EXAMPLE_SAMPLES_PATH), ['test/0'], 'example_samples.jsonl');
    expect(issues).toEqual([]);
    expect(format).toBe('human-eval');
    expect(samples).toHaveLength(6);
    const lines = text.split('\n').filter((l) => l.length > 0);
    samples.forEach((s, i) => {
      expect(s).toMatchObject({ index: i, line: i + 1, task_id: 'test/0', completion_id: i, raw: lines[i] });
      expect(s.code).toEqual({ completion: JSON.parse(lines[i]).completion });
    });
  });

  it('maps a bigcode generations file onto the 164 HumanEval problems by position', async () => {
    const { problems } = await loadProblems(readBytes(HUMANEVAL_PATH));
    const ids = problems.map((p) => p.task_id);
    const gens = problems.map((p) => [p.prompt + p.canonical_solution, p.prompt + '    pass\n']);
    const { format, samples, issues } = parseSamples(JSON.stringify(gens), ids, 'generations.json');
    expect(issues).toEqual([]);
    expect(format).toBe('bigcode');
    expect(samples).toHaveLength(328);
    expect(samples[3]).toMatchObject({ task_id: 'HumanEval/1', completion_id: 1, line: 1 });
    expect(samples[3].code).toEqual({ solution: problems[1].prompt + '    pass\n' });
    expect(tasksWithoutSamples(samples, ids)).toEqual([]);
  });
});

describe('samples: JSONL', () => {
  it('lets `solution` win over `completion` (EvalPlus) and keeps every other key in raw', () => {
    const text = [
      '{"task_id": "T/0", "completion": "  return 1"}',
      '{"task_id": "T/0", "completion": "ignored", "solution": "def f(): return 1", "model": "m", "1": 2}',
      '{"task_id": "T/1", "solution": "def g(): pass"}',
    ].join('\n');
    const { format, samples } = parseSamples(text, IDS);
    expect(format).toBe('evalplus');
    expect(samples.map((s) => s.code)).toEqual([
      { completion: '  return 1' },
      { solution: 'def f(): return 1' },
      { solution: 'def g(): pass' },
    ]);
    expect(samples.map((s) => s.completion_id)).toEqual([0, 1, 0]);
    expect(samples[1].raw).toBe(text.split('\n')[1]);
  });

  it('numbers completions per task in file order, over interleaved tasks', () => {
    const ids = ['T/1', 'T/0', 'T/1', 'T/2', 'T/0', 'T/1'];
    const text = ids.map((id) => JSON.stringify({ task_id: id, completion: '' })).join('\n');
    expect(parseSamples(text, IDS).samples.map((s) => [s.task_id, s.completion_id, s.index])).toEqual([
      ['T/1', 0, 0], ['T/0', 0, 1], ['T/1', 1, 2], ['T/2', 0, 3], ['T/0', 1, 4], ['T/1', 2, 5],
    ]);
  });

  it('reports every bad line with its number and message, keeping the good ones', () => {
    const lines = [
      '{"task_id": "T/0", "completion": "ok"}', // 1
      '{"task_id": "T/0", "completion": "unterminated}', // 2
      '"just a string"', // 3
      '{"completion": "x"}', // 4
      '{"task_id": 7, "completion": "x"}', // 5
      '{"task_id": "HumanEval/999", "completion": "x"}', // 6
      '{"task_id": "T/1"}', // 7
      '{"task_id": "T/1", "completion": null}', // 8
      '{"task_id": "T/1", "completion": "x", "solution": 3}', // 9
      '   ', // 10: blank, skipped
      '{"task_id": "T/1", "completion": "x"} trailing', // 11
      '{"task_id": "T/2", "completion": "ok", "score": NaN}', // 12: Python accepts NaN
    ];
    const { samples, issues } = parseSamples(lines.join('\r\n'), IDS, 's.jsonl');
    expect(samples.map((s) => [s.line, s.task_id, s.completion_id])).toEqual([[1, 'T/0', 0], [12, 'T/2', 0]]);
    expect(issues.map(formatIssue)).toEqual([
      's.jsonl:2: invalid JSON: Unterminated string starting at: column 34',
      's.jsonl:3: expected a JSON object, got string',
      's.jsonl:4: missing "task_id"',
      's.jsonl:5: "task_id" must be a string, got number',
      's.jsonl:6: unknown task_id "HumanEval/999": not in the problems file',
      's.jsonl:7: needs a "completion" (human-eval) or "solution" (EvalPlus) string',
      's.jsonl:8: "completion" must be a string, got null',
      's.jsonl:9: "solution" must be a string, got number',
      's.jsonl:11: invalid JSON: Extra data: column 39',
    ]);
  });

  it('handles a BOM, CRLF, lone CR and whitespace-only lines', () => {
    const text = '\ufeff{"task_id": "T/0", "completion": "a"}\r\n\t \r\n{"task_id": "T/1", "completion": "b"}\r{"task_id": "T/2", "completion": "c"}\r\n';
    const { samples, issues } = parseSamples(text, IDS);
    expect(issues).toEqual([]);
    expect(samples.map((s) => [s.line, s.raw])).toEqual([
      [1, '{"task_id": "T/0", "completion": "a"}'],
      [3, '{"task_id": "T/1", "completion": "b"}'],
      [4, '{"task_id": "T/2", "completion": "c"}'],
    ]);
  });

  it('reports an empty file', () => {
    for (const text of ['', '\n \n', '\ufeff']) {
      expect(parseSamples(text, IDS, 'e.jsonl').issues.map(formatIssue)).toEqual(['e.jsonl: no samples: the file is empty']);
    }
  });

  it('gives identical results streamed in small gzipped chunks and parsed whole', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      const id = IDS[i % 3];
      lines.push(i % 50 === 7 ? '{bad' : JSON.stringify({ task_id: id, completion: `  return ${i} # caf\u00e9 \u{1F600}` }));
    }
    const text = lines.join('\r\n') + '\r\n';
    const whole = parseSamples(text, IDS, 's');
    const gz = new Uint8Array(gzipSync(enc(text)));
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at >= gz.length) return c.close();
        c.enqueue(gz.slice(at, at + 13));
        at += 13;
      },
    });
    const streamed = await parseSamplesStream(stream, IDS, 's');
    expect(streamed).toEqual(whole);
    expect(whole.samples).toHaveLength(294);
    expect(whole.issues.map((i) => i.line)).toEqual([8, 58, 108, 158, 208, 258]);
  });

  it('can be fed line by line', () => {
    const parser = createSamplesParser(new Set(IDS), 'x');
    parser.pushLine('{"task_id": "T/2", "completion": "c"}');
    parser.pushLine('');
    parser.pushLine('{"task_id": "T/2", "solution": "s"}');
    const { samples, format } = parser.finish();
    expect(format).toBe('evalplus');
    expect(samples.map((s) => [s.line, s.completion_id])).toEqual([[1, 0], [3, 1]]);
  });

  it('lists the tasks without samples', () => {
    const { samples } = parseSamples('{"task_id": "T/1", "completion": ""}', IDS);
    expect(tasksWithoutSamples(samples, IDS)).toEqual(['T/0', 'T/2']);
  });
});

describe('samples: bigcode generations JSON', () => {
  it('matches entry i to problem i, as full programs, with line numbers of pretty-printed files', () => {
    const text = JSON.stringify([['def a(): 1', 'def a(): 2'], [], ['def c(): 3']], null, 2);
    const { format, samples, issues } = parseSamples('\n' + text, IDS, 'g.json');
    expect(issues).toEqual([]);
    expect(format).toBe('bigcode');
    expect(samples.map((s) => [s.task_id, s.completion_id, s.line, s.code])).toEqual([
      ['T/0', 0, 4, { solution: 'def a(): 1' }],
      ['T/0', 1, 5, { solution: 'def a(): 2' }],
      ['T/2', 0, 9, { solution: 'def c(): 3' }],
    ]);
    expect(samples[0].raw).toBe('{"task_id": "T/0", "solution": "def a(): 1"}');
    expect(tasksWithoutSamples(samples, IDS)).toEqual(['T/1']);
  });

  it('reports bad entries and entries beyond the last problem', () => {
    const text = '[\n["ok"],\n"no",\n["x", 5,\n null],\n["extra"]\n]';
    const { samples, issues } = parseSamples(text, IDS, 'g.json');
    expect(samples.map((s) => s.task_id)).toEqual(['T/0', 'T/2']);
    expect(issues.map(formatIssue)).toEqual([
      'g.json:3: entry 1 (T/1) must be an array of programs, got string',
      'g.json:4: entry 2 (T/2), program 1 must be a string, got number',
      'g.json:5: entry 2 (T/2), program 2 must be a string, got null',
      'g.json:6: entry 3 has no problem: the problems file has 3 tasks (entry i is problem i)',
    ]);
  });

  it('reports invalid JSON with the line where parsing stopped', () => {
    const { issues } = parseSamples('[\n["a",\n"b"\n["c"]]', IDS, 'g.json');
    expect(issues.map(formatIssue)).toEqual(["g.json:4: invalid JSON: Expecting ',' delimiter: column 1"]);
  });

  it('reports an empty generations list', () => {
    expect(parseSamples('[]', IDS, 'g.json').issues.map(formatIssue)).toEqual(['g.json: no samples: the file is empty']);
  });
});
