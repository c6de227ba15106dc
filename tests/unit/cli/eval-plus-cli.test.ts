/**
 * `npm run eval -- --plus` end to end, in a subprocess, on two HumanEval+ tasks cut from the real
 * file: EvalPlus's eval_results.json and printed lines, the expected outputs cache, and bad input.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HUMANEVALPLUS_PATH } from '../engine/dataset.ts';

const CLI = resolve('src/cli/eval.ts');
const dir = mkdtempSync(join(tmpdir(), 'he-plus-cli-'));
const rows = gunzipSync(readFileSync(HUMANEVALPLUS_PATH))
  .toString('utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map(
    (line) =>
      JSON.parse(line) as { task_id: string; prompt: string; canonical_solution: string; base_input: unknown[] },
  );
const chosen = rows.filter((r) => r.task_id === 'HumanEval/0' || r.task_id === 'HumanEval/53');
const problems = join(dir, 'two.jsonl');
writeFileSync(problems, chosen.map((r) => JSON.stringify(r)).join('\n') + '\n');

function runCli(args: string[]) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, HUMANEVALPLUS_PATH: problems, HUMANEVAL_PLAYGROUND_CACHE: join(dir, 'cache') },
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('npm run eval -- --plus', () => {
  it("writes EvalPlus's eval_results.json, prints its lines, and serves the expected outputs from the cache the second time", () => {
    const [t0, t53] = chosen;
    const samples = join(dir, 'samples.jsonl');
    writeFileSync(
      samples,
      [
        { task_id: 'HumanEval/0', solution: t0.prompt + t0.canonical_solution },
        { task_id: 'HumanEval/53', completion: '    return x + y\n' },
        { task_id: 'HumanEval/0', completion: '    return False\n' },
        { task_id: 'HumanEval/53', completion: '    return x - y\n' },
      ]
        .map((s) => JSON.stringify(s))
        .join('\n') + '\n',
    );
    const first = runCli([samples, '--plus', '--workers', '1']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('Computing expected output...');
    expect(first.stdout).toBe(
      [
        'humaneval (base tests)',
        'pass@1:\t0.500',
        'humaneval+ (base + extra tests)',
        'pass@1:\t0.500',
        "base {'pass@1': 0.5}",
        "plus {'pass@1': 0.5}",
        '',
      ].join('\n'),
    );
    const out = join(dir, 'samples.eval_results.json');
    expect(existsSync(`${out}.partial`)).toBe(false);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(results)).toEqual(['date', 'hash', 'eval', 'pass_at_k']);
    expect(results.date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(results.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(results.pass_at_k).toEqual({ base: { 'pass@1': 0.5 }, plus: { 'pass@1': 0.5 } });
    expect(
      results.eval['HumanEval/0'].map((r: { base_status: string; plus_status: string }) => [
        r.base_status,
        r.plus_status,
      ]),
    ).toEqual([
      ['pass', 'pass'],
      ['fail', 'fail'],
    ]);
    const wrong = results.eval['HumanEval/53'][1];
    expect(Object.keys(wrong)).toEqual([
      'task_id',
      'solution',
      'base_status',
      'plus_status',
      'base_fail_tests',
      'plus_fail_tests',
    ]);
    expect(wrong.solution).toBe(`${t53.prompt}    return x - y\n`);
    // Fail-fast: the first input, listed as the dataset has it.
    expect(wrong.base_fail_tests).toEqual([t53.base_input[0]]);
    expect(results.eval['HumanEval/0'][0].base_fail_tests).toEqual([]);

    const second = runCli([samples, '--plus', '--workers', '1', '--out', join(dir, 'again.json')]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('Load from ground-truth from');
    const again = JSON.parse(readFileSync(join(dir, 'again.json'), 'utf8'));
    expect(again.eval).toEqual(results.eval);
  }, 600_000);

  it('names the file and line of a bad sample, exits non-zero and writes nothing', () => {
    const samples = join(dir, 'bad.jsonl');
    writeFileSync(
      samples,
      `${JSON.stringify({ task_id: 'HumanEval/0', completion: '    return 1\n' })}\n{"task_id": "HumanEval/53", "solution": 5}\n`,
    );
    const { code, stderr } = runCli([samples, '--plus']);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`${samples}:2`);
    expect(existsSync(join(dir, 'bad.eval_results.json'))).toBe(false);
  }, 120_000);
});
