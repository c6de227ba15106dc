/**
 * The pool's own logic (deadlines, kills, boot retries, recycling, the spare, cancellation, order)
 * against scripted fake workers: fast and deterministic, no Pyodide involved.
 */
import { describe, expect, it } from 'vitest';
import type { BootInfo, BootOptions, RunReply, RunRequest } from '../../../workers/protocol.ts';
import type { EngineWorker } from '../../../src/runner/engine-worker.ts';
import { CancelledError, EnginePool } from '../../../src/runner/pool.ts';
import { evaluateBatch } from '../../../src/runner/batch.ts';

type Behaviour = (request: RunRequest, worker: FakeWorker) => Promise<RunReply> | 'hang' | 'die';

/** The snapshots the fakes hand around: Blobs, compared by identity (they are passed by reference). */
const MADE = new Blob(['made by the pool']);
const STORED = new Blob(['from the store']);

const BOOT: BootInfo = { python: '3.11', pyodideVersion: 'fake', pythonVersion: 'fake', bootMs: 1, heapBytes: 1000, imageBytes: 1000, interruptible: true, fromSnapshot: false };

function reply(request: RunRequest, fields: Partial<Extract<RunReply, { kind: 'result' }>> = {}): RunReply {
  return {
    id: request.id,
    kind: 'result',
    status: 'passed',
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    durationMs: 1,
    heapBytes: 1000,
    ...fields,
  };
}

class FakeWorker implements EngineWorker {
  static spawned: FakeWorker[] = [];
  interruptBuffer: Int32Array | undefined;
  terminated = false;
  runs: string[] = [];
  #exit: ((reason: string) => void)[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  constructor(
    readonly behaviour: Behaviour,
    readonly boot: (options: BootOptions) => Promise<BootInfo> | 'hang' = async () => BOOT,
    interruptible = true,
  ) {
    this.interruptBuffer = interruptible ? new Int32Array(new SharedArrayBuffer(8)) : undefined;
    FakeWorker.spawned.push(this);
  }
  bootOptions: BootOptions[] = [];
  /** Requests received, including those still waiting behind the running one. */
  received = 0;
  madeSnapshot = false;
  api = {
    makeSnapshot: async () => {
      this.madeSnapshot = true;
      return MADE;
    },
    boot: (options: BootOptions) => {
      this.bootOptions.push(options);
      const result = this.boot(options);
      return result === 'hang' ? new Promise<BootInfo>(() => {}) : result;
    },
    // Like a real worker, it runs one request at a time: a request sent while another runs waits.
    run: (request: RunRequest) => {
      this.received++;
      const result = this.#queue.then(() => {
        this.runs.push(request.program);
        const outcome = this.behaviour(request, this);
        if (outcome === 'hang') return new Promise<RunReply>(() => {});
        if (outcome === 'die') {
          setTimeout(() => this.#exit.forEach((l) => l('worker exited with code 1')), 5);
          return new Promise<RunReply>(() => {});
        }
        return outcome;
      });
      this.#queue = result.catch(() => {});
      return result;
    },
  } as unknown as EngineWorker['api'];
  onExit(listener: (reason: string) => void) {
    this.#exit.push(listener);
  }
  /** Stop on its own, as a worker whose thread ends between requests. */
  exit(reason: string) {
    this.#exit.forEach((l) => l(reason));
  }
  terminate() {
    this.terminated = true;
  }
}

