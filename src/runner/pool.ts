/**
 * The engine pool: N Pyodide workers, a queue with cancellation, one deadline per sample (interrupt
 * in place, then a hard kill at limit + grace), and replacement of workers that die, hang, grow too
 * big or were left in a state the harness cannot restore. Host-neutral: it gets workers from a
 * spawn function (Web Workers in the browser, worker_threads in Node).
 */
import type { BootInfo, ExplainResult, RunFatal, RunReply, Snapshot } from '../../workers/protocol.ts';
import type { AssertionReport } from '../lib/assertions.ts';
import type { Problem } from '../lib/problems.ts';
import type { AssembledProgram, SampleCode } from '../lib/program.ts';
import { locateVerdict, noResultVerdict, type Verdict } from '../lib/verdict.ts';
import type { EngineWorker, SpawnEngineWorker } from './engine-worker.ts';
import { SnapshotSource, type SnapshotStore } from './snapshot-source.ts';
import { isReply, verdictFromReply } from './verdicts.ts';

export interface PoolOptions {
  /** Workers running samples at once. */
  size: number;
  /** Default wall-clock limit per sample (the reference's 3.0 s). */
  timeoutMs: number;
  /** After the limit, how long a sample may still run before the worker is killed (reference: 1 s). */
  graceMs: number;
  /** Deadline for one worker's boot; a boot that misses it is killed and retried once. */
  bootTimeoutMs: number;
  /** Replace a worker after this many samples (hygiene against slow leaks). */
  maxRunsPerWorker: number;
  /** Replace a worker whose wasm heap grew beyond this (wasm memory never shrinks). */
  maxHeapBytes: number;
  /** Keep one booted worker in reserve so a replacement costs a swap, not a boot. */
  spare: boolean;
  /**
   * Samples handed to one worker at a time. With 2, the next sample already waits inside the
   * worker when the current one ends, so the worker never idles while the page is busy.
   */
  pipeline: number;
  /** Cap on captured stdout and on captured stderr, in characters. */
  outputCap: number;
  /**
   * Boot workers from a Pyodide memory snapshot (read from `snapshotStore`, or made once per pool):
   * a fraction of a plain boot, which makes replacing a worker cheap. Falls back to plain boots.
   */
  snapshots: boolean;
  /** Where a snapshot outlives the pool (a disk cache in Node, the file shipped with the site in a browser). */
  snapshotStore?: SnapshotStore;
}

export type { SnapshotStore };

export const DEFAULT_POOL_OPTIONS: PoolOptions = {
  size: 1,
  timeoutMs: 3000,
  graceMs: 1000,
  bootTimeoutMs: 45_000,
  maxRunsPerWorker: 2000,
  maxHeapBytes: 512 * 1024 * 1024,
  spare: true,
  pipeline: 2,
  outputCap: 64 * 1024,
  snapshots: true,
};

export interface PoolStats {
  boots: number;
  bootFailures: number;
  /** Samples stopped in place through the interrupt buffer. */
  interrupts: number;
  /** Workers terminated because a sample outlived its limit + grace. */
  kills: number;
  /** Workers that died while running a sample. */
  crashes: number;
  /** Workers replaced for hygiene (heap, run count, unrestorable state). */
  recycles: number;
  samples: number;
  /** Boots under way (replacements and the spare included). */
  booting: number;
  /** Time from pool creation until the memory snapshot was made (0 if none was made or one was stored). */
  snapshotMs: number;
  workers: { id: number; state: SlotState; runs: number; heapBytes: number; bootMs: number; fromSnapshot: boolean }[];
}

export interface EvaluateOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

type SlotState = 'booting' | 'idle' | 'busy' | 'spare';

