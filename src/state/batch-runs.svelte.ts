/**
 * The batch view's model: the stored runs, the file being imported, the run being viewed and the one
 * the engine is working on. It lives as long as the session (not the component), so a run keeps going
 * while the user looks at a problem in the playground.
 */
import type { AssertionReport } from '../lib/assertions.ts';
import { otherPython, type PythonVersion } from '../lib/python-version.ts';
import { builtVersions } from '../lib/version.ts';
import { runPython } from '../lib/version-diff.ts';
import { loadProblems, type Problem } from '../lib/problems.ts';
import { getDataset } from '../storage/datasets.ts';
import type { RunStatus } from '../storage/db.ts';
import { deleteRun, getRun, listRuns, loadRunSamples, renameRun, type RunRecord } from '../storage/runs.ts';
import type { Session } from './session.svelte.ts';
import { BatchImport } from './batch-import.svelte.ts';
import { prepareNewRun } from './batch-prepare.ts';
import { prepareRerun } from './batch-rerun.ts';
import { BatchRun, runLockName, type RunPhase } from './batch-run.svelte.ts';

export interface StartOptions {
  name: string;
  temperature?: number;
  ks: number[];
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const stores = new WeakMap<Session, BatchRuns>();

/** The batch model for a session, created on first use. */
export function batchRunsFor(session: Session): BatchRuns {
  let store = stores.get(session);
  if (!store) stores.set(session, (store = new BatchRuns(session)));
  return store;
}

export class BatchRuns {
  #session: Session;
  #runs = $state.raw<RunRecord[]>([]);
  #elsewhere = $state.raw<ReadonlySet<string>>(new Set());
  #active = $state.raw<BatchRun>();
  #viewed = $state.raw<BatchRun>();
  #import = $state.raw<BatchImport>();
  #error = $state<string>();
  /** Explanations in flight (they may be on the second engine, which stays until they answer). */
  #explaining = 0;
  /** The active run's evaluation, so a delete can wait for its last writes. */
  #task: Promise<void> = Promise.resolve();

  constructor(session: Session) {
    this.#session = session;
  }

  get runs(): readonly RunRecord[] {
    return this.#runs;
  }
  /** The run this page's engine works on (or last worked on). */
  get active(): BatchRun | undefined {
    return this.#active;
  }
  /** The run shown at `#/runs/<id>`. */
  get viewed(): BatchRun | undefined {
    return this.#viewed;
  }
  get import(): BatchImport | undefined {
    return this.#import;
  }
  get error(): string | undefined {
    return this.#error;
  }
  /** Another run is being evaluated, so a new one cannot start. */
  get busy(): boolean {
    return this.#active?.busy ?? false;
  }

  /** Stored as running, but no tab is running it: the tab was closed mid-run. */
  isInterrupted(record: RunRecord): boolean {
    return record.status === 'running' && this.#active?.id !== record.id && !this.#elsewhere.has(record.id);
  }
  /** What the run list says of a stored run: its stored status, or what this page knows better. */
  statusOf(record: RunRecord): RunStatus | 'interrupted' | 'running in another tab' {
    if (this.#active?.id === record.id && this.#active.busy) return 'running';
    if (this.isElsewhere(record.id)) return 'running in another tab';
    if (this.isInterrupted(record)) return 'interrupted';
    return record.status;
  }
  /** Another tab holds the run's lock. */
  isElsewhere(id: string): boolean {
    return this.#elsewhere.has(id) && this.#active?.id !== id;
  }

  async reloadRuns(): Promise<void> {
    try {
      const held = (await globalThis.navigator?.locks?.query())?.held ?? [];
      this.#elsewhere = new Set(held.map((l) => l.name ?? '').filter((n) => n.startsWith(runLockName(''))).map((n) => n.slice(runLockName('').length)));
      this.#runs = await listRuns();
    } catch (error) {
      this.#error = `Could not read the stored runs: ${reason(error)}`;
    }
  }

  /** The engine for `python`: the session's, or a second one when the run is under the other interpreter. */
  async #engine(python: PythonVersion = this.#session.python) {
    const engine = this.#session.engineFor(python);
    if (!engine) throw new Error('the Python engine has not started');
    return { engine, boot: await engine.ready };
  }

  /** The interpreter a run is evaluated under (its record says; the user's setting does not decide). */
  pythonOf(record: RunRecord): PythonVersion {
    return runPython(record.versions);
  }

