/**
 * HumanEval+ through the whole path (pool, worker, plus.py, the JavaScript judge) with real Pyodide
 * workers, against what EvalPlus master 26d6d00 gives (ARCHITECTURE.md, "HumanEval+"): the
 * canonical solutions, the find_zero oracle, limits, the guard, JSON inputs, and hostile samples that
 * go after the comparison or the next sample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootInfo } from '../../../workers/protocol.ts';
import type { PlusTask } from '../../../src/lib/plus.ts';
import { assembleProgram } from '../../../src/lib/program.ts';
import { createNodePool } from '../../../src/runner/node-pool.ts';
import { computeExpected, evaluatePart, evaluatePlusSample, type ExpectedOutputs } from '../../../src/runner/plus.ts';
import type { EnginePool } from '../../../src/runner/pool.ts';
import { loadHumanEval, loadHumanEvalPlus } from './dataset.ts';

let pool: EnginePool;
let boot: BootInfo;
let tasks: PlusTask[];
let byId: Map<string, PlusTask>;
let expected: ExpectedOutputs;

const task = (id: string) => byId.get(`HumanEval/${id}`)!;
/** The task's prompt with a body of our own (indented already). */
const withBody = (id: string, body: string) => task(id).prompt + body;
const base = (id: string, solution: string, on = pool) =>
  evaluatePart(on, task(id), expected.get(task(id).task_id)!.base, solution, 'base');
const canonical = (id: string) => task(id).prompt + task(id).canonical_solution;

beforeAll(async () => {
  tasks = await loadHumanEvalPlus();
  byId = new Map(tasks.map((t) => [t.task_id, t]));
  pool = createNodePool({ size: 2, spare: false });
  boot = await pool.ready;
  expected = await computeExpected(pool, tasks);
}, 600_000);
afterAll(() => pool?.close());

describe('canonical solutions (HumanEval+ v0.1.10, 2 workers)', () => {
  it('all 164 pass base and plus (but HumanEval/32 plus on Python 3.12+)', async () => {
    expect(tasks).toHaveLength(164);
    const verdicts = await Promise.all(
      tasks.map((t) => evaluatePlusSample(pool, t, expected.get(t.task_id)!, canonical(t.task_id.split('/')[1]))),
    );
    const failing = verdicts.flatMap((v, i) =>
      (['base', 'plus'] as const)
        .filter((part) => v[part].status !== 'pass')
        .map((part) => `${tasks[i].task_id} ${part}: ${v[part].status} at ${v[part].failure?.index}`),
    );
    // Python 3.12 made `sum` of floats compensated, so the canonical Newton iteration of
    // HumanEval/32 (whose `poly` is a `sum`) ends elsewhere on plus input 177 and its root misses
    // the oracle's 1e-4; on CPython 3.11, where EvalPlus's checks ran, it passes.
    const [major, minor] = boot.pythonVersion.split('.').map(Number);
    expect(failing).toEqual(major === 3 && minor >= 12 ? ['HumanEval/32 plus: fail at 177'] : []);
    for (const v of verdicts) {
      expect(v.base.completed).toBe(v.base.total);
      expect(v.base.decidedByLimit).toBeUndefined();
    }
  }, 600_000);
});

