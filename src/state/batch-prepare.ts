/**
 * Turning an imported samples file into a run, and getting a stored run ready to continue. Every
 * sample's verdict comes from the cache when it has one; for the same file run again, the earlier
 * run's keys and verdicts are taken in one read (after checking that the cache still holds them), since
 * looking up thousands of keys one by one is what makes a cached re-run slow. (A stored run continues
 * through the batch runner, which asks the cache itself.) Plain TypeScript.
 */
import type { EngineVersions } from '../lib/version.ts';
import type { Problem } from '../lib/problems.ts';
import { addCacheKeys, type ImportOutcome } from '../lib/samples-import.ts';
import type { RunSampleRecord } from '../storage/db.ts';
import type { RunRecord } from '../storage/runs.ts';
import { getCachedVerdicts } from '../storage/verdict-cache.ts';

/** Keys per cache lookup (one read transaction each). */
const LOOKUP_CHUNK = 4000;
/** Samples of an earlier run checked against the cache before its verdicts are reused. */
const SPOT_CHECKS = 32;

export interface NewRunInput {
  outcome: ImportOutcome;
  problems: readonly Problem[];
  /** The session's id for the problems (a stored dataset, or the bundled HumanEval). */
  datasetId: string;
  problemsName: string;
  sourceName: string;
  name: string;
  temperature?: number;
  ks: number[];
  extract: boolean;
  timeoutMs: number;
  workers: number;
  versions: EngineVersions;
  /** runFingerprint of the file with these problems, settings and versions. */
  fingerprint: string;
  /** The samples of an earlier run with the same fingerprint: same order, same keys. */
  earlier?: readonly RunSampleRecord[];
}

/** Sets the cached verdict on every sample that has none yet; returns the samples it found one for. */
export async function applyCachedVerdicts(samples: readonly RunSampleRecord[]): Promise<RunSampleRecord[]> {
  const pending = samples.filter((s) => !s.verdict);
  const found: RunSampleRecord[] = [];
  for (let start = 0; start < pending.length; start += LOOKUP_CHUNK) {
    const chunk = pending.slice(start, start + LOOKUP_CHUNK);
    // One read per distinct key: repeated samples share theirs.
    const cached = await getCachedVerdicts([...new Set(chunk.map((s) => s.cacheKey))]);
    for (const sample of chunk) {
      const verdict = cached.get(sample.cacheKey);
      if (verdict) {
        sample.verdict = verdict;
        found.push(sample);
      }
    }
  }
  return found;
}

/** Verdicts of an earlier run of the same samples, if the cache still has them (it may have been cleared). */
async function reusableVerdicts(earlier: readonly RunSampleRecord[]): Promise<boolean> {
  const evaluated = earlier.filter((s) => s.verdict);
  if (evaluated.length === 0) return false;
  const step = Math.max(1, Math.floor(evaluated.length / SPOT_CHECKS));
  const probe = evaluated.filter((_, i) => i % step === 0).map((s) => s.cacheKey);
  return (await getCachedVerdicts(probe)).size === new Set(probe).size;
}

/**
 * The run for an imported file, with cached verdicts applied to its samples; not stored yet (the caller
 * stores it with `createRun`, in the background, so a run answered from the cache shows at once).
 */
export async function prepareNewRun(input: NewRunInput): Promise<{ record: RunRecord; samples: RunSampleRecord[] }> {
  const { outcome, problems, timeoutMs, datasetId, versions } = input;
  const earlier = input.earlier?.length === outcome.samples.length ? input.earlier : undefined;
  const id = crypto.randomUUID();
  const reuse = earlier !== undefined && (await reusableVerdicts(earlier));
  if (!earlier && outcome.samples.some((s) => !s.cacheKey)) {
    const byId = new Map(problems.map((p) => [p.task_id, p]));
    await addCacheKeys(outcome.samples, byId, { timeoutMs, versions });
  }
  const samples: RunSampleRecord[] = outcome.samples.map((s, i) => ({
    runId: id,
    index: s.index,
    taskId: s.task_id,
    line: s.line,
    raw: s.raw,
    code: s.code,
    cacheKey: earlier ? earlier[i].cacheKey : s.cacheKey!,
    ...(reuse && earlier?.[i].verdict ? { verdict: earlier[i].verdict } : {}),
  }));
  await applyCachedVerdicts(samples);
  const done = samples.filter((s) => s.verdict).length;
  const { summary } = outcome;
  const record: RunRecord = {
    id,
    name: input.name,
    createdAt: Date.now(),
    sourceName: input.sourceName,
    datasetId,
    settings: { timeoutMs, workers: input.workers, ...(input.temperature !== undefined ? { temperature: input.temperature } : {}) },
    versions: { ...versions },
    total: samples.length,
    done,
    status: done === samples.length ? 'done' : 'running',
    meta: {
      format: summary.format,
      fingerprint: input.fingerprint,
      problemsName: input.problemsName,
      problemsTotal: summary.problemsTotal,
      tasks: summary.tasks,
      ks: input.ks,
      extract: input.extract,
      extracted: summary.extracted,
      issues: summary.issues.length,
    },
  };
  return { record, samples };
}
