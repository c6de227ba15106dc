import { PYTHON_KEY, type PythonVersion } from '../../../src/lib/python-version.ts';
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDatabase } from '../../../src/storage/db.ts';
import { HUMANEVAL_DATASET_ID } from '../../../src/lib/dataset-download.ts';
import { listDatasets } from '../../../src/storage/datasets.ts';
import { getSetting, setSetting } from '../../../src/storage/settings.ts';
import { HUMANEVAL_PATH, readBytes } from '../lib/data-paths.ts';

const { Session } = await import('../../../src/state/session.svelte.ts');
type Engine = ReturnType<ConstructorParameters<typeof Session>[0]>;

/** Just enough engine for the session to start: problems loading is what is tested here. */
const fakeEngine = () =>
  ({
    ready: Promise.resolve({ pyodideVersion: '314.0.7' }),
    stats: () => ({ boots: 1, interrupts: 0, kills: 0, crashes: 0, workers: [] }),
    options: { size: 1, spare: false },
  }) as unknown as Engine;

const official = readBytes(HUMANEVAL_PATH);
const problem = { task_id: 'Mine/0', prompt: 'def f():\n', canonical_solution: '    return 1\n', test: 'def check(c):\n    assert c() == 1\n', entry_point: 'f' };
const mine = new TextEncoder().encode(JSON.stringify(problem) + '\n');

