/**
 * The engine of a batch run, without runes so it runs (and is tested) in Node: feeds the pool a few
 * samples more than it has workers (so no worker waits for the next message), records each verdict on
 * its sample, and persists results in batches — the verdict cache and the run's samples, one
 * transaction each per ~200 results or per second. Pause stops feeding; cancel also drops what the
 * pool has queued. Samples already running finish and keep their verdicts either way.
 *
 * Samples with the same cache key are the same program under the same settings, so the engine runs
 * each key once and its verdict goes to every copy: what the cache does for a file run twice, done
 * within one run (real sample files repeat completions a lot at low temperatures).
 */
import type { Problem } from '../lib/problems.ts';
import { assembleProgram, type AssembledProgram } from '../lib/program.ts';
import { capVerdict, type Verdict } from '../lib/verdict.ts';
import type { RunSampleRecord } from '../storage/db.ts';
import { saveRunResults } from '../storage/runs.ts';
import { putCachedVerdicts } from '../storage/verdict-cache.ts';

/** What a batch run needs from the engine pool. */
export interface BatchEngine {
  evaluate(program: AssembledProgram, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<Verdict>;
  readonly options: { size: number };
}

export type StopReason = 'done' | 'paused' | 'cancelled';

export interface ExecutorCounts {
  /** Samples with a verdict (from earlier sessions and the cache included). */
  done: number;
  total: number;
  passed: number;
  failed: number;
  timedOut: number;
  /** Given a verdict since this executor started (copies included), and for how long it has run. */
  evaluated: number;
  /** Of those, copies that took the verdict of an identical sample instead of running again. */
  shared: number;
  elapsedMs: number;
}

export interface ExecutorOptions {
  /** Persist after this many new verdicts (one transaction per store). */
  flushEvery?: number;
  /** …or after this long, so slow samples still save progress. */
  flushMs?: number;
  /** Samples handed to the pool beyond its worker count. */
  lookahead?: number;
}

/** Counters for samples as they are (verdicts from earlier sessions or the cache), before any run. */
export function countSamples(samples: readonly RunSampleRecord[]): ExecutorCounts {
  const counts = { done: 0, total: samples.length, passed: 0, failed: 0, timedOut: 0, evaluated: 0, shared: 0, elapsedMs: 0 };
  for (const { verdict } of samples) {
    if (!verdict) continue;
    counts.done++;
    if (verdict.outcome === 'passed') counts.passed++;
    else if (verdict.outcome === 'failed') counts.failed++;
    else counts.timedOut++;
  }
  return counts;
}

export class RunExecutor {
  readonly runId: string;
  #samples: RunSampleRecord[];
  #problems: ReadonlyMap<string, Problem>;
  #timeoutMs: number;
  #options: Required<ExecutorOptions>;
  #counts: ExecutorCounts;
  #unsaved: RunSampleRecord[] = [];
  #saving: Promise<void> = Promise.resolve();
  #stop: 'paused' | 'cancelled' | undefined;
  #abort = new AbortController();
  #error: unknown;

  constructor(
    runId: string,
    samples: RunSampleRecord[],
    problems: ReadonlyMap<string, Problem>,
    timeoutMs: number,
    options: ExecutorOptions = {},
  ) {
    this.runId = runId;
    this.#samples = samples;
    this.#problems = problems;
    this.#timeoutMs = timeoutMs;
    this.#options = { flushEvery: 200, flushMs: 1000, lookahead: 2, ...options };
    this.#counts = countSamples(samples);
  }

  /** A copy of the counters (the page reads them on a timer, not per verdict). */
  counts(): ExecutorCounts {
    return { ...this.#counts };
  }

  #count(verdict: Verdict): void {
    this.#counts.done++;
    if (verdict.outcome === 'passed') this.#counts.passed++;
    else if (verdict.outcome === 'failed') this.#counts.failed++;
    else this.#counts.timedOut++;
  }

  /** Stop handing out samples; `run` resolves `paused` once the running ones finish. */
  pause(): void {
    this.#stop ??= 'paused';
  }

  /** Stop and drop the samples the pool has queued; `run` resolves `cancelled`. */
  cancel(): void {
    this.#stop = 'cancelled';
    this.#abort.abort();
  }

  /** Evaluates every sample without a verdict; resolves when done, paused or cancelled. */
  async run(engine: BatchEngine): Promise<StopReason> {
    const byKey = new Map<string, RunSampleRecord[]>();
    for (const sample of this.#samples) {
      if (sample.verdict) continue;
      const copies = byKey.get(sample.cacheKey);
      if (copies) copies.push(sample);
      else byKey.set(sample.cacheKey, [sample]);
    }
    const pending = [...byKey.values()];
    const started = performance.now();
    const timer = setInterval(() => this.#flush(), this.#options.flushMs);
    try {
      await new Promise<void>((resolve) => {
        let next = 0;
        let inflight = 0;
        const pump = () => {
          while (!this.#stop && this.#error === undefined && next < pending.length) {
            if (inflight >= engine.options.size + this.#options.lookahead) break;
            const copies = pending[next++];
            inflight++;
            this.#evaluate(engine, copies).finally(() => {
              inflight--;
              this.#counts.elapsedMs = performance.now() - started;
              pump();
            });
          }
          if (inflight === 0) resolve();
        };
        pump();
      });
    } finally {
      clearInterval(timer);
    }
    await this.#flush();
    if (this.#error !== undefined) throw this.#error;
    if (this.#counts.done === this.#counts.total) return 'done';
    return this.#stop ?? 'paused';
  }

  /** Runs the first of identical samples and gives every one of them its verdict. */
  async #evaluate(engine: BatchEngine, copies: readonly RunSampleRecord[]): Promise<void> {
    try {
      const [first] = copies;
      const program = assembleProgram(this.#problems.get(first.taskId)!, first.code);
      // Capped as it enters the page: the run's samples, the cache and the results file get the capped text.
      const verdict = capVerdict(await engine.evaluate(program, { timeoutMs: this.#timeoutMs, signal: this.#abort.signal }));
      for (const sample of copies) {
        sample.verdict = verdict;
        this.#count(verdict);
        this.#unsaved.push(sample);
      }
      this.#counts.evaluated += copies.length;
      this.#counts.shared += copies.length - 1;
      if (this.#unsaved.length >= this.#options.flushEvery) void this.#flush();
    } catch (error) {
      // Cancellation drops queued samples on purpose; anything else (a dead engine) stops the run.
      if (!this.#abort.signal.aborted) this.#error ??= error;
    }
  }

  /** Persists the verdicts gathered so far; writes run one after another, in order. */
  #flush(): Promise<void> {
    const batch = this.#unsaved.splice(0);
    if (batch.length === 0) return this.#saving;
    const done = this.#counts.done;
    this.#saving = this.#saving.then(async () => {
      const entries = new Map(batch.map((s) => [s.cacheKey, { key: s.cacheKey, taskId: s.taskId, verdict: s.verdict! }]));
      await putCachedVerdicts([...entries.values()]);
      await saveRunResults(this.runId, batch, { done });
    });
    // A failed write (quota, a deleted database) stops the run rather than losing results silently.
    this.#saving = this.#saving.catch((error) => void (this.#error ??= error));
    return this.#saving;
  }
}
