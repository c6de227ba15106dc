/**
 * pass@k exactly as openai/human-eval's evaluation.py computes it, to the last bit: the per-task
 * estimator `1 - prod(1 - k / arange(n - c + 1, n + 1))` (numpy multiplies left to right), averaged
 * with `np.mean`, whose sum is numpy's pairwise summation (a plain running sum differs in the last bits).
 */

/** Per-task sample counts: n samples, c of them passed. */
export interface TaskCounts {
  task_id: string;
  n: number;
  c: number;
}

/** A k the reference would drop silently, and why. */
export interface OmittedK {
  k: number;
  /** Human-readable reason, e.g. `2 of 164 tasks have fewer than 10 samples`. */
  reason: string;
  /** The tasks with fewer than k samples, in input order. */
  tasksWithFewerSamples: string[];
}

/** pass@k values keyed `pass@<k>` in the order of `ks`, and the ks that could not be reported. */
export interface PassAtKResult {
  values: Record<string, number>;
  omitted: OmittedK[];
}

// numpy's PW_BLOCKSIZE: below it, eight strided accumulators; above it, split and recurse.
const PW_BLOCKSIZE = 128;

function pairwiseSum(a: readonly number[], start: number, n: number): number {
  if (n < 8) {
    // numpy starts from -0.0 so that a sum of negative zeros stays -0.0.
    let res = -0.0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    const r = a.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** `np.sum` of a float64 array: numpy's pairwise summation (numpy's `pairwise_sum_DOUBLE`). */
export function numpySum(values: readonly number[]): number {
  return pairwiseSum(values, 0, values.length);
}

/** `np.mean` of a float64 array: the pairwise sum divided by the count (NaN when empty, like numpy). */
export function numpyMean(values: readonly number[]): number {
  return numpySum(values) / values.length;
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`pass@k: ${name} must be an integer >= ${min}, got ${value}`);
  }
}

/** The unbiased estimator of pass@k for one task with n samples of which c passed (reference `estimator`). */
export function estimatePassAtK(n: number, c: number, k: number): number {
  checkCount('n', n, 0);
  checkCount('c', c, 0);
  checkCount('k', k, 1);
  if (c > n) throw new RangeError(`pass@k: c (${c}) cannot exceed n (${n})`);
  if (n - c < k) return 1.0;
  // numpy evaluates 1.0 - k / i for each i, then multiplies in order starting from 1.0.
  let prod = 1.0;
  for (let i = n - c + 1; i <= n; i++) prod *= 1.0 - k / i;
  return 1.0 - prod;
}

/**
 * pass@k over tasks, each weighted equally. A k is reported only when every task has at least k
 * samples; the reference drops the others silently, we say which tasks were short.
 */
export function passAtK(perTask: readonly TaskCounts[], ks: readonly number[]): PassAtKResult {
  const values: Record<string, number> = {};
  const omitted: OmittedK[] = [];
  for (const k of ks) {
    checkCount('k', k, 1);
    if (`pass@${k}` in values || omitted.some((o) => o.k === k)) continue;
    if (perTask.length === 0) {
      omitted.push({ k, reason: 'no tasks have samples', tasksWithFewerSamples: [] });
      continue;
    }
    const short = perTask.filter((t) => t.n < k).map((t) => t.task_id);
    if (short.length > 0) {
      const reason = `${short.length} of ${perTask.length} tasks have fewer than ${k} samples`;
      omitted.push({ k, reason, tasksWithFewerSamples: short });
      continue;
    }
    values[`pass@${k}`] = numpyMean(perTask.map((t) => estimatePassAtK(t.n, t.c, k)));
  }
  return { values, omitted };
}

/** n and c per task from per-sample outcomes, tasks in order of first appearance. */
export function countPerTask(samples: Iterable<{ task_id: string; passed: boolean }>): TaskCounts[] {
  const byTask = new Map<string, TaskCounts>();
  for (const s of samples) {
    let counts = byTask.get(s.task_id);
    if (!counts) byTask.set(s.task_id, (counts = { task_id: s.task_id, n: 0, c: 0 }));
    counts.n++;
    if (s.passed) counts.c++;
  }
  return [...byTask.values()];
}
