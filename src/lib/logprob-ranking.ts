/**
 * The Codex paper's ranking result (Chen et al. 2021, fig. 7): when a model can submit one sample per
 * task, pick the one with the highest mean token log-probability, and compare its pass rate with
 * picking at random (pass@1) and with an oracle that knows which sample passes (pass@n).
 * Averaged over tasks with numpy's summation, like every other figure here.
 */
import { estimatePassAtK, numpyMean } from './pass-at-k.ts';

/** One sample's task, outcome and mean log-probability (undefined when the sample has none). */
export interface RankedSample {
  task_id: string;
  passed: boolean;
  meanLogp: number | undefined;
}

export type RankingResult =
  | {
      available: true;
      tasks: number;
      samples: number;
      /** Pass rate of the sample with the highest mean log-probability per task (ties: first in the file). */
      ranked: number;
      /** pass@1: the expected pass rate of a sample chosen at random. */
      random: number;
      /** pass@n: a task counts if any of its samples passed. */
      oracle: number;
    }
  | { available: false; reason: string };

function mean(values: readonly unknown[]): number | undefined {
  // OpenAI's `token_logprobs` start with null when the prompt is echoed: skip nulls, reject the rest.
  const numbers = values.filter((v) => v !== null);
  if (numbers.length === 0 || !numbers.every((v) => typeof v === 'number' && Number.isFinite(v))) return undefined;
  let sum = 0;
  for (const v of numbers as number[]) sum += v;
  return sum / numbers.length;
}

/**
 * The mean log-probability a sample carries: `mean_logp` as is, or the mean of `logprobs` (a list of
 * per-token values, or an OpenAI-style `{token_logprobs: [...]}`).
 */
export function meanLogProb(record: unknown): number | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as Record<string, unknown>;
  if (typeof r.mean_logp === 'number' && Number.isFinite(r.mean_logp)) return r.mean_logp;
  const logprobs = r.logprobs;
  if (Array.isArray(logprobs)) return mean(logprobs);
  if (typeof logprobs === 'object' && logprobs !== null) {
    const tokens = (logprobs as Record<string, unknown>).token_logprobs;
    if (Array.isArray(tokens)) return mean(tokens);
  }
  return undefined;
}

/** The mean log-probability in one raw samples line; cheap when the line mentions none. */
export function meanLogProbOfLine(raw: string): number | undefined {
  if (!raw.includes('"mean_logp"') && !raw.includes('"logprobs"')) return undefined;
  try {
    return meanLogProb(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/** Ranked vs random vs oracle; unavailable (with the reason) unless every sample has a log-probability. */
export function logprobRanking(samples: readonly RankedSample[]): RankingResult {
  if (samples.length === 0) return { available: false, reason: 'no samples' };
  const without = samples.filter((s) => s.meanLogp === undefined).length;
  if (without === samples.length) {
    return { available: false, reason: 'no sample carries log-probabilities (mean_logp, or logprobs per token)' };
  }
  if (without > 0) {
    return {
      available: false,
      reason: `${without} of ${samples.length} samples carry no log-probability; ranking needs all of them`,
    };
  }
  const tasks = new Map<string, { n: number; c: number; best: number; bestPassed: boolean }>();
  for (const s of samples) {
    const logp = s.meanLogp!;
    const t = tasks.get(s.task_id);
    if (!t) {
      tasks.set(s.task_id, { n: 1, c: s.passed ? 1 : 0, best: logp, bestPassed: s.passed });
      continue;
    }
    t.n++;
    if (s.passed) t.c++;
    // Strictly greater: on a tie the earlier sample stays chosen.
    if (logp > t.best) {
      t.best = logp;
      t.bestPassed = s.passed;
    }
  }
  const rows = [...tasks.values()];
  return {
    available: true,
    tasks: rows.length,
    samples: samples.length,
    ranked: numpyMean(rows.map((t) => (t.bestPassed ? 1 : 0))),
    random: numpyMean(rows.map((t) => estimatePassAtK(t.n, t.c, 1))),
    oracle: numpyMean(rows.map((t) => (t.c > 0 ? 1 : 0))),
  };
}
