/**
 * Where the Learn view's real results come from: the built-in synthetic example, or a run stored
 * in IndexedDB (src/storage/runs.ts), reduced to per-task (n, c). Temperature sweeps use stored runs
 * when at least two temperatures exist, the synthetic sweep otherwise.
 */
import { countPerTask, type TaskCounts } from '../lib/pass-at-k.ts';
import {
  contributions,
  datasetCurve,
  maxReportableK,
  temperatureSweep,
  type TemperatureRun,
} from '../lib/learn/dataset-curves.ts';
import { DEFAULT_EXAMPLE_RUN, EXAMPLE_RUNS } from '../lib/learn/example-data.ts';
import type { RunRecord } from '../storage/db.ts';
import { listRuns, loadRunSamples } from '../storage/runs.ts';

/** An entry of the data picker. */
export interface LearnSource {
  id: string;
  label: string;
  synthetic: boolean;
  temperature?: number;
}

const RUN_PREFIX = 'run:';

/** Per-task (n, c) over the samples of a run that have a verdict. */
async function loadRunCounts(runId: string): Promise<TaskCounts[]> {
  const samples = await loadRunSamples(runId);
  return countPerTask(samples.flatMap((s) => (s.verdict ? [{ task_id: s.taskId, passed: s.verdict.passed }] : [])));
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class LearnData {
  #runs = $state.raw<RunRecord[]>([]);
  #storageError = $state<string>();
  #sourceId = $state(DEFAULT_EXAMPLE_RUN.id);
  #perTask = $state.raw<TaskCounts[]>(DEFAULT_EXAMPLE_RUN.perTask);
  #loading = $state(false);
  #storedSweep = $state.raw<TemperatureRun[]>([]);
  #k = $state(10);
  #taskId = $state<string>();
  #request = 0;

  #curve = $derived(datasetCurve(this.#perTask));
  #maxK = $derived(maxReportableK(this.#perTask));
  #contributions = $derived(this.#maxK > 0 ? contributions(this.#perTask, this.k) : []);
  // The picked task, or else the one that lifts the curve most.
  #task = $derived(this.#perTask.find((t) => t.task_id === this.#taskId) ?? this.#contributions[0]);
  #sweepSynthetic = $derived(this.#storedSweep.length < 2);
  #sweep = $derived(temperatureSweep(this.#sweepSynthetic ? EXAMPLE_RUNS : this.#storedSweep));

  /** The picker's entries: synthetic runs first, then stored runs. */
  get sources(): LearnSource[] {
    const examples = EXAMPLE_RUNS.map((r) => ({ id: r.id, label: r.name, synthetic: true, temperature: r.temperature }));
    const stored = this.#runs.map((r) => ({
      id: RUN_PREFIX + r.id,
      label: `${r.name} (${r.done} of ${r.total} evaluated${r.settings.temperature === undefined ? '' : `, T = ${r.settings.temperature}`})`,
      synthetic: false,
      temperature: r.settings.temperature,
    }));
    return [...examples, ...stored];
  }

  get sourceId(): string {
    return this.#sourceId;
  }
  get source(): LearnSource | undefined {
    return this.sources.find((s) => s.id === this.#sourceId);
  }
  /** True while the picked run's samples load. */
  get loading(): boolean {
    return this.#loading;
  }
  /** Why stored runs could not be read (the example still works). */
  get storageError(): string | undefined {
    return this.#storageError;
  }
  get perTask(): readonly TaskCounts[] {
    return this.#perTask;
  }
  /** pass@k of the whole run for k = 1..min n. */
  get curve(): ReturnType<typeof datasetCurve> {
    return this.#curve;
  }
  get maxK(): number {
    return this.#maxK;
  }
  /** The k whose rise from pass@1 the contributions table explains. */
  get k(): number {
    return Math.max(1, Math.min(this.#k, this.#maxK));
  }
  set k(value: number) {
    if (Number.isFinite(value)) this.#k = Math.max(1, Math.round(value));
  }
  get contributions(): ReturnType<typeof contributions> {
    return this.#contributions;
  }
  /** The task whose own curve is highlighted. */
  get task(): TaskCounts | undefined {
    return this.#task;
  }
  get taskId(): string | undefined {
    return this.#task?.task_id;
  }
  set taskId(id: string | undefined) {
    this.#taskId = id;
  }

  /** pass@1/10/100 against temperature. */
  get sweep(): ReturnType<typeof temperatureSweep> {
    return this.#sweep;
  }
  /** True when the sweep shows the synthetic example (fewer than two stored temperatures). */
  get sweepSynthetic(): boolean {
    return this.#sweepSynthetic;
  }

  /** Read the stored runs, and the newest run per temperature for the sweep. */
  async load(): Promise<void> {
    try {
      const runs = await listRuns();
      this.#runs = runs;
      const newestByTemperature = new Map<number, RunRecord>();
      for (const run of runs) {
        const t = run.settings.temperature;
        if (t !== undefined && !newestByTemperature.has(t)) newestByTemperature.set(t, run);
      }
      if (newestByTemperature.size >= 2) {
        const sweep = await Promise.all(
          [...newestByTemperature].map(async ([temperature, run]) => ({ temperature, perTask: await loadRunCounts(run.id) })),
        );
        this.#storedSweep = sweep.filter((r) => r.perTask.length > 0);
      }
    } catch (error) {
      this.#storageError = `Stored runs are unavailable (${reason(error)}); showing the built-in example.`;
    }
  }

  /** Show a synthetic run or a stored one; a newer pick wins over one still loading. */
  async select(id: string): Promise<void> {
    const request = ++this.#request;
    this.#sourceId = id;
    this.#taskId = undefined;
    const example = EXAMPLE_RUNS.find((r) => r.id === id);
    if (example) {
      this.#perTask = example.perTask;
      this.#loading = false;
      return;
    }
    this.#loading = true;
    try {
      const perTask = await loadRunCounts(id.slice(RUN_PREFIX.length));
      if (request === this.#request) this.#perTask = perTask;
    } catch (error) {
      if (request === this.#request) this.#storageError = `Could not read that run: ${reason(error)}`;
    } finally {
      if (request === this.#request) this.#loading = false;
    }
  }
}