describe('EvalPlus master semantics', () => {
  it('HumanEval/32: a body that zeroes the coefficients and returns 0.0 passes (the oracle reads the list after the call)', async () => {
    const v = await evaluatePlusSample(
      pool,
      task('32'),
      expected.get('HumanEval/32')!,
      withBody('32', '    xs[:] = [0] * len(xs)\n    return 0.0\n'),
    );
    expect([v.base.status, v.plus.status]).toEqual(['pass', 'pass']);
    const wrong = await base('32', withBody('32', '    return 0.0\n'));
    expect(wrong.status).toBe('fail');
    expect(wrong.failure?.reason).toBe('oracle');
  }, 120_000);

  it('a call past its 4 s limit is fail, not timeout, and the verdict says a limit decided it', async () => {
    const v = await base('0', withBody('0', '    import time\n    time.sleep(5)\n    return True\n'));
    expect(v.status).toBe('fail');
    expect(v.completed).toBe(1);
    expect(v.failure).toMatchObject({
      index: 0,
      reason: 'error',
      pastLimit: true,
      error: { type: 'TimeoutException' },
    });
    expect(v.failure!.durationMs).toBeGreaterThanOrEqual(4000);
    expect(v.failure!.durationMs).toBeLessThan(4500);
    expect(v.decidedByLimit).toBe('input');
  }, 60_000);

  it('a part still running at min(60, 4 s x inputs) + 1 s is killed 1 s later: timeout', async () => {
    expect(task('34').base).toHaveLength(1);
    const started = performance.now();
    // The first interrupt is caught; the limit is one-shot per call, so the loop outlives the cap.
    const v = await base(
      '34',
      withBody(
        '34',
        '    import time\n    while True:\n        try:\n            time.sleep(100)\n        except BaseException:\n            pass\n',
      ),
    );
    const elapsed = performance.now() - started;
    expect(v.status).toBe('timeout');
    expect(v.ended).toBe('killed at the part cap');
    expect(v.decidedByLimit).toBe('part');
    expect(v.capMs).toBe(5000);
    expect(v.completed).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(6000);
    expect(elapsed).toBeLessThan(9000);
  }, 60_000);

  it('open() is disabled in both parts (EvalPlus sets builtins.open = None), and only there', async () => {
    const body = task('0').canonical_solution.replace(/^/, "    open('x.txt', 'w').close()\n");
    const v = await evaluatePlusSample(pool, task('0'), expected.get('HumanEval/0')!, task('0').prompt + body);
    expect([v.base.status, v.plus.status]).toEqual(['fail', 'fail']);
    expect(v.base.failure?.error?.type).toBe('TypeError'); // 'NoneType' object is not callable
    // The human-eval mode, in the same workers, still has open().
    const verdict = await pool.evaluate("open('x.txt', 'w').close()\nassert open('x.txt').read() == ''\n");
    expect(verdict.result).toBe('passed');
  }, 60_000);

  it('HumanEval/95: the JSON inputs have the string key "5" where human-eval\'s test has the int 5', async () => {
    const body =
      '    if not dict:\n        return False\n    keys = list(dict)\n    return all(k.islower() for k in keys) or all(k.isupper() for k in keys)\n';
    const v = await base('95', withBody('95', body));
    expect(v.status).toBe('pass');
    const problem = (await loadHumanEval()).find((p) => p.task_id === 'HumanEval/95')!;
    const verdict = await pool.evaluate(assembleProgram(problem, { completion: body }));
    expect(verdict.result).toBe("failed: 'int' object has no attribute 'islower'");
  }, 60_000);

  it('a module-level error fails the part with nothing completed', async () => {
    const v = await base('0', withBody('0', '    return True\nraise SystemExit(0)\n'));
    expect(v).toMatchObject({ status: 'fail', completed: 0, moduleError: { type: 'SystemExit' } });
    const missing = await base('0', 'def other():\n    return 1\n');
    expect(missing).toMatchObject({ status: 'fail', completed: 0, moduleError: { type: 'KeyError' } });
  }, 60_000);
});

describe('hostile samples: the comparison and the next sample are out of reach (1 worker)', () => {
  let one: EnginePool;
  beforeAll(async () => {
    one = createNodePool({ size: 1, spare: false, maxRunsPerWorker: 10_000 });
    await one.ready;
  }, 120_000);
  afterAll(() => one?.close());

  /** Run a hostile sample, then the canonical solution of the same task on the same worker. */
  async function thenCanonical(id: string, hostile: string) {
    const verdict = await base(id, hostile, one);
    const after = await evaluatePlusSample(one, task(id), expected.get(task(id).task_id)!, canonical(id));
    expect([after.base.status, after.plus.status]).toEqual(['pass', 'pass']);
    return verdict;
  }

  it('an object whose __eq__ says True fails, as do list and int subclasses that say so', async () => {
    for (const cls of ['class X:\n', 'class X(list):\n', 'class X(int):\n']) {
      const solution = `${cls}    def __eq__(self, other):\n        return True\n    __hash__ = None\n\n${withBody('0', '    return X()\n')}`;
      const v = await thenCanonical('0', solution);
      expect(v.status, cls).toBe('fail');
      expect(v.failure?.reason, cls).toBe('value');
    }
  }, 120_000);

  it('patched isinstance, type checks and math.isclose do not help a wrong float', async () => {
    const solution = `import builtins, math\nbuiltins.isinstance = lambda *a: True\nmath.isclose = lambda *a, **k: True\n${withBody('2', '    return 0.123\n')}`;
    const v = await thenCanonical('2', solution);
    expect(v.status).toBe('fail');
    expect(v.failure?.reason).toBe('tolerance');
  }, 120_000);

  it('walking frames and gc finds no expected outputs, and rewriting the harness only changes its own answers', async () => {
    const body = [
      '    import gc, sys, marshal',
      '    seen = 0',
      '    f = sys._getframe()',
      '    while f is not None:',
      '        for name in ("expected", "details", "stat", "exp"):',
      '            if name in f.f_locals:',
      '                seen += 1',
      '        g = f.f_globals',
      '        if "_encode" in g:',
      '            g["_encode"] = lambda value: b"0" + marshal.dumps(True)',
      '        f = f.f_back',
      '    for o in gc.get_objects():',
      '        if type(o) is dict and "expected" in o:',
      '            o["expected"] = None',
      '    assert seen == 0',
      '    return False',
      '',
    ].join('\n');
    const v = await thenCanonical('0', withBody('0', body));
    // Every answer now claims True; the first input whose expected output is False fails it.
    expect(v.status).toBe('fail');
    expect(v.failure?.reason).toBe('value');
  }, 120_000);

  it('builtins and modules monkeypatched by a sample are back for the next one', async () => {
    const solution = `import builtins, marshal, sys\nbuiltins.sorted = lambda *a, **k: []\nbuiltins.abs = lambda x: 0\nbuiltins.len = lambda x: 0\nmarshal.loads = None\nsys.setrecursionlimit(50)\n${withBody('0', '    return True\n')}`;
    const v = await thenCanonical('0', solution);
    expect(v.status).toBe('fail');
  }, 120_000);
});
