/**
 * One batch run as the page sees it: the stored record, its samples, and — while it runs — progress
 * published ten times a second and the outcomes behind the report once a second (not once per
 * verdict: thousands of verdicts a second would re-render the page thousands of times). The
 * evaluation itself is the batch runner's (src/runner/batch.ts), as in the CLI.
 */
import { compareRuns, type RunComparison } from '../lib/compare-runs.ts';
import { codeOfLine, codeText } from '../lib/extract-code.ts';
import { logprobRanking, meanLogProbOfLine, type RankingResult } from '../lib/logprob-ranking.ts';
import { passAtK, type PassAtKResult, type TaskCounts } from '../lib/pass-at-k.ts';
import type { Problem } from '../lib/problems.ts';
import type { SampleCode } from '../lib/program.ts';
import { reportKs, reportScope, taskRows, type TaskRow } from '../lib/run-report.ts';
import type { Outcome, Verdict } from '../lib/verdict.ts';
import { restingProgress, type BatchPool, type BatchProgress, type BatchRunner } from '../runner/batch.ts';
import type { RunSampleRecord, RunStatus } from '../storage/db.ts';
import { createRun, updateRun, type RunRecord } from '../storage/runs.ts';
import { runRunner } from './batch-jobs.ts';

/**
 * The stored status, plus what only a page can know: `interrupted` (stored as running, but nothing
 * runs it: the tab that did was closed), `pausing`/`cancelling` (asked to stop, waiting for the
 * samples already running) and `failed` (stopped by an error; stored as paused).
 */
export type RunPhase = RunStatus | 'pausing' | 'cancelling' | 'interrupted' | 'failed';

export type RunProgress = BatchProgress;

const PUBLISH_MS = 100;
/**
 * How often a running run's report (task table, pass@k) is refreshed. It redraws a cell per sample,
 * and on a 2-core machine every millisecond the page spends on it is taken from the workers.
 */
const OUTCOMES_MS = 1000;

/** The Web Lock a tab holds while it evaluates a run, so other tabs know it is not interrupted. */
export function runLockName(id: string): string {
  return `humaneval-batch-run:${id}`;
}

export class BatchRun {
  #record = $state.raw<RunRecord>() as RunRecord;
  // Never reactive itself: verdicts are written onto these records, and `#outcomes` tells the page.
  #samples: RunSampleRecord[] = [];
  #outcomes = $state.raw<(Outcome | undefined)[]>([]);
  #progress = $state.raw<RunProgress>() as RunProgress;
  #phase = $state<RunPhase>('paused');
  #error = $state<string>();
  #runner: BatchRunner | undefined;
  #outcomesAt = 0;
  /** Resolves once the run is in IndexedDB (at once for a run loaded from there). */
  #saved: Promise<void> = Promise.resolve();

  // The report's figures, recomputed when the outcomes are published (about once a second while running).
  #ks = $derived(reportKs(this.#record.meta.ks));
  #rows = $derived(taskRows(this.#taskIds(), this.#outcomes));
  #rowOf = $derived(new Map(this.#rows.map((row) => [row.task_id, row])));
  #perTask = $derived<TaskCounts[]>(this.#rows.filter((r) => r.n > 0).map(({ task_id, n, c }) => ({ task_id, n, c })));
  #passAtK = $derived(passAtK(this.#perTask, this.#ks));
  #scope = $derived(reportScope(this.#record.meta.tasks, this.#record.meta.problemsTotal, this.#progress));
  // Parsed once per run: the lines do not change, only their outcomes.
  #logps = $derived(this.#samples.map((s) => meanLogProbOfLine(s.raw)));
  #ranking = $derived(
    this.#progress.done === this.#progress.total
      ? logprobRanking(this.#samples.map((s, i) => ({ task_id: s.taskId, passed: this.#outcomes[i] === 'passed', meanLogp: this.#logps[i] })))
      : undefined,
  );

