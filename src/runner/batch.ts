/**
 * Many samples through one pool: every job queued at once (the pool keeps all workers busy),
 * verdicts delivered per sample as they finish or in input order, progress with rate and ETA,
 * and cancellation through an AbortSignal.
 */
import type { Verdict } from '../lib/verdict.ts';
import { CancelledError, type EnginePool } from './pool.ts';

export interface BatchJob {
  program: string;
  timeoutMs?: number;
}

export interface BatchProgress {
  done: number;
  total: number;
  passed: number;
  failed: number;
  timedOut: number;
  elapsedMs: number;
  samplesPerSecond: number;
  /** Estimated time left, from the rate so far; undefined until something finished. */
  etaMs: number | undefined;
}

export interface BatchOptions {
  /** Called once per sample; with `ordered`, strictly in input order. */
  onResult?(index: number, verdict: Verdict): void;
  onProgress?(progress: BatchProgress): void;
  /** Deliver `onResult` in input order (later results wait for earlier ones). */
  ordered?: boolean;
  /** Abort: queued samples are dropped and the promise rejects with CancelledError. */
  signal?: AbortSignal;
}

/** Evaluate every job; resolves with the verdicts in input order. */
export async function evaluateBatch(pool: EnginePool, jobs: BatchJob[], options: BatchOptions = {}): Promise<Verdict[]> {
  const started = performance.now();
  const verdicts: (Verdict | undefined)[] = new Array(jobs.length);
  const progress: BatchProgress = {
    done: 0,
    total: jobs.length,
    passed: 0,
    failed: 0,
    timedOut: 0,
    elapsedMs: 0,
    samplesPerSecond: 0,
    etaMs: undefined,
  };
  let nextToDeliver = 0;
  const deliver = (index: number, verdict: Verdict) => {
    verdicts[index] = verdict;
    progress.done++;
    if (verdict.outcome === 'passed') progress.passed++;
    else if (verdict.outcome === 'failed') progress.failed++;
    else progress.timedOut++;
    progress.elapsedMs = performance.now() - started;
    progress.samplesPerSecond = progress.done / (progress.elapsedMs / 1000);
    progress.etaMs = ((progress.total - progress.done) / progress.samplesPerSecond) * 1000;
    if (options.ordered) {
      while (nextToDeliver < jobs.length && verdicts[nextToDeliver]) {
        options.onResult?.(nextToDeliver, verdicts[nextToDeliver]!);
        nextToDeliver++;
      }
    } else {
      options.onResult?.(index, verdict);
    }
    options.onProgress?.({ ...progress });
  };
  const pending = jobs.map((job, index) =>
    pool.evaluate(job.program, { timeoutMs: job.timeoutMs, signal: options.signal }).then((verdict) => {
      if (!options.signal?.aborted) deliver(index, verdict);
    }),
  );
  const settled = await Promise.allSettled(pending);
  if (options.signal?.aborted) throw new CancelledError();
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  return verdicts as Verdict[];
}