// A program's text says what the fake interpreter does with it.
const scripted: Behaviour = (request, worker) => {
  const p = request.program;
  if (p === 'die') return 'die';
  if (p === 'hang') return 'hang';
  if (p === 'loop') {
    // Polls the interrupt buffer like Pyodide's eval loop; answers "timed out" when it is set.
    return new Promise((resolve) => {
      const poll = setInterval(() => {
        if (worker.interruptBuffer && Atomics.load(worker.interruptBuffer, 0) === 2) {
          clearInterval(poll);
          resolve(reply(request, { status: 'timed out' }));
        }
      }, 5);
    });
  }
  if (p === 'loses first interrupt') {
    // Takes the first interrupt off the buffer without acting on it, then answers the next one.
    let seen = 0;
    return new Promise((resolve) => {
      const poll = setInterval(() => {
        if (worker.interruptBuffer && Atomics.exchange(worker.interruptBuffer, 0, 0) === 2 && ++seen === 2) {
          clearInterval(poll);
          resolve(reply(request, { status: 'timed out' }));
        }
      }, 5);
    });
  }
  if (p.startsWith('sleep ')) {
    return new Promise((resolve) => setTimeout(() => resolve(reply(request)), Number(p.slice(6))));
  }
  if (p.startsWith('teardown ')) {
    // Ends at once, then tears down for the given time (the phase says so) before it answers.
    const phase = worker.bootOptions.at(-1)?.phaseBuffer;
    if (phase) Atomics.store(phase, 0, 1);
    return new Promise((resolve) =>
      setTimeout(() => {
        if (phase) Atomics.store(phase, 0, 0);
        resolve(reply(request, { durationMs: 5 }));
      }, Number(p.slice(9))),
    );
  }
  if (p === 'malformed') return Promise.resolve({ ...reply(request), status: 'passed!' } as unknown as RunReply);
  if (p === 'no stdout') return Promise.resolve({ ...reply(request), stdout: undefined } as unknown as RunReply);
  if (p === 'fat') return Promise.resolve(reply(request, { heapBytes: 10_000_000 }));
  if (p === 'dirty') return Promise.resolve(reply(request, { recycle: 'loaded ctypes' }));
  if (p.startsWith('overflow')) return Promise.resolve({ id: request.id, kind: 'fatal', reason: 'RangeError: Maximum call stack size exceeded', durationMs: 3 });
  if (p === 'whoami') return Promise.resolve(reply(request, { stdout: String(FakeWorker.spawned.indexOf(worker)) }));
  if (p === 'fail') return Promise.resolve(reply(request, { status: 'failed', error: { type: 'AssertionError', message: '', traceback: [] } }));
  return Promise.resolve(reply(request));
};

function pool(options: ConstructorParameters<typeof EnginePool>[1] = {}, make = () => new FakeWorker(scripted)) {
  return new EnginePool(make, { size: 1, spare: false, timeoutMs: 100, graceMs: 100, ...options });
}

