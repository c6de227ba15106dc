/**
 * The figures of a batch run's report, from its samples and their verdicts: per-task rows for the table
 * (with its filters and sort orders), the ks the user asked for, and the summary JSON saved beside the
 * results file. Pure, so the page and the tests compute the same thing.
 */
import { estimatePassAtK } from './pass-at-k.ts';
import { summarizeRun, type RunSummary, type RunVersions } from './summary.ts';
import type { Outcome } from './verdict.ts';
import { countedTotal, countOutcomes } from './verdict-counts.ts';

/** The reference's default ks. */
export const DEFAULT_KS = [1, 10, 100] as const;

/** One task's line in the table. */
export interface TaskRow {
  task_id: string;
  /** Position of the task's first sample in the file (the table's default order). */
  order: number;
  /** Evaluated samples, and how they ended. */
  n: number;
  c: number;
  failed: number;
  timedOut: number;
  /** Samples not evaluated yet. */
  pending: number;
  /** The pass@1 estimate over evaluated samples; undefined before any finished. */
  passAt1: number | undefined;
  /** Indexes of the task's samples, in file order. */
  samples: number[];
}

export type TaskFilter = 'all' | 'failed' | 'timed out' | 'flaky' | 'unsolved';
export type TaskSortKey = 'task' | 'n' | 'c' | 'passAt1' | 'failed' | 'timedOut';

/** Per-task rows from samples (in file order) and their outcomes (undefined: not evaluated). */
export function taskRows(
  samples: readonly { task_id: string }[],
  outcomes: readonly (Outcome | undefined)[],
): TaskRow[] {
  const rows = new Map<string, TaskRow>();
  samples.forEach((s, index) => {
    let row = rows.get(s.task_id);
    if (!row) {
      row = { task_id: s.task_id, order: rows.size, n: 0, c: 0, failed: 0, timedOut: 0, pending: 0, passAt1: undefined, samples: [] };
      rows.set(s.task_id, row);
    }
    row.samples.push(index);
  });
  for (const row of rows.values()) {
    const counts = countOutcomes(row.samples.map((index) => outcomes[index]));
    row.n = countedTotal(counts);
    row.pending = row.samples.length - row.n;
    row.c = counts.passed;
    row.failed = counts.failed;
    row.timedOut = counts.timedOut;
    if (row.n > 0) row.passAt1 = estimatePassAtK(row.n, row.c, 1);
  }
  return [...rows.values()];
}

/** The ks a report shows: the reference's defaults and the ones the runs asked for, ascending. */
export function reportKs(...asked: readonly (readonly number[])[]): number[] {
  return [...new Set([...DEFAULT_KS, ...asked.flat()])].sort((a, b) => a - b);
}

/** What a run's figures cover, said beside every one of them: a subset of the problems, a partial run. */
export function reportScope(tasks: number, problemsTotal: number, progress?: { done: number; total: number }): string {
  const parts = [tasks < problemsTotal ? `subset: ${tasks} of ${problemsTotal} tasks` : ''];
  if (progress && progress.done < progress.total) parts.push(`partial: ${progress.done} of ${progress.total} samples evaluated`);
  return parts.filter(Boolean).join('; ');
}

/** Rows that match a filter: failures, timeouts, flaky (some passed, some not) or unsolved. */
export function filterRows(rows: readonly TaskRow[], filter: TaskFilter): TaskRow[] {
  switch (filter) {
    case 'failed':
      return rows.filter((r) => r.failed > 0);
    case 'timed out':
      return rows.filter((r) => r.timedOut > 0);
    case 'flaky':
      return rows.filter((r) => r.c > 0 && r.c < r.n);
    case 'unsolved':
      return rows.filter((r) => r.n > 0 && r.c === 0);
    default:
      return rows.slice();
  }
}

/** Rows sorted by a column; ties keep file order. */
export function sortRows(rows: readonly TaskRow[], key: TaskSortKey, descending = false): TaskRow[] {
  const value = (r: TaskRow): number => (key === 'task' ? r.order : key === 'passAt1' ? (r.passAt1 ?? -1) : r[key]);
  const sign = descending ? -1 : 1;
  return rows.slice().sort((x, y) => sign * (value(x) - value(y)) || x.order - y.order);
}

/** The ks in a user's text (`1, 10, 100, 5`): positive integers, duplicates dropped; or why not. */
export function parseKs(text: string): number[] | string {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const ks: number[] = [];
  for (const part of parts) {
    const k = Number(part);
    if (!/^\d+$/.test(part) || !Number.isSafeInteger(k) || k < 1) return `"${part}" is not a positive integer`;
    if (!ks.includes(k)) ks.push(k);
  }
  return ks;
}

/** The summary JSON for a run: the CLI's summary (pass@k, omitted ks, counts, settings, versions) and more. */
export interface BatchSummary extends RunSummary {
  name: string;
  source: string;
  createdAt: string;
  /** Present when the samples covered only some of the problems: every figure is over `tasks` tasks. */
  subset?: { tasks: number; problems: number; missing: number };
  temperature?: number;
  extraction: { enabled: boolean; changedSamples: number };
}

export interface SummaryInput {
  name: string;
  source: string;
  createdAt: number;
  samples: readonly { task_id: string }[];
  outcomes: readonly Outcome[];
  ks: readonly number[];
  settings: { timeoutMs: number; workers: number; temperature?: number };
  versions: RunVersions;
  problemsTotal: number;
  extraction: { enabled: boolean; changedSamples: number };
}

/** The summary of a finished run, with the same pass@k as the CLI's `<samples>_summary.json`. */
export function batchSummary(input: SummaryInput): BatchSummary {
  const run = summarizeRun(
    input.samples.map((s, i) => ({ task_id: s.task_id, outcome: input.outcomes[i] })),
    input.ks,
    { timeoutMs: input.settings.timeoutMs, workers: input.settings.workers },
    input.versions,
  );
  const tasks = run.counts.tasks;
  return {
    name: input.name,
    source: input.source,
    createdAt: new Date(input.createdAt).toISOString(),
    ...run,
    ...(tasks < input.problemsTotal
      ? { subset: { tasks, problems: input.problemsTotal, missing: input.problemsTotal - tasks } }
      : {}),
    ...(input.settings.temperature !== undefined ? { temperature: input.settings.temperature } : {}),
    extraction: { ...input.extraction },
  };
}

/** `1:05`, `12:30`, `1:02:03` for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A rate or share as a percentage with two decimals (`49.99 %` would hide the last bits; see full precision). */
export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(2)} %`;
}
