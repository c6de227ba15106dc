/**
 * A run and its re-run under the other interpreter, compared (issue 12, "version sensitivity"):
 * pass@k under each, and the samples whose verdict (passed or not) changed with both result strings,
 * through the same `diffVersions` as the CLI's `--python 3.11,3.14`. Plain TypeScript over BatchRun.
 */
import { PYTHON_VERSIONS } from '../lib/python-version.ts';
import { reportKs } from '../lib/run-report.ts';
import { changeDirection, diffVersions, runPython, type ChangedSample, type ChangeDirection, type VersionDiff } from '../lib/version-diff.ts';
import type { BatchRun } from './batch-run.svelte.ts';

export interface ChangedRow extends ChangedSample {
  /** Which of its task's samples it is (0-based, in file order). */
  position: number;
  direction: ChangeDirection;
}

export interface VersionSensitivity extends VersionDiff {
  ks: readonly number[];
  rows: ChangedRow[];
  /**
   * The engine builds of the runs under `a` and `b`, when they differ (a run stored by an older
   * build, re-run by this one): a changed verdict may then come from the engine, not the interpreter.
   */
  engines?: [string, string];
}

/** Why two runs cannot be compared yet, or undefined when they can. */
export function notComparable(x: BatchRun, y: BatchRun): string | undefined {
  if (runPython(x.record.versions) === runPython(y.record.versions)) return 'both runs are under the same interpreter';
  if (x.samples.length !== y.samples.length || x.samples.some((s, i) => s.taskId !== y.samples[i].taskId || s.line !== y.samples[i].line)) {
    return 'the runs do not hold the same samples';
  }
  if (!x.complete || !y.complete) return 'the comparison appears once both runs have every verdict';
  return undefined;
}

/**
 * The comparison, the older interpreter first (3.11, then 3.14) whichever run came first; undefined
 * until both runs are complete. Reads each sample's verdict, so it follows a run that is finishing.
 */
export function compareVersions(x: BatchRun, y: BatchRun): VersionSensitivity | undefined {
  if (notComparable(x, y)) return undefined;
  const [a, b] = PYTHON_VERSIONS.indexOf(runPython(x.record.versions)) < PYTHON_VERSIONS.indexOf(runPython(y.record.versions)) ? [x, y] : [y, x];
  const results = (run: BatchRun) =>
    run.samples.map((_, i) => {
      const verdict = run.verdict(i)!;
      return { passed: verdict.passed, result: verdict.result };
    });
  const ks = reportKs(a.record.meta.ks, b.record.meta.ks);
  const taskIds = a.samples.map((s) => s.taskId);
  const diff = diffVersions(
    taskIds,
    { python: runPython(a.record.versions), results: results(a) },
    { python: runPython(b.record.versions), results: results(b) },
    ks,
  );
  const positions: number[] = [];
  const seen = new Map<string, number>();
  for (const task of taskIds) {
    const n = seen.get(task) ?? 0;
    positions.push(n);
    seen.set(task, n + 1);
  }
  const rows = diff.changed.map((change) => ({ ...change, position: positions[change.index], direction: changeDirection(change) }));
  const engines: [string, string] = [a.record.versions.engine, b.record.versions.engine];
  return { ...diff, ks, rows, ...(engines[0] !== engines[1] ? { engines } : {}) };
}
