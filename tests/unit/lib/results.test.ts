import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resultsFileName, resultsLine, resultsLines } from '../../../src/lib/results.ts';
import { parseSamples } from '../../../src/lib/samples.ts';
import { EXAMPLE_SAMPLES_PATH, readText } from './data-paths.ts';

// `json.dumps(obj) + "\n"` after `obj = json.loads(line); obj["result"] = …; obj["passed"] = …`,
// computed by CPython in tests/fixtures/gen_py_json.py.
interface Fixture {
  results: { line: string; result: string; passed: boolean; expected: string }[];
}
const fixture: Fixture = JSON.parse(readFileSync(new URL('../../fixtures/py-json.json', import.meta.url), 'utf8'));

describe('resultsLine', () => {
  it('re-emits tricky lines byte for byte as the reference does', () => {
    expect(fixture.results.length).toBeGreaterThan(40);
    for (const { line, result, passed, expected } of fixture.results) {
      expect({ line, got: resultsLine(line, result, passed) }).toEqual({ line, got: expected });
    }
  });

  it('overwrites existing "result"/"passed" keys in place', () => {
    expect(resultsLine('{"passed": 0, "task_id": "t", "result": 1}', 'timed out', false)).toBe(
      '{"passed": false, "task_id": "t", "result": "timed out"}\n',
    );
  });

  it('refuses a line that is not an object', () => {
    expect(() => resultsLine('[1]', 'passed', true)).toThrow(/expected a JSON object/);
  });

  it('appends the two keys to each example sample line', () => {
    const outcomes = ["failed: 'NoneType' object is not callable", 'timed out', 'failed: ', 'passed', 'passed', 'passed'];
    const { samples } = parseSamples(readText(EXAMPLE_SAMPLES_PATH), ['test/0']);
    const rows = samples.map((s, i) => ({ raw: s.raw, result: outcomes[i], passed: outcomes[i] === 'passed' }));
    const out = [...resultsLines(rows)];
    // These lines were written by json.dumps already, so only the new keys change.
    out.forEach((line, i) => {
      const tail = `, "result": ${JSON.stringify(rows[i].result)}, "passed": ${rows[i].passed}}\n`;
      expect(line).toBe(samples[i].raw.slice(0, -1) + tail);
    });
  });

  it('round-trips bigcode samples through their synthesized line', () => {
    const { samples } = parseSamples('[["def f():\\n    return \\"\\u00e9\\""]]', ['HumanEval/0']);
    expect(resultsLine(samples[0].raw, 'passed', true)).toBe(
      '{"task_id": "HumanEval/0", "solution": "def f():\\n    return \\"\\u00e9\\"", "result": "passed", "passed": true}\n',
    );
  });
});

describe('resultsFileName', () => {
  it('appends _results.jsonl to the whole name, like the reference', () => {
    expect(resultsFileName('samples.jsonl')).toBe('samples.jsonl_results.jsonl');
    expect(resultsFileName('s.jsonl.gz')).toBe('s.jsonl.gz_results.jsonl');
  });
});
