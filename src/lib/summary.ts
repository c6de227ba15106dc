/**
 * The summary of a run, saved next to the results file and printed by the CLI: pass@k (with the ks
 * that had to be left out and why), outcome counts, and the settings and runtime versions that produced
 * the verdicts, so two summaries can be compared knowing whether they were made the same way.
 */
import type { PythonVersion } from './python-version.ts';
import type { Outcome } from './verdict.ts';
import type { OmittedK } from './pass-at-k.ts';
import { countPerTask, passAtK } from './pass-at-k.ts';
import { pyFloatRepr, pyStrRepr } from './py-repr.ts';
import { countOutcomes } from './verdict-counts.ts';

/** How many samples and tasks a run covered, and how the samples ended. */
export interface RunCounts {
  samples: number;
  tasks: number;
  passed: number;
  failed: number;
  timedOut: number;
  /** Samples that took the verdict of an identical sample instead of running (the CLI reports it). */
  shared?: number;
}

/** Settings that can change verdicts. */
export interface RunSettings {
  timeoutMs: number;
  workers: number;
}

/** Versions of what computed the verdicts, supplied by the caller. */
export interface RunVersions {
  engine: string;
  pyodide: string;
  /** The interpreter (issue 12); absent in runs stored before there were two. */
  python?: PythonVersion;
}

/** Everything a run reports besides the per-sample results. */
export interface RunSummary {
  passAtK: Record<string, number>;
  omitted: OmittedK[];
  counts: RunCounts;
  settings: RunSettings;
  versions: RunVersions;
}

/**
 * Summarises per-sample outcomes. Tasks enter the pass@k mean in order of first appearance, as the
 * reference's dict does when samples finish in the order they were submitted.
 */
export function summarizeRun(
  outcomes: readonly { task_id: string; outcome: Outcome }[],
  ks: readonly number[],
  settings: RunSettings,
  versions: RunVersions,
): RunSummary {
  const perTask = countPerTask(outcomes.map((o) => ({ task_id: o.task_id, passed: o.outcome === 'passed' })));
  const { values, omitted } = passAtK(perTask, ks);
  return {
    passAtK: values,
    omitted,
    counts: { samples: outcomes.length, tasks: perTask.length, ...countOutcomes(outcomes.map((o) => o.outcome)) },
    settings: { ...settings },
    versions: { ...versions },
  };
}

/** The pass@k dict as the reference's CLI prints it, e.g. `{'pass@1': 0.4999999999999999}`. */
export function formatPassAtK(values: Record<string, number>): string {
  const items = Object.entries(values).map(([key, value]) => `${pyStrRepr(key)}: ${pyFloatRepr(value)}`);
  return `{${items.join(', ')}}`;
}
