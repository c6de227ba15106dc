import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssertionReport } from '../../../src/lib/assertions.ts';
import type { Problem } from '../../../src/lib/problems.ts';
import type { AssembledProgram } from '../../../src/lib/program.ts';
import type { Verdict } from '../../../src/lib/verdict.ts';

vi.stubGlobal('__PYODIDE_VERSIONS__', { '3.11': '0.0.0-test-311', '3.14': '0.0.0-test-314' });
const { Playground } = await import('../../../src/state/playground.svelte.ts');
type PlaygroundStorage = import('../../../src/state/playground.svelte.ts').PlaygroundStorage;

// Made-up problems in HumanEval's shape.
const problems: Problem[] = [0, 1].map((n) => ({
  task_id: `Toy/${n}`,
  prompt: `def f${n}(x):\n    """Return x plus ${n}."""\n`,
  canonical_solution: `    return x + ${n}\n`,
  test: `def check(candidate):\n    assert candidate(1) == ${1 + n}\n`,
  entry_point: `f${n}`,
}));

function verdict(result: 'passed' | 'failed: ' | 'timed out'): Verdict {
  return {
    result,
    passed: result === 'passed',
    outcome: result === 'failed: ' ? 'failed' : result,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    durationMs: 5,
    timedOut: result === 'timed out',
    crashed: false,
  };
}