  /** The run linked to this one as a re-run under the other interpreter (either way), if it is stored. */
  partnerOf(record: RunRecord): RunRecord | undefined {
    if (record.meta.rerunOf) return this.#runs.find((r) => r.id === record.meta.rerunOf);
    return this.#runs.find((r) => r.meta.rerunOf === record.id);
  }

  /** A run under the other interpreter runs on a second engine; the user's chosen one keeps running theirs. */
  get secondPython(): PythonVersion | undefined {
    return this.#session.secondPython;
  }

  /** Starts importing a samples file against the session's problems. */
  async importFile(file: File): Promise<void> {
    this.#import?.cancel();
    this.#error = undefined;
    try {
      const session = this.#session;
      // Known at build time, so the import worker keys the samples without waiting for the engine.
      const settings = { timeoutMs: session.timeoutMs, versions: builtVersions(session.python) };
      const next = new BatchImport(file, session.problems, session.problemsSource, session.datasetId, settings);
      this.#import = next;
      await next.parse(false);
    } catch (error) {
      this.#error = `Could not import ${file.name}: ${reason(error)}`;
    }
  }

  closeImport(): void {
    this.#import?.cancel();
    this.#import = undefined;
  }

  /** Stores the reviewed file's valid samples as a run and starts evaluating it; returns its id. */
  async start(options: StartOptions): Promise<string | undefined> {
    const imported = this.#import;
    const settings = imported?.settings;
    if (!imported?.outcome || !settings || this.busy) return undefined;
    try {
      const { engine } = await this.#engine();
      const earlier = imported.previous ?? imported.resumable;
      const { record, samples } = await prepareNewRun({
        outcome: imported.outcome,
        problems: imported.problems,
        datasetId: imported.datasetId,
        problemsName: imported.problemsName,
        sourceName: imported.file.name,
        extract: imported.extract,
        timeoutMs: settings.timeoutMs,
        workers: engine.options.size,
        versions: settings.versions,
        fingerprint: imported.fingerprint,
        earlier: earlier && (await loadRunSamples(earlier.id)),
        ...options,
      });
      // `paused` until `run` starts it: a run that is already busy would not start again.
      const run = new BatchRun(record, samples, record.status === 'done' ? 'done' : 'paused', { store: true });
      this.#import = undefined;
      this.#active = this.#viewed = run;
      void run.saved.then(() => this.reloadRuns());
      if (record.status !== 'done') void this.#run(run, new Map(imported.problems.map((p) => [p.task_id, p])));
      return record.id;
    } catch (error) {
      this.#error = `Could not start the run: ${reason(error)}`;
      return undefined;
    }
  }

