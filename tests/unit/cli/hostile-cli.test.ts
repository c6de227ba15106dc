/**
 * The CLI completes a samples file whose every other line is hostile, on one worker, and gives
 * every line the verdict it would get alone: no hostile sample changes another's, and none makes
 * the run fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HONEST, HOSTILE, expectedFor } from '../../fixtures/hostile-samples.ts';
import { PYTHON_VERSIONS } from '../../../src/lib/python-version.ts';
import { EXAMPLE_PROBLEM_PATH } from '../lib/data-paths.ts';

describe('npm run eval on a hostile file', () => {
  it.each(PYTHON_VERSIONS)('completes under Python %s, and every honest line keeps its verdict', (python) => {
    const dir = mkdtempSync(join(tmpdir(), 'he-cli-hostile-'));
    const lines = HOSTILE.flatMap((hostile, i) => [hostile, HONEST[i % HONEST.length]]);
    const samples = join(dir, 'hostile.jsonl');
    // A comment makes every line a distinct program, so none shares another's verdict.
    writeFileSync(samples, lines.map((s, i) => JSON.stringify({ task_id: 'test/0', completion: `${s.completion}\n    # line ${i}\n`, name: s.name })).join('\n'));
    const child = spawnSync(process.execPath, ['--import', 'tsx', resolve('src/cli/eval.ts'), samples, '--problems', EXAMPLE_PROBLEM_PATH, '--workers', '1', '--python', python], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const results = readFileSync(`${samples}_results.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { name: string; result: string; passed: boolean });
    expect(results.map((r) => r.name)).toEqual(lines.map((s) => s.name));
    results.forEach((r, i) => {
      const expected = expectedFor(lines[i], python);
      if (typeof expected === 'string') expect(r.result, r.name).toBe(expected);
      else expect(r.result, r.name).toMatch(expected);
      expect(r.passed, r.name).toBe(r.result === 'passed');
    });
  });
});
