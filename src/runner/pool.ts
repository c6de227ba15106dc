/**
 * The engine pool: N Pyodide workers, a queue with cancellation, one deadline per sample (interrupt
 * in place, then a hard kill at limit + grace), and replacement of workers that die, hang, grow too
 * big or were left in a state the harness cannot restore. Host-neutral: it gets workers from a
 * spawn function (Web Workers in the browser, worker_threads in Node).
 */
import type { BootInfo, ExplainResult, PlusReply, PlusRequest, RunFatal, RunReply } from '../../workers/protocol.ts';
import type { AssertionReport } from '../lib/assertions.ts';
import type { Problem } from '../lib/problems.ts';
import type { AssembledProgram, SampleCode } from '../lib/program.ts';
import { locateVerdict, type Verdict } from '../lib/verdict.ts';
import type { EngineWorker, SpawnEngineWorker } from './engine-worker.ts';
import { WorkerBooter } from './pool-boot.ts';
import type { SnapshotStore } from './snapshot-source.ts';
import {
  CancelledError,
  DEFAULT_POOL_OPTIONS,
  type EvaluateOptions,
  type PoolOptions,
  type PoolStats,
  type SlotState,
} from './pool-options.ts';
import { isReply, verdictFor, type WorkerEnding as Ending } from './verdicts.ts';
import { spawnFirstNow } from './worker-call.ts';

export { CancelledError, DEFAULT_POOL_OPTIONS };
export type { EvaluateOptions, PoolOptions, PoolStats, SnapshotStore };

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
  outcome?: Ending;
  /** Times the kill was put off because the worker was tearing down. */
  teardownChecks?: number;
}

interface Task {
  timeoutMs: number;
  /**
   * A HumanEval+ part (ARCHITECTURE.md, "HumanEval+"): no interrupt at `timeoutMs` (EvalPlus's
   * child has no alarm at its cap), a kill `killAfterMs` after it, and each input's call
   * interrupted past its own limit, timed through `progress`.
   */
  plus?: { progress?: Int32Array; limitsMs: readonly number[]; killAfterMs: number };
  /** Sends the request to a worker. */
  send(api: EngineWorker['api'], id: number): Promise<RunReply | ExplainResult | PlusReply | RunFatal>;
  /** Turns the outcome into the caller's answer and delivers it. */
  settle(outcome: Ending, elapsedMs: number): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
}

/** The worker's phase while it resets itself after a verdict (see BootOptions.phaseBuffer). */
const TEARING_DOWN = 1;
/** A teardown gets this many postponements of the kill, this far apart (10 s in all). */
const TEARDOWN_CHECKS = 100;
const TEARDOWN_CHECK_MS = 100;

/** While a sample outlives its interrupt, the interrupt is written again this often. */
const RESEND_MS = 100;
/** Characters of a stopped worker's reason kept in the stats. */
const LOSS_REASON_CAP = 300;
/** How often a HumanEval+ part's running input is checked against its limit. */
const INPUT_WATCH_MS = 10;

/** What became of a HumanEval+ part: the worker's reply, or the input it was on when killed or lost. */
export type PlusPartEnding = ({ reply: PlusReply } | { ended: 'killed' | 'exited' }) & { progress: number | undefined };