interface Slot {
  id: number;
  worker: EngineWorker;
  state: SlotState;
  runs: number;
  heapBytes: number;
  info?: BootInfo;
  /** Requests sent to the worker and not settled yet; the first is the one running. */
  inflight: Running[];
  /** Terminated or dead: nothing it says is used any more. */
  retired: boolean;
  /** Shared with the worker only (never with Pyodide): 1 while it tears down after a verdict. */
  phase?: Int32Array;
}

/** One request sent to a worker. Its deadline runs from when it became the worker's first request. */
interface Running {
  task: Task;
  id: number;
  startedAt: number;
  interrupted: boolean;
  timers: ReturnType<typeof setTimeout>[];
  /** What became of it; may arrive before it is first (only for a worker that answers out of order). */
  outcome?: Outcome;
  /** Times the kill was put off because the worker was tearing down. */
  teardownChecks?: number;
}

/** What a worker answered, or what became of it. */
type Outcome = RunReply | ExplainResult | 'killed' | 'exited';

interface Task {
  timeoutMs: number;
  /** Sends the request to a worker. */
  send(api: EngineWorker['api'], id: number): Promise<RunReply | ExplainResult | RunFatal>;
  /** Turns the outcome into the caller's answer and delivers it. */
  settle(outcome: Outcome, elapsedMs: number): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
}

/** Thrown for samples dropped by cancellation before they started. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The worker's phase while it resets itself after a verdict (see BootOptions.phaseBuffer). */
const TEARING_DOWN = 1;
/** A teardown gets this many postponements of the kill, this far apart (10 s in all). */
const TEARDOWN_CHECKS = 100;
const TEARDOWN_CHECK_MS = 100;

/** While a sample outlives its interrupt, the interrupt is written again this often. */
const RESEND_MS = 100;

