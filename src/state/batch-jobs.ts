/**
 * What a page's batch run hands the one batch runner (src/runner/batch.ts): its samples as jobs
 * (each with its cache key and, once evaluated, its verdict), and cache hooks backed by IndexedDB.
 * The store hook keeps the run's samples as well as the verdict cache, one transaction each per batch
 * of results, so a run cut off by a closed tab resumes where it stopped. Plain TypeScript.
 */
import type { Problem } from '../lib/problems.ts';
import { assembleProgram } from '../lib/program.ts';
import { capVerdict, type Verdict } from '../lib/verdict.ts';
import { BatchRunner, type BatchCache, type BatchJob, type BatchOptions, type BatchPool } from '../runner/batch.ts';
import type { RunSampleRecord } from '../storage/db.ts';
import { saveRunResults } from '../storage/runs.ts';
import { getCachedVerdicts, putCachedVerdicts } from '../storage/verdict-cache.ts';

/** The samples as jobs; a sample's program is assembled only when the runner sends it. */
export function runJobs(samples: readonly RunSampleRecord[], problems: ReadonlyMap<string, Problem>, timeoutMs: number): BatchJob[] {
  return samples.map((sample) => ({
    key: sample.cacheKey,
    timeoutMs,
    verdict: sample.verdict,
    // The assembled program (not its text) lets the verdict's traceback name prompt, completion and test.
    program: () => assembleProgram(problems.get(sample.taskId)!, sample.code),
  }));
}

/** Cache hooks for a run: look verdicts up in IndexedDB; store new ones there and on the run's samples. */
export function runCache(runId: string, samples: readonly RunSampleRecord[]): Required<BatchCache> {
  return {
    lookup: (keys) => getCachedVerdicts(keys),
    async store(results, progress) {
      const fresh = new Map<string, { key: string; taskId: string; verdict: Verdict }>();
      for (const { index, key, verdict, source } of results) {
        if (source === 'evaluated' && key !== undefined) fresh.set(key, { key, taskId: samples[index].taskId, verdict });
      }
      await putCachedVerdicts([...fresh.values()]);
      await saveRunResults(runId, results.map((r) => samples[r.index]), { done: progress.done });
    },
  };
}

/**
 * The batch runner for a stored run: evaluates its samples without a verdict (asking the cache first),
 * writes every verdict onto its sample, and persists them in batches.
 */
export function runRunner(
  pool: BatchPool,
  runId: string,
  samples: readonly RunSampleRecord[],
  problems: ReadonlyMap<string, Problem>,
  timeoutMs: number,
  options: Pick<BatchOptions, 'flushEvery' | 'flushMs' | 'lookahead'> = {},
): BatchRunner {
  // Verdicts are capped where they enter the page (capVerdict): what is shown and stored stays short.
  const capped: BatchPool = { ...pool, evaluate: async (program, evaluateOptions) => capVerdict(await pool.evaluate(program, evaluateOptions)) };
  return new BatchRunner(capped, runJobs(samples, problems, timeoutMs), {
    ...options,
    cache: runCache(runId, samples),
    onResult: (index, verdict) => (samples[index].verdict = verdict),
  });
}
