/**
 * The headless CLI end to end, in a subprocess, on the reference's example files and on bad input.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PROBLEM_PATH, EXAMPLE_SAMPLES_PATH } from '../lib/data-paths.ts';

const CLI = resolve('src/cli/eval.ts');

function runCli(args: string[]) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, HUMANEVAL_PATH: EXAMPLE_PROBLEM_PATH },
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'he-cli-'));
}

// What openai/human-eval writes for its example file (its data/example_samples.jsonl):
// every input line with its keys in order, then "result" and "passed".
const EXPECTED_RESULTS = [
  `{"task_id": "test/0", "completion": "    import subprocess\\n    subprocess.check_output('rm -rf tmp')", "result": "failed: 'NoneType' object is not callable", "passed": false}`,
  `{"task_id": "test/0", "completion": "    import time\\n    time.sleep(10)\\n    return 1", "result": "timed out", "passed": false}`,
  `{"task_id": "test/0", "completion": "    return input('enter a number')", "result": "failed: ", "passed": false}`,
  `{"task_id": "test/0", "completion": "    return 1", "result": "passed", "passed": true}`,
  `{"task_id": "test/0", "completion": "  return 1", "result": "passed", "passed": true}`,
  `{"task_id": "test/0", "completion": "\\treturn 1", "result": "passed", "passed": true}`,
];

describe('npm run eval', () => {
  it('matches the reference on its example files, gzipped input included', () => {
    const dir = scratch();
    const samples = join(dir, 'example_samples.jsonl.gz');
    writeFileSync(samples, gzipSync(readFileSync(EXAMPLE_SAMPLES_PATH)));
    const { code, stdout, stderr } = runCli([samples, '--workers', '1', '--k', '1,2,7']);
    expect(code, stderr).toBe(0);
    // The reference prints {'pass@1': 0.4999999999999999}; with k=2 also computable (n = 6).
    expect(stdout.trim()).toBe(`{'pass@1': 0.4999999999999999, 'pass@2': 0.8}`);
    expect(stderr).toContain('pass@7 left out: 1 of 1 tasks have fewer than 7 samples');
    const results = readFileSync(`${samples}_results.jsonl`, 'utf8');
    expect(results).toBe(EXPECTED_RESULTS.map((line) => `${line}\n`).join(''));
    expect(existsSync(`${samples}_results.jsonl.partial`)).toBe(false);
    const summary = JSON.parse(readFileSync(join(dir, 'example_samples.jsonl.gz_summary.json'), 'utf8'));
    expect(summary.counts).toEqual({ samples: 6, tasks: 1, passed: 3, failed: 2, timedOut: 1, shared: 0 });
    expect(stderr).not.toContain('shared the verdict');
  });

  it('--python 3.11,3.14 writes one results file and summary per version and the changed samples on stderr', () => {
    const dir = scratch();
    const samples = join(dir, 'versions_results.jsonl'.replace('_results', ''));
    // int.is_integer() exists from 3.12 on: the reference's 3.11 fails it, 3.14 passes it. pass@1
    // is printed with the reference's own estimator arithmetic (1 - 2/3 = 0.33333333333333326).
    const lines = ['    return 1', '    return int((1).is_integer())', '    return max([])'];
    writeFileSync(samples, lines.map((completion) => JSON.stringify({ task_id: 'test/0', completion })).join('\n'));
    const { code, stdout, stderr } = runCli([samples, '--workers', '1', '--k', '1', '--python', '3.11,3.14']);
    expect(code, stderr).toBe(0);
    const read = (python: string) =>
      readFileSync(join(dir, `versions.jsonl_python${python}_results.jsonl`), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { result: string });
    expect(read('3.11').map((r) => r.result)).toEqual(['passed', "failed: 'int' object has no attribute 'is_integer'", 'failed: max() arg is an empty sequence']);
    expect(read('3.14').map((r) => r.result)).toEqual(['passed', 'passed', 'failed: max() iterable argument is empty']);
    for (const [python, pyodide] of [['3.11', '0.25.1'], ['3.14', '314.0.7']]) {
      const summary = JSON.parse(readFileSync(join(dir, `versions.jsonl_python${python}_summary.json`), 'utf8'));
      expect(summary.versions).toMatchObject({ python, pyodide });
    }
    expect(stdout.trim().split('\n')).toEqual([`{'pass@1': 0.33333333333333326}`, `{'pass@1': 0.6666666666666666}`]);
    expect(stderr).toContain('Python 3.11: pass@1 33.33');
    expect(stderr).toContain('Python 3.14: pass@1 66.67');
    expect(stderr).toContain('1 sample(s) passed under one version and not the other; 1 more read differently');
    expect(stderr).toContain(`#1 test/0: 3.11 "failed: 'int' object has no attribute 'is_integer'" | 3.14 "passed"`);
  });

  it('refuses an unknown --python', () => {
    const { code, stderr } = runCli([EXAMPLE_SAMPLES_PATH, '--python', '3.12']);
    expect(code).toBe(2);
    expect(stderr).toContain('--python: unknown Python version "3.12"');
  });

  it('evaluates identical samples once, writes every line in order and says how many shared a verdict', () => {
    const dir = scratch();
    const samples = join(dir, 'repeated.jsonl');
    const bodies = ['    return 1', '    return 2', '    return 1', '    return 1', '    1/0', '    return 2'];
    const lines = bodies.map((completion, i) => JSON.stringify({ task_id: 'test/0', completion, n: i }));
    writeFileSync(samples, lines.join('\n') + '\n');
    const { code, stdout, stderr } = runCli([samples, '--workers', '1', '--k', '1']);
    expect(code, stderr).toBe(0);
    // 3 of 6 passed: the reference's product form gives what it gives for its own example.
    expect(stdout.trim()).toBe(`{'pass@1': 0.4999999999999999}`);
    const results = readFileSync(`${samples}_results.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(results.map((r) => [r.n, r.result])).toEqual([
      [0, 'passed'],
      [1, 'failed: '],
      [2, 'passed'],
      [3, 'passed'],
      [4, 'failed: division by zero'],
      [5, 'failed: '],
    ]);
    expect(stderr).toContain('3 of 6 samples shared the verdict of an identical sample (3 distinct programs evaluated)');
    const summary = JSON.parse(readFileSync(join(dir, 'repeated.jsonl_summary.json'), 'utf8'));
    expect(summary.counts).toMatchObject({ samples: 6, passed: 3, failed: 3, timedOut: 0, shared: 3 });
  });

  it('reads EvalPlus solutions and bigcode generations', () => {
    const dir = scratch();
    const evalplus = join(dir, 'evalplus.jsonl');
    writeFileSync(
      evalplus,
      [
        JSON.stringify({ task_id: 'test/0', solution: 'def return1():\n    return 1\n' }),
        JSON.stringify({ task_id: 'test/0', solution: 'def return1():\n    return 2\n', completion: '    return 1' }),
      ].join('\n'),
    );
    const a = runCli([evalplus, '--workers', '1', '--out', join(dir, 'out.jsonl')]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout.trim()).toBe(`{'pass@1': 0.5}`);
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.result)).toEqual(['passed', 'failed: ']);

    const bigcode = join(dir, 'generations.json');
    writeFileSync(bigcode, JSON.stringify([['def return1():\n    return 1', 'def return1():\n    1/0']]));
    const b = runCli([bigcode, '--workers', '1']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout.trim()).toBe(`{'pass@1': 0.5}`);
    const rows = readFileSync(`${bigcode}_results.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.result)).toEqual(['passed', 'failed: division by zero']);
  });

  it('names the file and line of every bad line, exits non-zero and writes no results', () => {
    const dir = scratch();
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      [
        JSON.stringify({ task_id: 'test/0', completion: '    return 1' }),
        '{"task_id": "test/0", "completion": ',
        JSON.stringify({ task_id: 'HumanEval/999', completion: '    return 1' }),
        JSON.stringify({ completion: '    return 1' }),
      ].join('\n'),
    );
    const { code, stderr } = runCli([bad, '--workers', '1']);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`${bad}:2: invalid JSON`);
    expect(stderr).toContain(`${bad}:3: unknown task_id "HumanEval/999"`);
    expect(stderr).toContain(`${bad}:4: missing "task_id"`);
    expect(existsSync(`${bad}_results.jsonl`)).toBe(false);
    expect(existsSync(`${bad}_results.jsonl.partial`)).toBe(false);
  });

  it('refuses an empty file and a missing problems file with a clear message', () => {
    const dir = scratch();
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '\n\n');
    const a = runCli([empty, '--workers', '1']);
    expect(a.code).not.toBe(0);
    expect(a.stderr).toContain(`${empty}: no samples`);
    const samples = join(dir, 's.jsonl');
    copyFileSync(EXAMPLE_SAMPLES_PATH, samples);
    const b = runCli([samples, '--problems', join(dir, 'missing.jsonl')]);
    expect(b.code).not.toBe(0);
    expect(b.stderr).toContain('missing.jsonl: cannot read problems file');
    expect(existsSync(`${samples}_results.jsonl`)).toBe(false);
  });

  it('Ctrl-C mid-run closes the engine, leaves neither results nor a .partial file, and exits 130', async () => {
    const dir = scratch();
    const samples = join(dir, 'loops.jsonl');
    const loop = JSON.stringify({ task_id: 'test/0', completion: '    while True:\n        pass' });
    writeFileSync(samples, `${loop}\n`.repeat(20));
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, samples, '--workers', '1'], {
      env: { ...process.env, HUMANEVAL_PATH: EXAMPLE_PROBLEM_PATH },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const partial = `${samples}_results.jsonl.partial`;
    // The .partial file exists once the engine is up and the first verdicts are on their way.
    const deadline = Date.now() + 100_000;
    while (!existsSync(partial) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(partial), stderr).toBe(true);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain('interrupted: no results file written');
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(`${samples}_results.jsonl`)).toBe(false);
  }, 120_000);
});