describe('EnginePool', () => {
  it('does not count a worker\'s teardown after the verdict against the sample', async () => {
    // limit 100 ms + grace 100 ms; the teardown takes 400 ms with the phase set.
    const p = pool();
    await p.ready;
    const v = await p.evaluate('teardown 400');
    expect(v.result).toBe('passed');
    expect(p.stats()).toMatchObject({ kills: 0, boots: 1 });
    expect((await p.evaluate('ok')).result).toBe('passed');
  });

  it('kills a worker whose teardown never ends, after its own allowance', async () => {
    const p = pool();
    await p.ready;
    const v = await p.evaluate('teardown 60000');
    expect(v.result).toBe('timed out');
    expect(p.stats().kills).toBe(1);
  }, 30_000);

  it('counts a reply that breaks the protocol as that sample\'s crash, and goes on', async () => {
    const p = pool();
    await p.ready;
    for (const program of ['malformed', 'no stdout']) {
      const v = await p.evaluate(program);
      expect(v.result, program).toBe('timed out');
      expect(v.crashed, program).toBe(true);
    }
    expect((await p.evaluate('ok')).result).toBe('passed');
    expect(p.stats().crashes).toBe(2);
  });

  it('interrupts a runaway sample in place and keeps the worker', async () => {
    // A long grace keeps a loaded machine from turning the interrupt into a kill.
    const p = pool({ graceMs: 5000 });
    await p.ready;
    const v = await p.evaluate('loop');
    expect(v.result).toBe('timed out');
    expect(v.timedOut).toBe(true);
    expect(p.stats()).toMatchObject({ interrupts: 1, kills: 0, boots: 1 });
    expect((await p.evaluate('ok')).result).toBe('passed');
    expect(p.stats().boots).toBe(1);
    p.close();
  });

  it('kills a sample that ignores the interrupt at limit + grace, and the next one runs on a new worker', async () => {
    const p = pool();
    await p.ready;
    const started = performance.now();
    const v = await p.evaluate('hang');
    const elapsed = performance.now() - started;
    expect(v).toMatchObject({ result: 'timed out', passed: false, timedOut: true, crashed: false });
    expect(elapsed).toBeGreaterThanOrEqual(195);
    expect(p.stats()).toMatchObject({ kills: 1 });
    expect((await p.evaluate('ok')).passed).toBe(true);
    expect(p.stats().boots).toBe(2);
    p.close();
  });

  it('gives the interrupt its grace even when the pool\'s thread was held up past both deadlines', async () => {
    const p = pool({ timeoutMs: 50, graceMs: 50 });
    await p.ready;
    const verdict = p.evaluate('loop');
    // Block this thread (the page's, in a browser) from before the limit to well after limit + grace.
    await new Promise((r) => setTimeout(r, 30));
    const until = performance.now() + 200;
    while (performance.now() < until) {
      // busy
    }
    expect((await verdict).result).toBe('timed out');
    expect(p.stats()).toMatchObject({ interrupts: 1, kills: 0, boots: 1 });
    p.close();
  });

  it('writes the interrupt again while the sample outlives it, so one lost interrupt costs no worker', async () => {
    const p = pool({ timeoutMs: 50, graceMs: 1000 });
    await p.ready;
    const v = await p.evaluate('loses first interrupt');
    expect(v.result).toBe('timed out');
    expect(p.stats()).toMatchObject({ interrupts: 1, kills: 0, boots: 1 });
    p.close();
  });

  it('without an interrupt buffer, kills at the limit itself', async () => {
    const p = pool({ graceMs: 5000 }, () => new FakeWorker(scripted, undefined, false));
    await p.ready;
    const started = performance.now();
    const v = await p.evaluate('loop');
    expect(v.result).toBe('timed out');
    // Nothing can interrupt it, so waiting out the grace would only delay the verdict.
    expect(performance.now() - started).toBeLessThan(2500);
    expect(p.stats()).toMatchObject({ kills: 1, interrupts: 0 });
    p.close();
  });

  it('reports a dead worker as the reference would (timed out), flags it crashed, and recovers', async () => {
    const p = pool();
    await p.ready;
    const v = await p.evaluate('die');
    expect(v).toMatchObject({ result: 'timed out', crashed: true, timedOut: false });
    expect((await p.evaluate('ok')).passed).toBe(true);
    expect(p.stats()).toMatchObject({ crashes: 1, boots: 2 });
    p.close();
  });

  it('maps a JS stack overflow to the reference RecursionError verdict unless the limit was raised', async () => {
    const p = pool();
    await p.ready;
    expect(await p.evaluate('overflow')).toMatchObject({
      result: 'failed: maximum recursion depth exceeded',
      crashed: true,
    });
    // With the limit raised, CPython itself would overflow its C stack and die: no result.
    const raised = await p.evaluate('overflow after sys.setrecursionlimit(10**6)');
    expect(raised).toMatchObject({ result: 'timed out', crashed: true });
    p.close();
  });

  it('retries a boot that hangs, then gives up with a reason', async () => {
    let spawns = 0;
    const hanging = new EnginePool(
      () => {
        spawns++;
        return new FakeWorker(scripted, () => 'hang');
      },
      { size: 1, spare: false, bootTimeoutMs: 50, snapshots: false },
    );
    await expect(hanging.ready).rejects.toThrow(/could not start: boot took longer than 50 ms/);
    expect(spawns).toBe(2);
    expect(hanging.stats().bootFailures).toBe(2);

    let attempt = 0;
    const flaky = new EnginePool(
      () => new FakeWorker(scripted, () => (attempt++ === 0 ? 'hang' : Promise.resolve(BOOT))),
      { size: 1, spare: false, bootTimeoutMs: 50, snapshots: false },
    );
    await expect(flaky.ready).resolves.toEqual(BOOT);
    expect(flaky.stats()).toMatchObject({ boots: 1, bootFailures: 1 });
    flaky.close();
  });

  it('never loads, makes or boots from a snapshot under Python 3.11 (Pyodide 0.25 makes none), and boots every worker as 3.11', async () => {
    FakeWorker.spawned = [];
    let loads = 0;
    const store = { load: async () => (loads++, MADE), save: async () => {} };
    const p = new EnginePool(() => new FakeWorker(scripted), { size: 2, spare: true, snapshotStore: store, python: '3.11' });
    await p.ready;
    await new Promise((r) => setTimeout(r, 50));
    expect(loads).toBe(0);
    expect(FakeWorker.spawned.some((w) => w.madeSnapshot)).toBe(false);
    for (const w of FakeWorker.spawned) expect(w.bootOptions[0]).toMatchObject({ python: '3.11', snapshot: undefined });
    p.close();
  });

  it('boots the first worker plainly, then makes one snapshot in a worker of its own for the rest', async () => {
    FakeWorker.spawned = [];
    const saved: Blob[] = [];
    const store = { load: async () => undefined, save: async (s: Blob) => void saved.push(s) };
    const p = new EnginePool(() => new FakeWorker(scripted), { size: 2, spare: true, snapshotStore: store, python: '3.14' });
    await p.ready;
    await new Promise((r) => setTimeout(r, 50));
    const [first, maker, ...rest] = FakeWorker.spawned;
    expect(first.bootOptions[0].snapshot).toBeUndefined();
    expect(maker.madeSnapshot).toBe(true);
    expect(maker.terminated).toBe(true);
    expect(maker.runs).toEqual([]);
    expect(rest).toHaveLength(2);
    for (const w of rest) expect(w.bootOptions[0].snapshot).toBe(MADE);
    expect(saved).toEqual([MADE]);
    p.close();
  });

  it('boots every worker from a stored snapshot without making one', async () => {
    FakeWorker.spawned = [];
    // Read-only, like the snapshot shipped with the site.
    const store = { load: async () => STORED };
    const p = new EnginePool(() => new FakeWorker(scripted), { size: 2, spare: false, snapshotStore: store, python: '3.14' });
    await p.ready;
    await new Promise((r) => setTimeout(r, 30));
    expect(FakeWorker.spawned.some((w) => w.madeSnapshot)).toBe(false);
    expect(FakeWorker.spawned).toHaveLength(2);
    for (const w of FakeWorker.spawned) expect(w.bootOptions[0].snapshot).toBe(STORED);
    p.close();
  });

  it('falls back to a plain boot when the snapshot does not boot', async () => {
    FakeWorker.spawned = [];
    const store = { load: async () => STORED };
    const p = new EnginePool(
      () => new FakeWorker(scripted, async (options) => {
        if (options.snapshot) throw new Error('snapshot from another build');
        return BOOT;
      }),
      { size: 1, spare: false, snapshotStore: store, python: '3.14' },
    );
    await expect(p.ready).resolves.toEqual(BOOT);
    expect(p.stats()).toMatchObject({ boots: 1, bootFailures: 1 });
    p.close();
  });

  it('replaces a stored snapshot that does not boot with one it makes, and never offers the bad one again', async () => {
    FakeWorker.spawned = [];
    const store = { load: async () => STORED };
    const p = new EnginePool(
      () => new FakeWorker(scripted, async (options) => {
        if (options.snapshot === STORED) throw new Error('Snapshot build id mismatch');
        return { ...BOOT, fromSnapshot: options.snapshot !== undefined };
      }),
      { size: 2, spare: true, snapshotStore: store, python: '3.14' },
    );
    await expect(p.ready).resolves.toMatchObject({ fromSnapshot: false });
    await new Promise((r) => setTimeout(r, 50));
    const [failed, retried, maker, ...rest] = FakeWorker.spawned;
    expect(failed.bootOptions[0].snapshot).toBe(STORED);
    expect(failed.terminated).toBe(true);
    expect(retried.bootOptions[0].snapshot).toBeUndefined();
    expect(maker.madeSnapshot).toBe(true);
    expect(rest).toHaveLength(2);
    for (const w of rest) expect(w.bootOptions[0].snapshot).toBe(MADE);
    expect(p.stats()).toMatchObject({ boots: 3, bootFailures: 1 });
    expect(p.stats().workers.map((w) => w.fromSnapshot)).toEqual([false, true, true]);
    p.close();
  });

  it('boots plainly from then on when its own snapshot does not boot either', async () => {
    FakeWorker.spawned = [];
    const p = new EnginePool(
      () => new FakeWorker(scripted, async (options) => {
        if (options.snapshot) throw new Error('snapshots are broken here');
        return BOOT;
      }),
      { size: 3, spare: false, python: '3.14' },
    );
    await p.ready;
    await new Promise((r) => setTimeout(r, 50));
    expect(FakeWorker.spawned.filter((w) => w.madeSnapshot)).toHaveLength(1);
    const booted = FakeWorker.spawned.filter((w) => !w.madeSnapshot).map((w) => w.bootOptions[0].snapshot);
    // First plain; second from the pool's snapshot, which fails; its retry and the third are plain.
    expect(booted).toEqual([undefined, MADE, undefined, undefined]);
    expect(p.stats()).toMatchObject({ boots: 3, bootFailures: 1 });
    p.close();
  });

  it('spawns its first worker at once, before any await, and terminates it if closed unused', async () => {
    FakeWorker.spawned = [];
    const p = new EnginePool(() => new FakeWorker(scripted, () => 'hang'), { size: 2, spare: true, snapshots: false });
    // Synchronously: a page that makes its pool before mounting gets the worker loading meanwhile.
    expect(FakeWorker.spawned).toHaveLength(1);
    p.close();
    await expect(p.ready).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 10));
    expect(FakeWorker.spawned).toHaveLength(1);
    expect(FakeWorker.spawned[0].terminated).toBe(true);
  });

  it('boots workers one after another', async () => {
    let booting = 0;
    let overlap = false;
    const p = new EnginePool(
      () =>
        new FakeWorker(scripted, async () => {
          if (booting > 0) overlap = true;
          booting++;
          await new Promise((r) => setTimeout(r, 20));
          booting--;
          return BOOT;
        }),
      { size: 3, spare: true },
    );
    await p.ready;
    await new Promise((r) => setTimeout(r, 150));
    expect(overlap).toBe(false);
    expect(p.stats().boots).toBe(4);
    expect(p.stats().workers.map((w) => w.state).sort()).toEqual(['idle', 'idle', 'idle', 'spare']);
    p.close();
  });

  it('swaps in the warm spare when a worker must be replaced', async () => {
    const p = pool({ spare: true });
    await p.ready;
    await new Promise((r) => setTimeout(r, 20));
    expect(p.stats().boots).toBe(2);
    const spareId = p.stats().workers.find((w) => w.state === 'spare')!.id;
    await p.evaluate('dirty');
    const after = p.stats();
    expect(after.recycles).toBe(1);
    expect(after.workers.find((w) => w.state === 'idle')!.id).toBe(spareId);
    p.close();
  });

  it('counts a worker that stops while running nothing as lost, says why, and replaces it; a sample\'s death is its crash', async () => {
    FakeWorker.spawned = [];
    const p = pool({ spare: true });
    await p.ready;
    await new Promise((r) => setTimeout(r, 20));
    const [active, spare] = FakeWorker.spawned;
    spare.exit('worker error: out of memory');
    await new Promise((r) => setTimeout(r, 20));
    expect(p.stats()).toMatchObject({ boots: 3, lost: 1, crashes: 0, lastLoss: 'worker error: out of memory' });
    active.exit('worker exited with code 1');
    await new Promise((r) => setTimeout(r, 20));
    // The new spare took the active worker's place, and another spare booted behind it.
    expect(p.stats()).toMatchObject({ boots: 4, lost: 2, crashes: 0, lastLoss: 'worker exited with code 1' });
    expect(p.stats().workers.map((w) => w.state)).toEqual(['idle', 'spare']);
    expect((await p.evaluate('die')).outcome).toBe('timed out');
    expect(p.stats()).toMatchObject({ lost: 2, crashes: 1 });
    expect((await p.evaluate('ok')).passed).toBe(true);
    // However long the host's reason, the stats keep a short one.
    await new Promise((r) => setTimeout(r, 20));
    FakeWorker.spawned.filter((w) => !w.terminated).at(-1)!.exit(`worker error: ${'x'.repeat(10_000)}`);
    await new Promise((r) => setTimeout(r, 20));
    expect(p.stats().lastLoss).toMatch(/^worker error: x{286}…$/);
    p.close();
  });

  it('recycles a worker above the heap threshold and after maxRunsPerWorker samples', async () => {
    const p = pool({ maxHeapBytes: 1_000_000, maxRunsPerWorker: 3 });
    await p.ready;
    await p.evaluate('fat');
    expect(p.stats().recycles).toBe(1);
    for (let i = 0; i < 3; i++) await p.evaluate('ok');
    expect(p.stats().recycles).toBe(2);
    // The replacement boots in the background; the next sample waits for it.
    expect((await p.evaluate('ok')).passed).toBe(true);
    expect(p.stats().boots).toBe(3);
    p.close();
  });

  it('grows and shrinks on resize', async () => {
    const p = pool({ size: 1 });
    await p.ready;
    p.resize(3);
    await evaluateBatch(p, Array.from({ length: 6 }, () => ({ program: 'sleep 20' })));
    expect(p.stats().workers.filter((w) => w.state === 'idle')).toHaveLength(3);
    p.resize(1);
    expect(p.stats().workers).toHaveLength(1);
    expect((await p.evaluate('ok')).passed).toBe(true);
    p.close();
  });

  it('cancels queued samples and delivers results in input order on request', async () => {
    const p = pool({ size: 2 });
    await p.ready;
    const programs = ['sleep 60', 'sleep 5', 'fail', 'sleep 30', 'ok'];
    const order: number[] = [];
    const verdicts = await evaluateBatch(
      p,
      programs.map((program) => ({ program })),
      { ordered: true, onResult: (i) => order.push(i) },
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(verdicts.map((v) => v.result)).toEqual(['passed', 'passed', 'failed: ', 'passed', 'passed']);

    const controller = new AbortController();
    const run = evaluateBatch(p, Array.from({ length: 20 }, () => ({ program: 'sleep 20' })), { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(p.queued).toBe(0);
    expect(p.stats().samples).toBeLessThan(5 + 20);
    p.close();
  });

  describe('pipelining', () => {
    it('sends the next sample while the current one runs', async () => {
      FakeWorker.spawned = [];
      const p = pool({ pipeline: 2 });
      await p.ready;
      const batch = evaluateBatch(p, [{ program: 'sleep 40' }, { program: 'ok' }, { program: 'ok' }]);
      await new Promise((r) => setTimeout(r, 10));
      expect(FakeWorker.spawned[0].received).toBe(2);
      expect((await batch).map((v) => v.result)).toEqual(['passed', 'passed', 'passed']);
      p.close();
    });

    it("starts a queued sample's limit when it starts, not when it was sent", async () => {
      // Each takes 100 ms of a 160 ms limit; counted from sending, the second would be killed.
      const p = pool({ timeoutMs: 160, graceMs: 0 });
      await p.ready;
      const verdicts = await evaluateBatch(p, [{ program: 'sleep 100' }, { program: 'sleep 100' }]);
      expect(verdicts.map((v) => v.result)).toEqual(['passed', 'passed']);
      expect(p.stats().kills).toBe(0);
      p.close();
    });

    it('re-runs the samples queued behind a killed, dead or recycled worker on its replacement', async () => {
      for (const first of ['hang', 'die', 'dirty']) {
        FakeWorker.spawned = [];
        const p = pool({ snapshots: false });
        await p.ready;
        const [culprit, next] = await evaluateBatch(p, [{ program: first }, { program: 'whoami' }]);
        expect(culprit.result).toBe(first === 'dirty' ? 'passed' : 'timed out');
        // The sample sent to the first worker never ran there, or its answer was not used.
        expect(next).toMatchObject({ result: 'passed', stdout: '1' });
        expect(FakeWorker.spawned[0].received).toBe(2);
        p.close();
      }
    });

    it('fills idle workers before queueing behind busy ones', async () => {
      FakeWorker.spawned = [];
      const p = pool({ size: 2, snapshots: false });
      await p.ready;
      await new Promise((r) => setTimeout(r, 20));
      const batch = evaluateBatch(p, [{ program: 'sleep 30' }, { program: 'sleep 30' }]);
      await new Promise((r) => setTimeout(r, 5));
      expect(FakeWorker.spawned.map((w) => w.received)).toEqual([1, 1]);
      await batch;
      p.close();
    });

    it('rejects the samples a closed pool was still running or holding', async () => {
      const p = pool();
      await p.ready;
      const running = p.evaluate('hang');
      const held = p.evaluate('ok');
      const queued = p.evaluate('ok');
      p.close();
      for (const v of [running, held, queued]) await expect(v).rejects.toBeInstanceOf(CancelledError);
    });
  });
});

