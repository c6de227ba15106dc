/**
 * Two runs side by side: pass@k of each (each over its own tasks, as the reference would report it),
 * which tasks one run solved (at least one sample passed) and the other did not, and where their task
 * sets differ, since comparing a subset with a full run is a different question.
 */
import { estimatePassAtK, passAtK, type PassAtKResult, type TaskCounts } from './pass-at-k.ts';

export interface TaskComparison {
  task_id: string;
  a?: TaskCounts;
  b?: TaskCounts;
  /** pass@1 estimate of b minus that of a, for tasks both runs have. */
  delta?: number;
}

export interface RunComparison {
  a: PassAtKResult;
  b: PassAtKResult;
  /** Tasks both runs evaluated. */
  common: number;
  onlyInA: string[];
  onlyInB: string[];
  /** Among common tasks: solved by A and not by B, and the reverse. */
  solvedOnlyByA: string[];
  solvedOnlyByB: string[];
  solvedByBoth: number;
  solvedByNeither: number;
  /** Every task of either run: A's order first, then B's extra tasks. */
  tasks: TaskComparison[];
}

const solved = (t: TaskCounts) => t.c > 0;

/** Compares two runs given their per-task counts. */
export function compareRuns(a: readonly TaskCounts[], b: readonly TaskCounts[], ks: readonly number[]): RunComparison {
  const inB = new Map(b.map((t) => [t.task_id, t]));
  const inA = new Map(a.map((t) => [t.task_id, t]));
  const result: RunComparison = {
    a: passAtK(a, ks),
    b: passAtK(b, ks),
    common: 0,
    onlyInA: [],
    onlyInB: b.filter((t) => !inA.has(t.task_id)).map((t) => t.task_id),
    solvedOnlyByA: [],
    solvedOnlyByB: [],
    solvedByBoth: 0,
    solvedByNeither: 0,
    tasks: [],
  };
  for (const ta of a) {
    const tb = inB.get(ta.task_id);
    if (!tb) {
      result.onlyInA.push(ta.task_id);
      result.tasks.push({ task_id: ta.task_id, a: ta });
      continue;
    }
    result.common++;
    if (solved(ta) && solved(tb)) result.solvedByBoth++;
    else if (solved(ta)) result.solvedOnlyByA.push(ta.task_id);
    else if (solved(tb)) result.solvedOnlyByB.push(ta.task_id);
    else result.solvedByNeither++;
    const delta = estimatePassAtK(tb.n, tb.c, 1) - estimatePassAtK(ta.n, ta.c, 1);
    result.tasks.push({ task_id: ta.task_id, a: ta, b: tb, delta });
  }
  for (const id of result.onlyInB) result.tasks.push({ task_id: id, b: inB.get(id) });
  return result;
}