/** The build either bundles HumanEval (served by `fetch`, or a 404) or does not. */
function build(bundle: 'none' | 'ok' | 'missing') {
  vi.stubGlobal('__HUMANEVAL_BUNDLED__', bundle !== 'none');
  const fetch = vi.fn(async () =>
    bundle === 'ok' ? new Response(official as Uint8Array<ArrayBuffer>) : new Response('', { status: 404, statusText: 'Not Found' }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

async function started(): Promise<InstanceType<typeof Session>> {
  const session = new Session(fakeEngine);
  await session.start();
  return session;
}

beforeEach(() => vi.unstubAllGlobals());
afterEach(resetDatabase);

describe('Session datasets', () => {
  it('asks for a file when nothing is bundled or stored', async () => {
    build('none');
    const session = await started();
    expect(session.problemsState).toBe('needs-import');
    expect(session.problemsError).toBeUndefined();
  });

  it('keeps an imported file, makes it active, and loads it again on the next visit', async () => {
    build('none');
    const session = await started();
    expect(await session.addDataset(mine, 'mine.jsonl')).toBe(true);
    expect(session.problems.map((p) => p.task_id)).toEqual(['Mine/0']);
    expect(session.datasetId).toMatch(/^sha256-[0-9a-f]{16}$/);
    expect(await getSetting('activeDatasetId')).toBe(session.datasetId);

    const next = await started();
    expect(next.problemsState).toBe('loaded');
    expect(next.problemsSource).toBe('mine.jsonl');
    expect(next.datasetId).toBe(session.datasetId);
  });

  it('uses a new file before it appears in the list, so it is never listed unchosen', async () => {
    build('none');
    const session = await started();
    let chosenWhenListed: string | undefined;
    const loadDatasets = session.settings.loadDatasets.bind(session.settings);
    session.settings.loadDatasets = async () => {
      chosenWhenListed = session.datasetId;
      return loadDatasets();
    };
    await session.addDataset(mine, 'mine.jsonl');
    expect(chosenWhenListed).toBe(session.datasetId);
    expect(session.settings.datasets.map((d) => d.id)).toContain(session.datasetId);
  });

  it('files the official HumanEval under humaneval, however it arrived', async () => {
    build('none');
    const session = await started();
    await session.addDataset(official, 'HumanEval.jsonl.gz');
    expect(session.datasetId).toBe(HUMANEVAL_DATASET_ID);
    expect(session.problems).toHaveLength(164);
  });

  it('reports a file without problems and neither stores nor switches to it', async () => {
    build('none');
    const session = await started();
    await session.addDataset(mine, 'mine.jsonl');
    expect(await session.addDataset(new TextEncoder().encode('{"oops": 1}\n'), 'bad.jsonl')).toBe(false);
    expect(session.problemsError).toMatch(/^Could not read bad\.jsonl \(no problems; /);
    expect(session.problemsSource).toBe('mine.jsonl');
    expect(await listDatasets()).toHaveLength(1);
  });

  it('prefers the chosen dataset over the bundle, and switching back is remembered', async () => {
    const fetch = build('ok');
    const first = await started();
    expect(first.datasetId).toBe(HUMANEVAL_DATASET_ID);
    expect(fetch).toHaveBeenCalledTimes(1);
    await first.addDataset(mine, 'mine.jsonl');

    const second = await started();
    expect(second.problemsSource).toBe('mine.jsonl');
    await second.useDataset(HUMANEVAL_DATASET_ID);
    expect(second.datasetId).toBe(HUMANEVAL_DATASET_ID);
    expect((await started()).datasetId).toBe(HUMANEVAL_DATASET_ID);
  });

  it('falls back to a stored dataset when the bundle is missing, and says the bundle failed', async () => {
    build('none');
    await (await started()).addDataset(mine, 'mine.jsonl');
    // A later deploy bundles HumanEval but lost the file.
    build('missing');
    const session = await started();
    expect(session.problemsSource).toBe('mine.jsonl');
    expect(session.bundleAvailable).toBe(true);
    await session.useDataset(HUMANEVAL_DATASET_ID);
    expect(session.problemsError).toMatch(/Could not load that dataset \(404 Not Found\)/);
    expect(session.problemsSource).toBe('mine.jsonl');
    expect(session.bundleAvailable).toBe(false);
  });

  it('marks a bundle that cannot be loaded as unavailable', async () => {
    build('missing');
    const session = await started();
    expect(session.problemsState).toBe('needs-import');
    expect(session.problemsError).toBe('Could not load the bundled problems (404 Not Found).');
    expect(session.bundleAvailable).toBe(false);
  });
});

describe('Session settings and engine', () => {
  it('reads the stored time limit as it starts (views and runs read it from the session)', async () => {
    build('none');
    await setSetting('timeoutMs', 6000);
    const session = new Session(fakeEngine);
    expect(session.timeoutMs).toBe(3000);
    await session.start();
    expect(session.timeoutMs).toBe(6000);
    await session.settings.setTimeoutMs(1500);
    expect(session.timeoutMs).toBe(1500);
  });

  it('resizes the engine and asks it for explanations on behalf of the views', async () => {
    build('none');
    const resize = vi.fn();
    const explain = vi.fn(async () => ({ assertions: [], timedOut: false }));
    const engine = { ...fakeEngine(), resize, explain } as unknown as Engine;
    const session = new Session(() => engine);
    expect(session.canExplain).toBe(false);
    await expect(session.explain(problem, { completion: '' }, { timeoutMs: 1000 })).rejects.toThrow(/not started/);
    await session.start();
    expect(session.engineWorkers).toBe(1);
    session.resizeEngine(3);
    expect(resize).toHaveBeenCalledWith(3);
    expect(session.canExplain).toBe(true);
    await session.explain(problem, { completion: '    return 1\n' }, { timeoutMs: 1000 });
    expect(explain).toHaveBeenCalledWith(problem, { completion: '    return 1\n' }, { timeoutMs: 1000 });
  });

  it('boots the chosen interpreter (3.11 by default), and a switch closes that engine, boots the other and remembers the choice', async () => {
    build('none');
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) });
    const made: { python: string; close: ReturnType<typeof vi.fn> }[] = [];
    const create = (python: PythonVersion) => {
      const close = vi.fn();
      made.push({ python, close });
      return { ...(fakeEngine() as object), ready: Promise.resolve({ python, pyodideVersion: python === '3.11' ? '0.25.1' : '314.0.7' }), close } as unknown as Engine;
    };
    const session = new Session(create);
    await session.start();
    expect(made.map((m) => m.python)).toEqual(['3.11']);
    expect(session.python).toBe('3.11');
    expect(session.firstBoot?.python).toBe('3.11');
    await session.switchPython('3.14');
    expect(made.map((m) => m.python)).toEqual(['3.11', '3.14']);
    expect(made[0].close).toHaveBeenCalled();
    expect(session.engineState).toBe('ready');
    expect(session.enginePython).toBe('3.14');
    expect(session.firstBoot?.python).toBe('3.14');
    expect(stored.get(PYTHON_KEY)).toBe('3.14');
    // A later visit starts with the choice.
    expect(new Session(create).python).toBe('3.14');
    await session.switchPython('3.14');
    expect(made).toHaveLength(2);
  });

  it('makes a second engine for the other interpreter without changing the choice, and closes it on request; switching to its interpreter adopts it', async () => {
    build('none');
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) });
    const made: { python: string; close: ReturnType<typeof vi.fn>; engine: Engine }[] = [];
    const create = (python: PythonVersion) => {
      const close = vi.fn();
      const engine = { ...(fakeEngine() as object), close } as unknown as Engine;
      made.push({ python, close, engine });
      return engine;
    };
    const session = new Session(create);
    await session.start();
    expect(session.engineFor('3.11')).toBe(session.engine);
    const second = session.engineFor('3.14');
    expect(made.map((m) => m.python)).toEqual(['3.11', '3.14']);
    expect(second).toBe(made[1].engine);
    expect(second).not.toBe(session.engine);
    // Asked again, the same second engine; the user's interpreter is still 3.11.
    expect(session.engineFor('3.14')).toBe(second);
    expect(made).toHaveLength(2);
    expect(session.secondPython).toBe('3.14');
    expect(session.python).toBe('3.11');
    expect(session.enginePython).toBe('3.11');
    expect(stored.get(PYTHON_KEY)).toBeUndefined();
    session.closeSecondEngine();
    expect(made[1].close).toHaveBeenCalledOnce();
    expect(made[0].close).not.toHaveBeenCalled();
    expect(session.secondPython).toBeUndefined();

    // Switching to the second engine's interpreter adopts it (a re-run on it goes on), boots nothing
    // and closes the old main engine.
    const rerun = session.engineFor('3.14');
    await session.switchPython('3.14');
    expect(made.map((m) => m.python)).toEqual(['3.11', '3.14', '3.14']);
    expect(made[2].close).not.toHaveBeenCalled();
    expect(made[0].close).toHaveBeenCalledOnce();
    expect(session.engine).toBe(rerun);
    expect(session.engineFor('3.14')).toBe(rerun);
    expect(session.secondPython).toBeUndefined();
    expect(session.enginePython).toBe('3.14');
    expect(session.engineState).toBe('ready');
    // And back: 3.11 boots afresh, as there is no second engine of it.
    await session.switchPython('3.11');
    expect(made.map((m) => m.python)).toEqual(['3.11', '3.14', '3.14', '3.11']);
    expect(made[2].close).toHaveBeenCalledOnce();
  });
});
