/**
 * pass@k of a whole run against k, per task, which tasks make the curve rise, and pass@k against
 * temperature across runs (the Codex paper's Figure 5). All built on src/lib/pass-at-k.ts.
 */
import { estimatePassAtK, passAtK, type TaskCounts } from '../pass-at-k.ts';

/** One point of a pass@k curve. */
export interface KPoint {
  k: number;
  value: number;
}

/** The largest k every task can report (the smallest n), 0 without tasks. */
export function maxReportableK(perTask: readonly TaskCounts[]): number {
  return perTask.length === 0 ? 0 : Math.min(...perTask.map((t) => t.n));
}

/** The run's pass@k (mean over tasks, as the reference computes it) for k = 1..min n. */
export function datasetCurve(perTask: readonly TaskCounts[]): KPoint[] {
  const ks = Array.from({ length: maxReportableK(perTask) }, (_, i) => i + 1);
  const { values } = passAtK(perTask, ks);
  return ks.map((k) => ({ k, value: values[`pass@${k}`] }));
}

/** One task's estimate for k = 1..n. */
export function taskCurve(task: TaskCounts): KPoint[] {
  return Array.from({ length: task.n }, (_, i) => ({ k: i + 1, value: estimatePassAtK(task.n, task.c, i + 1) }));
}

/** How much one task lifts the run's curve between k = 1 and k. */
export interface TaskContribution extends TaskCounts {
  pass1: number;
  passK: number;
  /** (passK - pass1) / number of tasks: this task's share of the run's rise from pass@1 to pass@k. */
  contribution: number;
}

/**
 * Each task's share of the rise from pass@1 to pass@k, largest first. The shares add up to the
 * run's pass@k - pass@1: tasks that always or never pass add nothing; rarely solved tasks add most.
 */
export function contributions(perTask: readonly TaskCounts[], k: number): TaskContribution[] {
  const rows = perTask.map((t) => {
    const pass1 = estimatePassAtK(t.n, t.c, 1);
    const passK = estimatePassAtK(t.n, t.c, k);
    return { ...t, pass1, passK, contribution: (passK - pass1) / perTask.length };
  });
  return rows.sort((a, b) => b.contribution - a.contribution || a.task_id.localeCompare(b.task_id));
}

/** A run at a known temperature. */
export interface TemperatureRun {
  temperature: number;
  perTask: readonly TaskCounts[];
}

/** pass@k at one temperature, or why it is missing. */
export interface TemperaturePoint {
  temperature: number;
  k: number;
  value?: number;
  missing?: string;
}

/** pass@k for each k at each temperature, temperatures ascending. */
export function temperatureSweep(runs: readonly TemperatureRun[], ks: readonly number[] = [1, 10, 100]): TemperaturePoint[] {
  const sorted = [...runs].sort((a, b) => a.temperature - b.temperature);
  return sorted.flatMap(({ temperature, perTask }) => {
    const { values, omitted } = passAtK(perTask, ks);
    return ks.map((k) => {
      const value = values[`pass@${k}`];
      return value === undefined ? { temperature, k, missing: omitted.find((o) => o.k === k)?.reason } : { temperature, k, value };
    });
  });
}

/** The temperature with the highest pass@k for each k (the Codex finding: it rises with k). */
export function bestTemperature(points: readonly TemperaturePoint[]): Map<number, number> {
  const best = new Map<number, TemperaturePoint>();
  for (const p of points) {
    if (p.value === undefined) continue;
    const current = best.get(p.k);
    if (!current || p.value > (current.value ?? -1)) best.set(p.k, p);
  }
  return new Map([...best].map(([k, p]) => [k, p.temperature]));
}