const REPORT: AssertionReport = { assertions: [], timedOut: false };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function setup({ ready = Promise.resolve(), engineState = 'ready' as 'ready' | 'loading' } = {}) {
  const drafts = new Map<string, string>();
  const cache = new Map<string, Verdict>();
  const storage: PlaygroundStorage = {
    getDraft: async (dataset, task) => {
      const completion = drafts.get(`${dataset}:${task}`);
      return completion === undefined ? undefined : { key: `${dataset}:${task}`, taskId: task, completion, updatedAt: 0 };
    },
    saveDraft: async (dataset, task, completion) => void drafts.set(`${dataset}:${task}`, completion),
    deleteDraft: async (dataset, task) => void drafts.delete(`${dataset}:${task}`),
    getCachedVerdict: async (key) => cache.get(key),
    putCachedVerdicts: async (entries) => entries.forEach(({ key, verdict }) => cache.set(key, verdict)),
    latestVerdictByTask: async () => new Map([['Toy/1', verdict('failed: ')]]),
  };
  const evaluate = vi.fn(async (assembled: AssembledProgram | string) => {
    const program = typeof assembled === 'string' ? assembled : assembled.program;
    if (program.includes('while True')) return verdict('timed out');
    return verdict(program.includes('return x + 0') ? 'passed' : 'failed: ');
  });
  const explain = vi.fn(async () => REPORT);
  const host = {
    engine: { ready, evaluate, explain } as never,
    engineState,
    engineError: undefined,
    problems,
    datasetId: 'humaneval',
    timeoutMs: 3000,
    python: '3.11' as const,
    refreshStats: vi.fn(),
  };
  return { playground: new Playground(host, storage), host, drafts, cache, evaluate, explain };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Playground', () => {
  beforeEach(() => vi.useRealTimers());
  afterEach(() => vi.useRealTimers());

  it('opens a problem at the body’s indentation, or at its saved draft', async () => {
    const { playground, drafts } = setup();
    await playground.select('Toy/0');
    expect([playground.problem?.task_id, playground.completion, playground.shown]).toEqual(['Toy/0', '    ', undefined]);
    drafts.set('humaneval:Toy/1', '    return 7\n');
    await playground.select('Toy/1');
    expect([playground.completion, playground.draftState]).toEqual(['    return 7\n', 'saved']);
  });

  it('runs the assembled program, caches the verdict, answers unchanged code from the cache, and forces a rerun', async () => {
    const { playground, evaluate, explain, cache } = setup();
    await playground.select('Toy/0');
    playground.completion = '    return x + 0\n';
    await playground.run();
    expect(evaluate).toHaveBeenCalledTimes(1);
    const [assembled, options] = evaluate.mock.calls[0] as unknown as [AssembledProgram, { timeoutMs: number }];
    expect(assembled.program).toBe(`${problems[0].prompt}    return x + 0\n\n${problems[0].test}\ncheck(f0)`);
    expect(options.timeoutMs).toBe(3000);
    expect([playground.shown?.verdict.result, playground.shown?.cached, playground.finishedRuns]).toEqual(['passed', false, 1]);
    expect(cache.size).toBe(1);
    await vi.waitFor(() => expect(playground.report).toBe(REPORT));
    expect(explain).toHaveBeenCalledWith(problems[0], { completion: '    return x + 0\n' }, { timeoutMs: 3000 });
    expect(playground.statuses.of('Toy/0')).toBe('passed');

    await playground.run();
    expect([evaluate.mock.calls.length, playground.shown?.cached, playground.finishedRuns]).toEqual([1, true, 2]);
    await playground.run({ force: true });
    expect([evaluate.mock.calls.length, playground.shown?.cached]).toEqual([2, false]);

    playground.completion = '    return x\n';
    expect(playground.stale).toBe(true);
  });

  it('queues a run while Python loads and says so', async () => {
    const ready = deferred<void>();
    const { playground, host } = setup({ ready: ready.promise, engineState: 'loading' });
    await playground.select('Toy/0');
    const run = playground.run();
    await vi.waitFor(() => expect(playground.phase).toBe('queued'));
    expect(playground.canRun).toBe(false);
    host.engineState = 'ready';
    ready.resolve();
    await run;
    expect([playground.phase, playground.shown?.verdict.result]).toEqual(['idle', 'failed: ']);
    expect(host.refreshStats).toHaveBeenCalled();
  });

  it('drops a result that arrives after the user moved on, but still records it', async () => {
    const { playground, evaluate, cache } = setup();
    const late = deferred<Verdict>();
    evaluate.mockImplementationOnce(() => late.promise);
    await playground.select('Toy/0');
    const run = playground.run();
    await vi.waitFor(() => expect(playground.phase).toBe('running'));
    await playground.select('Toy/1');
    late.resolve(verdict('passed'));
    await run;
    expect([playground.taskId, playground.shown, playground.phase]).toEqual(['Toy/1', undefined, 'idle']);
    expect(cache.size).toBe(1);
    expect(playground.statuses.of('Toy/0')).toBe('passed');
  });

  it('does not explain a timeout unless asked', async () => {
    const { playground, explain } = setup();
    await playground.select('Toy/0');
    playground.completion = '    while True: pass\n';
    await playground.run();
    await settle();
    expect([playground.shown?.verdict.result, explain.mock.calls.length]).toEqual(['timed out', 0]);
    playground.explainAnyway();
    await vi.waitFor(() => expect(explain).toHaveBeenCalledTimes(1));
  });

  it('saves drafts shortly after typing stops, flushes on leaving, and forgets them on reset', async () => {
    vi.useFakeTimers();
    const { playground, drafts } = setup();
    await playground.select('Toy/0');
    playground.completion = '    return 1\n';
    expect(playground.draftState).toBe('pending');
    await vi.advanceTimersByTimeAsync(100);
    playground.completion = '    return 12\n';
    await vi.advanceTimersByTimeAsync(300);
    expect(drafts.size).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect([drafts.get('humaneval:Toy/0'), playground.draftState]).toEqual(['    return 12\n', 'saved']);

    playground.completion = '    return 123\n';
    await playground.select('Toy/1');
    expect(drafts.get('humaneval:Toy/0')).toBe('    return 123\n');
    expect(playground.completion).toBe('    ');

    await playground.select('Toy/0');
    expect(playground.completion).toBe('    return 123\n');
    await playground.reset();
    expect([playground.completion, drafts.has('humaneval:Toy/0')]).toEqual(['    ', false]);
  });

  it('opens the problem again when another dataset with the same task ids is loaded', async () => {
    const { playground, host, drafts } = setup();
    drafts.set('other:Toy/0', '    return 5\n');
    await playground.select('Toy/0');
    await playground.select('Toy/0');
    expect(playground.completion).toBe('    ');
    host.datasetId = 'other';
    await playground.select('Toy/0');
    expect(playground.completion).toBe('    return 5\n');
  });

  it('reads statuses from the cache without losing newer ones', async () => {
    const { playground } = setup();
    await playground.select('Toy/0');
    playground.completion = '    return x + 0\n';
    await playground.run();
    await playground.statuses.load();
    expect([playground.statuses.of('Toy/0'), playground.statuses.of('Toy/1'), playground.statuses.of('Toy/9')]).toEqual([
      'passed',
      'failed',
      'untried',
    ]);
  });
});
