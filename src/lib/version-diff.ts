/**
 * Which samples depend on the Python version (issue 12): the same samples run under two
 * interpreters, the samples whose verdict (passed or not) changed with both result strings, and
 * pass@k under each. Used by the CLI's `--python 3.11,3.14` and the batch page's re-run.
 */
import { countPerTask, passAtK, type PassAtKResult } from './pass-at-k.ts';
import type { PythonVersion } from './python-version.ts';

export interface VersionedRun {
  python: PythonVersion;
  /** Per sample, in the samples' order. */
  results: readonly { passed: boolean; result: string }[];
}

export interface ChangedSample {
  index: number;
  task_id: string;
  /** Result strings under `a` and under `b`. */
  a: string;
  b: string;
}

export interface VersionDiff {
  a: PythonVersion;
  b: PythonVersion;
  passAtK: Record<PythonVersion, PassAtKResult>;
  /** Samples passed under one interpreter and not the other. */
  changed: ChangedSample[];
  /** Samples whose passed-ness is the same but whose result string differs (wording). */
  reworded: number;
}

/** Compare two runs of the same samples (`taskIds[i]` is sample i's task). */
export function diffVersions(taskIds: readonly string[], a: VersionedRun, b: VersionedRun, ks: readonly number[]): VersionDiff {
  if (a.results.length !== taskIds.length || b.results.length !== taskIds.length) throw new Error('both runs must cover the same samples');
  const changed: ChangedSample[] = [];
  let reworded = 0;
  taskIds.forEach((task_id, index) => {
    const x = a.results[index];
    const y = b.results[index];
    if (x.passed !== y.passed) changed.push({ index, task_id, a: x.result, b: y.result });
    else if (x.result !== y.result) reworded++;
  });
  const perTask = (run: VersionedRun) => countPerTask(taskIds.map((task_id, i) => ({ task_id, passed: run.results[i].passed })));
  return {
    a: a.python,
    b: b.python,
    passAtK: { [a.python]: passAtK(perTask(a), ks), [b.python]: passAtK(perTask(b), ks) } as Record<PythonVersion, PassAtKResult>,
    changed,
    reworded,
  };
}

/** A short account for a terminal: pass@k under each, then up to `limit` changed samples. */
export function formatVersionDiff(diff: VersionDiff, limit = 20): string {
  const passAt = (python: PythonVersion) =>
    Object.entries(diff.passAtK[python].values)
      .map(([k, v]) => `${k} ${(v * 100).toFixed(2)}`)
      .join(', ');
  const lines = [
    `Python ${diff.a}: ${passAt(diff.a)}`,
    `Python ${diff.b}: ${passAt(diff.b)}`,
    `${diff.changed.length} sample(s) passed under one version and not the other; ${diff.reworded} more read differently`,
  ];
  for (const c of diff.changed.slice(0, limit)) {
    lines.push(`  #${c.index} ${c.task_id}: ${diff.a} ${JSON.stringify(c.a)} | ${diff.b} ${JSON.stringify(c.b)}`);
  }
  if (diff.changed.length > limit) lines.push(`  … and ${diff.changed.length - limit} more`);
  return lines.join('\n');
}

/** Which way a changed sample went, reading from `diff.a` to `diff.b` (`timed out` counts as not passed). */
export type ChangeDirection = 'passed→failed' | 'failed→passed';

export function changeDirection(change: ChangedSample): ChangeDirection {
  return change.a === 'passed' ? 'passed→failed' : 'failed→passed';
}

/** The interpreter a stored run ran under: runs stored before there were two carry none, and ran 3.14. */
export function runPython(versions: { python?: PythonVersion }): PythonVersion {
  return versions.python ?? '3.14';
}