function delay<T>(ms: number, value: T): { promise: Promise<T>; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(value), ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * `spawn`, but its first worker is spawned right now rather than when the boot chain asks for it a
 * few microtasks later: a page that makes its pool before mounting has that worker's script load
 * while it renders. `discard` terminates that worker if it was never asked for.
 */
function spawnFirstNow(spawn: SpawnEngineWorker): { spawn: SpawnEngineWorker; discard: () => void } {
  let first: EngineWorker | undefined = spawn();
  return {
    spawn: () => {
      const worker = first ?? spawn();
      first = undefined;
      return worker;
    },
    discard: () => {
      first?.terminate();
      first = undefined;
    },
  };
}

/** The verdict for a run's outcome. */
function verdictFor(outcome: Outcome, program: string, elapsedMs: number): Verdict {
  if (outcome === 'killed') return noResultVerdict({ durationMs: elapsedMs, timedOut: true, crashed: false });
  if (outcome === 'exited' || outcome.kind === 'explain') {
    return noResultVerdict({
      durationMs: elapsedMs,
      timedOut: false,
      crashed: true,
      crashReason: 'the worker died while running the sample',
    });
  }
  return verdictFromReply(outcome, program);
}

export class EnginePool {
  readonly options: PoolOptions;
  /** Resolves with the first worker's boot info; rejects with the reason if no worker can start. */
  readonly ready: Promise<BootInfo>;
  #spawn: SpawnEngineWorker;
  #active: Slot[] = [];
  #spare: Slot | undefined;
  #queue: Task[] = [];
  #bootChain: Promise<unknown> = Promise.resolve();
  #nextSlotId = 1;
  #booting = 0;
  #bootingActive = 0;
  #nextRunId = 1;
  #closed = false;
  #bootError: Error | undefined;
  #snapshots: SnapshotSource | undefined;
  #stats = { boots: 0, bootFailures: 0, interrupts: 0, kills: 0, crashes: 0, recycles: 0, samples: 0, snapshotMs: 0 };
  #created = performance.now();

  constructor(spawn: SpawnEngineWorker, options: Partial<PoolOptions> = {}) {
    const early = spawnFirstNow(spawn);
    this.#spawn = early.spawn;
    this.options = { ...DEFAULT_POOL_OPTIONS, ...options };
    this.options.size = Math.max(1, Math.floor(this.options.size));
    if (this.options.snapshots) this.#snapshots = new SnapshotSource(this.options.snapshotStore, () => this.#makeSnapshot());
    const boots = Array.from({ length: this.options.size }, () => this.#addSlot('active'));
    this.ready = Promise.any(boots).catch(() => {
      throw this.#bootError ?? new Error('the Python engine could not start');
    });
    // Keep an unhandled rejection from surfacing when nobody awaits `ready`.
    this.ready.catch(() => {});
    // A pool closed before its first boot never asked for the worker spawned for it.
    void this.ready.catch(() => {}).finally(early.discard);
    if (this.options.spare) void Promise.allSettled(boots).then(() => this.#refillSpare());
  }

  /**
   * Evaluate one program. Given the AssembledProgram rather than its text, traceback frames also
   * say which input (prompt, completion, test) each line came from.
   */
  evaluate(program: string | AssembledProgram, options: EvaluateOptions = {}): Promise<Verdict> {
    if (this.#closed) return Promise.reject(new Error('pool is closed'));
    if (options.signal?.aborted) return Promise.reject(new CancelledError());
    if (typeof program !== 'string') {
      const assembled = program;
      return this.evaluate(assembled.program, options).then((verdict) => locateVerdict(verdict, assembled));
    }
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    return this.#enqueue<Verdict>(options.signal, (resolve, reject) => ({
      timeoutMs,
      send: (api, id) => api.run({ id, program, timeoutMs }),
      settle: (outcome, elapsedMs) => resolve(verdictFor(outcome, program, elapsedMs)),
      reject,
      signal: options.signal,
    }));
  }

  /**
   * Run the problem's `check` again with every assert recorded (per-assertion feedback). A separate
   * run in a fresh namespace: the sample's verdict comes from `evaluate` alone.
   */
  explain(problem: Problem, code: SampleCode, options: EvaluateOptions = {}): Promise<AssertionReport> {
    if (this.#closed) return Promise.reject(new Error('pool is closed'));
    const prefix = 'solution' in code ? code.solution : problem.prompt + code.completion;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    return this.#enqueue<AssertionReport>(options.signal, (resolve, reject) => ({
      timeoutMs,
      send: (api, id) => api.explain({ id, prefix, test: problem.test, entryPoint: problem.entry_point, timeoutMs }),
      settle: (outcome) => {
        if (typeof outcome === 'object' && outcome.kind === 'explain') resolve(outcome.report);
        else if (outcome === 'killed') resolve({ assertions: [], timedOut: true, unavailable: 'the explanation run did not stop at the limit' });
        else resolve({ assertions: [], timedOut: false, unavailable: 'the interpreter crashed during the explanation run' });
      },
      reject,
      signal: options.signal,
    }));
  }

  #enqueue<T>(signal: AbortSignal | undefined, make: (resolve: (value: T) => void, reject: (error: unknown) => void) => Task): Promise<T> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    return new Promise<T>((resolve, reject) => {
      const task = make(resolve, reject);
      this.#queue.push(task);
      signal?.addEventListener('abort', () => this.#drop(task), { once: true });
      this.#pump();
    });
  }

  /** Counters and per-worker figures (heap bytes from the last run). */
  stats(): PoolStats {
    const slots = [...this.#active, ...(this.#spare ? [this.#spare] : [])];
    return {
      ...this.#stats,
      booting: this.#booting,
      workers: slots.map((s) => ({
        id: s.id,
        state: s.state,
        runs: s.runs,
        heapBytes: s.heapBytes,
        bootMs: Math.round(s.info?.bootMs ?? 0),
        fromSnapshot: s.info?.fromSnapshot ?? false,
      })),
    };
  }

  /** Change how many workers run samples; extra workers leave when they are next idle. */
  resize(size: number): void {
    const target = Math.max(1, Math.floor(size));
    const planned = this.#active.length + this.#bootingActive;
    this.options.size = target;
    for (let i = planned; i < target; i++) this.#addSlot('active').catch(() => {});
    this.#retireSurplus();
  }

  #retireSurplus(): void {
    for (const slot of [...this.#active]) {
      if (this.#active.length <= this.options.size) return;
      if (slot.state === 'idle') {
        this.#retire(slot);
        this.#active = this.#active.filter((s) => s !== slot);
      }
    }
  }

  /** Samples waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Terminate every worker; queued samples are rejected. */
  close(): void {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.reject(new CancelledError());
    for (const slot of this.#active) {
      for (const run of this.#retire(slot)) run.task.reject(new CancelledError());
    }
    if (this.#spare) this.#retire(this.#spare);
    this.#active = [];
    this.#spare = undefined;
  }

  #drop(task: Task): void {
    const index = this.#queue.indexOf(task);
    if (index >= 0) {
      this.#queue.splice(index, 1);
      task.reject(new CancelledError());
    }
  }

  /** Boot a worker (one boot at a time, each with a deadline and one retry) and place it. */
  #addSlot(role: 'active' | 'spare'): Promise<BootInfo> {
    this.#booting++;
    if (role === 'active') this.#bootingActive++;
    const boot = this.#bootChain.then(() => this.#bootWithRetry());
    this.#bootChain = boot.catch(() => {});
    void boot
      .finally(() => {
        this.#booting--;
        if (role === 'active') this.#bootingActive--;
      })
      .catch(() => {});
    return boot.then((slot) => {
      if (this.#closed) {
        slot.worker.terminate();
        throw new Error('pool is closed');
      }
      if (role === 'spare' && !this.#spare) {
        slot.state = 'spare';
        this.#spare = slot;
      } else {
        slot.state = 'idle';
        this.#active.push(slot);
        this.#retireSurplus();
        this.#pump();
      }
      return slot.info!;
    });
  }

  async #bootWithRetry(): Promise<Slot> {
    const snapshot = await this.#snapshots?.forBoot(this.#stats.boots > 0);
    try {
      return await this.#bootOnce(snapshot);
    } catch (first) {
      this.#stats.bootFailures++;
      // The retry is plain, and a snapshot that failed to boot is not handed out again.
      if (snapshot) this.#snapshots?.reject(snapshot);
      try {
        return await this.#bootOnce(undefined);
      } catch (second) {
        this.#stats.bootFailures++;
        const reason = second instanceof Error ? second.message : String(second);
        this.#bootError = new Error(`the Python engine could not start: ${reason}`);
        throw this.#bootError;
      }
    }
  }

  async #makeSnapshot(): Promise<Blob | undefined> {
    const worker = this.#spawn();
    const deadline = delay(this.options.bootTimeoutMs, 'timeout' as const);
    const exited = new Promise<string>((resolve) => worker.onExit(resolve));
    try {
      const snapshot = await Promise.race([
        worker.api.makeSnapshot({ indexURL: worker.indexURL }),
        deadline.promise,
        exited.then((reason) => Promise.reject(new Error(reason))),
      ]);
      if (snapshot === 'timeout') return undefined;
      this.#stats.snapshotMs = Math.round(performance.now() - this.#created);
      return snapshot;
    } catch {
      return undefined;
    } finally {
      deadline.cancel();
      // The snapshot maker's JS globals are proxied for the snapshot: it never runs samples.
      worker.terminate();
    }
  }

  async #bootOnce(snapshot: Snapshot | undefined): Promise<Slot> {
    if (this.#closed) throw new Error('pool is closed');
    const worker = this.#spawn();
    const exited = new Promise<string>((resolve) => worker.onExit(resolve));
    const slot: Slot = { id: this.#nextSlotId++, worker, state: 'booting', runs: 0, heapBytes: 0, inflight: [], retired: false };
    if (worker.interruptBuffer) slot.phase = new Int32Array(new SharedArrayBuffer(4));
    // loadPyodide can hang forever when wasm instantiation fails: the deadline is not optional.
    const deadline = delay(this.options.bootTimeoutMs, 'timeout' as const);
    try {
      const outcome = await Promise.race([
        worker.api.boot({
          indexURL: worker.indexURL,
          interruptBuffer: worker.interruptBuffer,
          phaseBuffer: slot.phase,
          maxHeapBytes: this.options.maxHeapBytes,
          outputCap: this.options.outputCap,
          snapshot,
        }),
        deadline.promise,
        exited.then((reason) => Promise.reject(new Error(reason))),
      ]);
      if (outcome === 'timeout') throw new Error(`boot took longer than ${this.options.bootTimeoutMs} ms`);
      slot.info = outcome;
      slot.heapBytes = outcome.heapBytes;
      this.#stats.boots++;
      void exited.then(() => this.#lost(slot));
      return slot;
    } catch (error) {
      worker.terminate();
      throw error;
    } finally {
      deadline.cancel();
    }
  }

  #refillSpare(): void {
    if (this.#closed || !this.options.spare || this.#spare) return;
    this.#addSlot('spare').catch(() => {});
  }

  /** Terminate a worker and stop its deadlines; returns the requests it had not settled. */
  #retire(slot: Slot): Running[] {
    slot.retired = true;
    slot.worker.terminate();
    const left = slot.inflight.splice(0);
    for (const run of left) run.timers.forEach(clearTimeout);
    return left;
  }

  /**
   * Take a worker out of service and put the spare (or a fresh boot) in its place. Requests it had
   * been sent but not started go back to the front of the queue, in order.
   */
  #replace(slot: Slot): void {
    const unstarted = this.#retire(slot);
    this.#active = this.#active.filter((s) => s !== slot);
    for (const { task } of unstarted.reverse()) {
      if (task.signal?.aborted) task.reject(new CancelledError());
      else this.#queue.unshift(task);
    }
    if (this.#closed) return;
    if (this.#spare) {
      const spare = this.#spare;
      this.#spare = undefined;
      spare.state = 'idle';
      this.#active.push(spare);
      this.#refillSpare();
    } else {
      this.#addSlot('active').catch((error) => {
        if (this.#active.length === 0) {
          for (const task of this.#queue.splice(0)) task.reject(error);
        }
      });
    }
  }

  /** A worker died on its own: the sample it was running crashed; an idle one is just replaced. */
  #lost(slot: Slot): void {
    if (slot.retired || this.#closed) return;
    if (slot === this.#spare) {
      this.#retire(slot);
      this.#spare = undefined;
      this.#refillSpare();
    } else if (slot.inflight.length > 0) {
      this.#arrived(slot, slot.inflight[0], 'exited');
    } else if (this.#active.includes(slot)) {
      this.#replace(slot);
      this.#pump();
    }
  }

  /** Hand queued tasks to workers: first to idle ones, then one more to each busy one. */
  #pump(): void {
    // While the pool shrinks, surplus workers get nothing queued behind their current sample.
    const depth = this.#active.length > this.options.size ? 1 : Math.max(1, Math.floor(this.options.pipeline));
    for (let level = 0; level < depth; level++) {
      for (const slot of this.#active) {
        if (this.#queue.length === 0) return;
        if (slot.retired || slot.inflight.length !== level) continue;
        // A worker due for recycling gets no request it would have to give back.
        if (slot.runs + slot.inflight.length >= this.options.maxRunsPerWorker) continue;
        this.#send(slot, this.#queue.shift()!);
      }
    }
  }

  #send(slot: Slot, task: Task): void {
    slot.state = 'busy';
    const run: Running = { task, id: this.#nextRunId++, startedAt: 0, interrupted: false, timers: [] };
    slot.inflight.push(run);
    task.send(slot.worker.api, run.id).then(
      // A reply for another request means the worker's channel was tampered with: trust nothing from it.
      (reply) => this.#arrived(slot, run, isReply(reply) && reply.id === run.id ? reply : 'exited'),
      () => this.#arrived(slot, run, 'exited'),
    );
    if (slot.inflight.length === 1) this.#start(slot, run);
  }

  /** The request is now the one the worker runs: its limit starts, then the interrupt, then the kill. */
  #start(slot: Slot, run: Running): void {
    run.startedAt = performance.now();
    const buffer = slot.worker.interruptBuffer;
    const { timeoutMs } = run.task;
    if (!buffer) {
      run.timers.push(setTimeout(() => this.#kill(slot, run), timeoutMs));
      return;
    }
    run.timers.push(
      setTimeout(() => {
        // Pyodide raises our TimeoutException at the next bytecode boundary. The grace runs from
        // now: if this thread was held up past the limit, the sample still gets its grace.
        Atomics.store(buffer, 0, 2);
        run.interrupted = true;
        // About one interrupt in twenty went unanswered here (a busy loop inside `try`, after a
        // sample that had caught its own), and the worker was killed a second later. Writing the
        // buffer again is harmless: the harness honours one interrupt per run.
        run.timers.push(setInterval(() => Atomics.store(buffer, 0, 2), RESEND_MS));
        run.timers.push(setTimeout(() => this.#kill(slot, run), this.options.graceMs));
      }, timeoutMs),
    );
  }

  /** Kill after reading whatever the worker already sent: a busy thread must not outrun a reply. */
  #kill(slot: Slot, run: Running): void {
    // The program ended in time and the worker is resetting itself: that is not the program's time.
    if (slot.phase && Atomics.load(slot.phase, 0) === TEARING_DOWN && (run.teardownChecks ?? 0) < TEARDOWN_CHECKS) {
      run.teardownChecks = (run.teardownChecks ?? 0) + 1;
      run.timers.push(setTimeout(() => this.#kill(slot, run), TEARDOWN_CHECK_MS));
      return;
    }
    run.timers.push(setTimeout(() => this.#arrived(slot, run, 'killed'), 0));
  }

  #arrived(slot: Slot, run: Running, outcome: Outcome): void {
    if (slot.retired || run.outcome !== undefined) return;
    run.outcome = outcome;
    // A worker answers in order; settle from the front, starting each next request's clock.
    while (!slot.retired && slot.inflight[0]?.outcome !== undefined) {
      const done = slot.inflight.shift()!;
      done.timers.forEach(clearTimeout);
      this.#settle(slot, done);
      if (!slot.retired && slot.inflight.length > 0) this.#start(slot, slot.inflight[0]);
    }
    if (!slot.retired && slot.inflight.length === 0) {
      slot.state = 'idle';
      this.#retireSurplus();
    }
    this.#pump();
  }

  #settle(slot: Slot, run: Running): void {
    const outcome = run.outcome!;
    const elapsed = performance.now() - run.startedAt;
    this.#stats.samples++;
    slot.runs++;
    let retire: 'kill' | 'crash' | 'recycle' | undefined;
    if (outcome === 'killed') {
      this.#stats.kills++;
      retire = 'kill';
    } else if (outcome === 'exited' || outcome.kind === 'fatal') {
      this.#stats.crashes++;
      retire = 'crash';
    } else {
      if (run.interrupted && outcome.kind === 'result' && outcome.status === 'timed out') this.#stats.interrupts++;
      slot.heapBytes = outcome.heapBytes;
      if (outcome.recycle || outcome.heapBytes > this.options.maxHeapBytes || slot.runs >= this.options.maxRunsPerWorker) {
        this.#stats.recycles++;
        retire = 'recycle';
      }
    }
    if (retire) this.#replace(slot);
    run.task.settle(outcome, elapsed);
  }
}
