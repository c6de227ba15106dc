/**
 * The CLI's evaluation, apart from files and flags so it is tested with a fake pool: every sample is
 * keyed (src/lib/cache-key.ts) and run through the one batch runner, so identical programs are
 * evaluated once, and results come back strictly in input order for the results file.
 */
import { cacheKeys } from '../lib/cache-key.ts';
import type { Problem } from '../lib/problems.ts';
import { assembleProgram } from '../lib/program.ts';
import type { Sample } from '../lib/samples.ts';
import type { Verdict } from '../lib/verdict.ts';
import type { EngineVersions } from '../lib/version.ts';
import { BatchRunner, type BatchPool, type BatchProgress } from '../runner/batch.ts';
import { CancelledError } from '../runner/pool.ts';

export interface EvaluateSamplesOptions {
  timeoutMs: number;
  versions: EngineVersions;
  /** Called for every sample, in input order. */
  onResult?(index: number, verdict: Verdict): void;
  onProgress?(progress: BatchProgress): void;
  signal?: AbortSignal;
}

/** Evaluates the samples; resolves with their verdicts in input order and the final figures. */
export async function evaluateSamples(
  pool: BatchPool,
  samples: readonly Pick<Sample, 'task_id' | 'code'>[],
  problems: ReadonlyMap<string, Problem>,
  options: EvaluateSamplesOptions,
): Promise<{ verdicts: Verdict[]; progress: BatchProgress }> {
  const keys = await cacheKeys(samples, problems, options);
  const jobs = samples.map((sample, i) => ({
    key: keys[i],
    timeoutMs: options.timeoutMs,
    // Assembled only when sent: a million samples never hold a million programs at once.
    program: () => assembleProgram(problems.get(sample.task_id)!, sample.code).program,
  }));
  const runner = new BatchRunner(pool, jobs, {
    ordered: true,
    signal: options.signal,
    onResult: options.onResult && ((index, verdict) => options.onResult!(index, verdict)),
    onProgress: options.onProgress,
  });
  if ((await runner.run()) !== 'done') throw new CancelledError();
  return { verdicts: runner.verdicts as Verdict[], progress: runner.progress() };
}