  #run(run: BatchRun, problems: ReadonlyMap<string, Problem>): Promise<void> {
    this.#task = (async () => {
      const python = this.pythonOf(run.record);
      try {
        const { engine } = await this.#engine(python);
        await run.run(engine, problems);
      } finally {
        // A second engine exists for this run only: its workers' memory goes back once it stops.
        if (python === this.#session.secondPython) this.#releaseSecondEngine();
      }
      await this.reloadRuns();
    })();
    return this.#task;
  }

  /**
   * Re-runs a stored run's samples under the other interpreter as a new run linked to it (or shows
   * the re-run it already has); returns the re-run's id. Verdicts cached under that interpreter
   * answer at once; the rest run on an engine of that interpreter, so the user's setting stays.
   */
  async rerun(run: BatchRun): Promise<string | undefined> {
    if (this.busy || !run.complete) return undefined;
    this.#error = undefined;
    try {
      await this.reloadRuns();
      const linked = this.partnerOf(run.record);
      if (linked) {
        await this.open(linked.id);
        return linked.id;
      }
      const problems = await this.problemsFor(run.record);
      const python = otherPython(this.pythonOf(run.record));
      const { record, samples } = await prepareRerun({
        source: run.record,
        samples: run.samples,
        problems,
        versions: builtVersions(python),
        // The second engine is made like the session's (same size), and only if the cache leaves work for it.
        workers: this.#session.engine?.options.size ?? run.record.settings.workers,
      });
      const rerun = new BatchRun(record, samples, record.status === 'done' ? 'done' : 'paused', { store: true });
      this.#active = this.#viewed = rerun;
      void rerun.saved.then(() => this.reloadRuns());
      if (record.status !== 'done') void this.#run(rerun, problems);
      return record.id;
    } catch (error) {
      this.#error = `Could not re-run ${run.record.name}: ${reason(error)}`;
      return undefined;
    }
  }

  /** Shows a stored run; one the tab closed on resumes at once. */
  async open(id: string): Promise<void> {
    if (this.#viewed?.id === id) return;
    if (this.#active?.id === id) {
      this.#viewed = this.#active;
      return;
    }
    this.#viewed = undefined;
    try {
      await this.reloadRuns();
      const run = await this.load(id);
      this.#viewed = run;
      if (run.phase === 'interrupted' && !this.busy) await this.resume(run);
    } catch (error) {
      this.#error = reason(error);
    }
  }

  /** A stored run with its samples (for viewing or comparing). */
  async load(id: string): Promise<BatchRun> {
    if (this.#active?.id === id) return this.#active;
    const record = await getRun(id);
    if (!record) throw new Error(`There is no stored run ${id}; it may have been deleted.`);
    const samples = await loadRunSamples(id);
    const phase: RunPhase = this.isInterrupted(record) ? 'interrupted' : record.status === 'running' ? 'paused' : record.status;
    return new BatchRun(record, samples, phase);
  }

  /** Continues a paused, cancelled or interrupted run, with verdicts the cache learned since. */
  async resume(run: BatchRun): Promise<void> {
    if (this.busy) return;
    this.#error = undefined;
    try {
      await this.reloadRuns();
      if (this.isElsewhere(run.id)) throw new Error('another tab is evaluating it');
      const problems = await this.problemsFor(run.record);
      // The runner asks the cache before evaluating, so verdicts learned since (another run, another tab) count.
      this.#active = run;
      await this.#run(run, problems);
    } catch (error) {
      this.#error = `Could not resume ${run.record.name}: ${reason(error)}`;
    }
  }

  /** The problems a run was made against: the session's when they are the same, else the stored dataset. */
  async problemsFor(record: RunRecord): Promise<Map<string, Problem>> {
    let problems: readonly Problem[] | undefined;
    if (this.#session.datasetId === record.datasetId) problems = this.#session.problems;
    else {
      const stored = await getDataset(record.datasetId).catch(() => undefined);
      if (stored) problems = (await loadProblems(stored.bytes, stored.name)).problems;
    }
    if (!problems) {
      throw new Error(`its problems (${record.meta.problemsName}) are not loaded; choose them in Settings to continue`);
    }
    return new Map(problems.map((p) => [p.task_id, p]));
  }

  /** The engine can give per-assertion feedback (a test's fake engine may not). */
  get canExplain(): boolean {
    return typeof this.#session.engine?.explain === 'function';
  }

  /** Per-assertion feedback for a run's sample: a second run of it, which cannot change its verdict. */
  async explainSample(run: BatchRun, index: number): Promise<AssertionReport> {
    // Under the run's interpreter: a 3.14 run's assertions are 3.14's, whatever Settings chose.
    const python = this.pythonOf(run.record);
    const sample = run.samples[index];
    const problem = (await this.problemsFor(run.record)).get(sample.taskId);
    if (!problem) throw new Error(`${sample.taskId} is not among the run's problems`);
    const engine = this.#session.engineFor(python);
    if (!engine) throw new Error('the Python engine has not started');
    this.#explaining++;
    try {
      return await engine.explain(problem, sample.code, { timeoutMs: run.record.settings.timeoutMs });
    } finally {
      this.#explaining--;
      this.#releaseSecondEngine();
    }
  }

  /** Closes the second engine once neither a run nor an explanation uses it. */
  #releaseSecondEngine(): void {
    const python = this.#session.secondPython;
    if (!python || this.#explaining > 0) return;
    if (this.busy && this.#active && this.pythonOf(this.#active.record) === python) return;
    this.#session.closeSecondEngine();
  }

  async rename(id: string, name: string): Promise<void> {
    const run = [this.#active, this.#viewed].find((r) => r?.id === id);
    if (run) await run.rename(name);
    else await renameRun(id, name);
    await this.reloadRuns();
  }

  /** Deletes a stored run; a running one is cancelled first. */
  async delete(id: string): Promise<void> {
    if (this.#active?.id === id) {
      this.#active.cancel();
      await this.#task.catch(() => {});
      await this.#active.saved;
      this.#active = undefined;
    }
    if (this.#viewed?.id === id) this.#viewed = undefined;
    await deleteRun(id);
    await this.reloadRuns();
  }
}