  /** With `store`, a new run: it is written in the background while it already shows and runs. */
  constructor(record: RunRecord, samples: RunSampleRecord[], phase: RunPhase, options: { store?: boolean } = {}) {
    this.#record = record;
    this.#samples = samples;
    this.#phase = phase;
    if (options.store) {
      this.#saved = createRun(() => this.#record, samples).catch((error) => {
        this.#error = `The run could not be stored: ${error instanceof Error ? error.message : String(error)}`;
      });
    }
    this.#publish(this.#resting());
  }

  get id(): string {
    return this.#record.id;
  }
  get record(): RunRecord {
    return this.#record;
  }
  /** The samples in file order (plain records; read `outcomes` to react to new verdicts). */
  get samples(): readonly RunSampleRecord[] {
    return this.#samples;
  }
  /** Each sample's outcome, undefined until evaluated; replaced whole on every publish. */
  get outcomes(): readonly (Outcome | undefined)[] {
    return this.#outcomes;
  }
  get progress(): RunProgress {
    return this.#progress;
  }
  get phase(): RunPhase {
    return this.#phase;
  }
  get error(): string | undefined {
    return this.#error;
  }
  /** The engine is working on it (or finishing the samples it started). */
  /** Resolves when the run is stored (a new run is written in the background). */
  get saved(): Promise<void> {
    return this.#saved;
  }
  get busy(): boolean {
    return this.#phase === 'running' || this.#phase === 'pausing' || this.#phase === 'cancelling';
  }
  get complete(): boolean {
    return this.#progress.done === this.#progress.total;
  }

  /** The ks of the report: 1, 10, 100 and the ones asked for. */
  get ks(): readonly number[] {
    return this.#ks;
  }
  /** One row per task, in file order, over the samples evaluated so far. */
  get rows(): readonly TaskRow[] {
    return this.#rows;
  }
  /** A task's row, if the run has samples for it. */
  row(taskId: string): TaskRow | undefined {
    return this.#rowOf.get(taskId);
  }
  /** Evaluated samples and passes per task (what pass@k is computed from). */
  get perTask(): readonly TaskCounts[] {
    return this.#perTask;
  }
  get passAtK(): PassAtKResult {
    return this.#passAtK;
  }
  /** What the figures cover (`subset: …; partial: …`), '' for a whole, finished run. */
  get scope(): string {
    return this.#scope;
  }
  /** Ranking by mean log-probability, once every sample is evaluated; shown when any sample carries one. */
  get ranking(): RankingResult | undefined {
    return this.#ranking && (this.#ranking.available || this.#logps.some((l) => l !== undefined)) ? this.#ranking : undefined;
  }

  /** A sample as the sample panel shows it: which of its task's samples it is, and its code before extraction. */
  sampleDetails(index: number): { sample: RunSampleRecord; position: number; original: SampleCode | undefined; changed: boolean } {
    const sample = this.#samples[index];
    const position = this.#samples.slice(0, index).filter((s) => s.taskId === sample.taskId).length;
    const original = this.#record.meta.extract ? codeOfLine(sample.raw) : undefined;
    return { sample, position, original, changed: original !== undefined && codeText(original) !== codeText(sample.code) };
  }

  #taskIds(): { task_id: string }[] {
    return this.#samples.map((s) => ({ task_id: s.taskId }));
  }

  /** A sample's verdict; reading it subscribes to new verdicts. */
  verdict(index: number): Verdict | undefined {
    void this.#outcomes;
    return this.#samples[index]?.verdict;
  }

  #resting(): RunProgress {
    return restingProgress(this.#samples.map((s) => s.verdict));
  }

  /** Progress now; the outcomes too when `all`, or when the report is due for a refresh. */
  #publish(progress: RunProgress, all = true): void {
    this.#progress = progress;
    const now = performance.now();
    if (!all && now - this.#outcomesAt < OUTCOMES_MS) return;
    this.#outcomesAt = now;
    this.#outcomes = this.#samples.map((s) => s.verdict?.outcome);
  }

  /**
   * Evaluates the samples without a verdict, asking the cache first (another run or tab may have
   * learned some since); resolves when the run is done, paused or cancelled.
   */
  async run(engine: BatchPool, problems: ReadonlyMap<string, Problem>): Promise<void> {
    if (this.busy) return;
    const samples = this.#samples;
    const runner = runRunner(engine, this.id, samples, problems, this.#record.settings.timeoutMs);
    this.#runner = runner;
    this.#phase = 'running';
    this.#error = undefined;
    // Not awaited: a new run is still being written, and evaluation need not wait for that.
    void this.#store({ status: 'running' }).catch(() => {});
    const timer = setInterval(() => this.#publish(runner.progress(), false), PUBLISH_MS);
    try {
      const work = () => runner.run();
      const locks = globalThis.navigator?.locks;
      const reason = locks ? await locks.request(runLockName(this.id), work) : await work();
      this.#phase = reason;
      await this.#store({ status: reason, done: runner.progress().done });
    } catch (error) {
      this.#phase = 'failed';
      this.#error = error instanceof Error ? error.message : String(error);
      await this.#store({ status: 'paused', done: runner.progress().done }).catch(() => {});
    } finally {
      clearInterval(timer);
      this.#publish(runner.progress());
      this.#runner = undefined;
    }
  }

  /** Stop after the samples already running; `run` resolves as `paused`. */
  pause(): void {
    if (this.#phase !== 'running') return;
    this.#phase = 'pausing';
    this.#runner?.pause();
  }

  /** Stop now, dropping queued samples; what was evaluated is kept. */
  cancel(): void {
    if (!this.busy) return;
    this.#phase = 'cancelling';
    this.#runner?.cancel();
  }

  async rename(name: string): Promise<void> {
    await this.#store({ name });
  }

  /** The ks the user asked for besides the defaults, kept with the run. */
  async setKs(ks: number[]): Promise<void> {
    await this.#store({ meta: { ...this.#record.meta, ks } });
  }

  async #store(patch: Partial<RunRecord>): Promise<void> {
    this.#record = { ...this.#record, ...patch };
    // Until the background write has stored the record, it will store this one; after, update it.
    await this.#saved;
    await updateRun(this.id, patch);
  }
}

/** Two runs side by side: pass@k over each run's own tasks at both runs' ks, and which tasks each solved. */
export function compareBatchRuns(a: BatchRun, b: BatchRun): RunComparison {
  return compareRuns(a.perTask, b.perTask, reportKs(a.record.meta.ks, b.record.meta.ks));
}