export class EnginePool {
  readonly options: PoolOptions;
  /** Resolves with the first worker's boot info; rejects with the reason if no worker can start. */
  readonly ready: Promise<BootInfo>;
  #booter: WorkerBooter;
  #active: Slot[] = [];
  #spare: Slot | undefined;
  #queue: Task[] = [];
  #nextSlotId = 1;
  #nextRunId = 1;
  #closed = false;
  #stats: Omit<PoolStats, 'booting' | 'workers'> = {
    boots: 0,
    bootFailures: 0,
    interrupts: 0,
    kills: 0,
    crashes: 0,
    recycles: 0,
    lost: 0,
    samples: 0,
    snapshotMs: 0,
  };

  constructor(spawn: SpawnEngineWorker, options: Partial<PoolOptions> = {}) {
    const early = spawnFirstNow(spawn);
    this.options = { ...DEFAULT_POOL_OPTIONS, ...options };
    this.options.size = Math.max(1, Math.floor(this.options.size));
    this.#booter = new WorkerBooter(early.spawn, this.options, this.#stats, () => this.#closed);
    const boots = Array.from({ length: this.options.size }, () => this.#addSlot('active'));
    this.ready = Promise.any(boots).catch(() => {
      throw this.#booter.error ?? new Error('the Python engine could not start');
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
        else if (outcome === 'killed')
          resolve({ assertions: [], timedOut: true, unavailable: 'the explanation run did not stop at the limit' });
        else
          resolve({
            assertions: [],
            timedOut: false,
            unavailable: 'the interpreter crashed during the explanation run',
          });
      },
      reject,
      signal: options.signal,
    }));
  }

  /**
   * Run one HumanEval+ part (or, in `expected` mode, compute its ground truth). `capMs` is the
   * part's timeout: the worker is killed `killAfterMs` after it, never interrupted at it.
   */
  evaluatePlusPart(
    request: Omit<PlusRequest, 'id' | 'progress'>,
    options: { capMs: number; killAfterMs: number; signal?: AbortSignal },
  ): Promise<PlusPartEnding> {
    if (this.#closed) return Promise.reject(new Error('pool is closed'));
    const progress = typeof SharedArrayBuffer === 'undefined' ? undefined : new Int32Array(new SharedArrayBuffer(4));
    return this.#enqueue<PlusPartEnding>(options.signal, (resolve, reject) => ({
      timeoutMs: options.capMs,
      plus: { progress, limitsMs: request.inputLimitsMs ?? [], killAfterMs: options.killAfterMs },
      send: (api, id) => api.plus({ ...request, id, ...(progress ? { progress } : {}) }),
      settle: (outcome) => {
        const mark = progress ? Atomics.load(progress, 0) : undefined;
        if (typeof outcome === 'object' && (outcome.kind === 'plus' || outcome.kind === 'fatal'))
          resolve({ reply: outcome, progress: mark });
        else resolve({ ended: outcome === 'killed' ? 'killed' : 'exited', progress: mark });
      },
      reject,
      signal: options.signal,
    }));
  }

  #enqueue<T>(
    signal: AbortSignal | undefined,
    make: (resolve: (value: T) => void, reject: (error: unknown) => void) => Task,
  ): Promise<T> {
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
      booting: this.#booter.booting,
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
    const planned = this.#active.length + this.#booter.bootingActive;
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
    return this.#booter.boot(role).then(({ worker, info, phase }) => {
      if (this.#closed) {
        worker.terminate();
        throw new Error('pool is closed');
      }
      const slot: Slot = {
        id: this.#nextSlotId++,
        worker,
        state: 'idle',
        runs: 0,
        heapBytes: info.heapBytes,
        info,
        inflight: [],
        retired: false,
        phase,
      };
      worker.onExit((reason) => this.#lost(slot, reason));
      if (role === 'spare' && !this.#spare) {
        slot.state = 'spare';
        this.#spare = slot;
      } else {
        this.#active.push(slot);
        this.#retireSurplus();
        this.#pump();
      }
      return info;
    });
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
  #lost(slot: Slot, reason: string): void {
    if (slot.retired || this.#closed) return;
    // The host's words (a worker's uncaught error message among them): kept short for the status.
    this.#stats.lastLoss = reason.length > LOSS_REASON_CAP ? `${reason.slice(0, LOSS_REASON_CAP)}…` : reason;
    if (slot.inflight.length === 0) this.#stats.lost++;
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
    const { timeoutMs, plus } = run.task;
    if (plus) {
      run.timers.push(setTimeout(() => this.#kill(slot, run), timeoutMs + plus.killAfterMs));
      if (buffer && plus.progress) this.#watchInputs(run, buffer, plus.progress, plus.limitsMs);
      return;
    }
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

  /** Interrupt a HumanEval+ call that runs past its own limit (the worker marks 2i+1 while input i runs). */
  #watchInputs(run: Running, buffer: Int32Array, progress: Int32Array, limitsMs: readonly number[]): void {
    let seen = -1;
    let since = 0;
    run.timers.push(
      setInterval(() => {
        const mark = Atomics.load(progress, 0);
        const now = performance.now();
        if (mark !== seen) {
          seen = mark;
          since = now;
          return;
        }
        const limit = mark % 2 === 1 ? limitsMs[(mark - 1) / 2] : undefined;
        if (limit !== undefined && limit > 0 && now - since >= limit) {
          // Written again each tick until the call ends: the harness honours one per call.
          Atomics.store(buffer, 0, 2);
          if (!run.interrupted) this.#stats.interrupts++;
          run.interrupted = true;
        }
      }, INPUT_WATCH_MS),
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

  #arrived(slot: Slot, run: Running, outcome: Ending): void {
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
      if (
        outcome.recycle ||
        outcome.heapBytes > this.options.maxHeapBytes ||
        slot.runs >= this.options.maxRunsPerWorker
      ) {
        this.#stats.recycles++;
        retire = 'recycle';
      }
    }
    if (retire) this.#replace(slot);
    run.task.settle(outcome, elapsed);
  }
}
