/**
 * Re-running a stored run under the other interpreter (issue 12, "version sensitivity"): a second run
 * of the same samples, linked to the first by `meta.rerunOf`, with every cache key computed again
 * for the other interpreter's versions (so no verdict of the first is ever served for it) and the
 * verdicts the cache already holds under those versions applied. Being an ordinary run, it is
 * stored before anything runs and resumes like any other. Plain TypeScript.
 */
import type { Problem } from '../lib/problems.ts';
import { cacheKeys } from '../lib/cache-key.ts';
import type { EngineVersions } from '../lib/version.ts';
import type { RunSampleRecord } from '../storage/db.ts';
import { refingerprint, type RunRecord } from '../storage/runs.ts';
import { applyCachedVerdicts } from './batch-prepare.ts';

export interface RerunInput {
  source: RunRecord;
  samples: readonly RunSampleRecord[];
  problems: ReadonlyMap<string, Problem>;
  /** The other interpreter's versions (builtVersions). */
  versions: EngineVersions;
  workers: number;
}

/** The re-run's record and samples, not stored yet (BatchRun stores a new run in the background). */
export async function prepareRerun(input: RerunInput): Promise<{ record: RunRecord; samples: RunSampleRecord[] }> {
  const { source, problems, versions } = input;
  if (source.versions.pyodide === versions.pyodide) throw new Error('a re-run must use another interpreter');
  const missing = input.samples.find((s) => !problems.has(s.taskId));
  if (missing) throw new Error(`${missing.taskId} is not among the run's problems`);
  const id = crypto.randomUUID();
  const keys = await cacheKeys(
    input.samples.map((s) => ({ task_id: s.taskId, code: s.code })),
    problems,
    { timeoutMs: source.settings.timeoutMs, versions },
  );
  // Same lines, same code, same order: only the run, the keys and (once evaluated) the verdicts differ.
  const samples: RunSampleRecord[] = input.samples.map(({ index, taskId, line, raw, code }, i) => ({ runId: id, index, taskId, line, raw, code, cacheKey: keys[i] }));
  await applyCachedVerdicts(samples);
  const done = samples.filter((s) => s.verdict).length;
  const record: RunRecord = {
    id,
    name: `${source.name} (Python ${versions.python})`,
    createdAt: Date.now(),
    sourceName: source.sourceName,
    datasetId: source.datasetId,
    settings: { ...source.settings, workers: input.workers },
    versions: { ...versions },
    total: samples.length,
    done,
    status: done === samples.length ? 'done' : 'running',
    meta: { ...source.meta, fingerprint: refingerprint(source.meta.fingerprint, versions), rerunOf: source.id },
  };
  return { record, samples };
}
