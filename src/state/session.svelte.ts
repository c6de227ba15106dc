/**
 * The page's session: the loaded problems, the engine and its readiness, and the user's settings.
 * One instance, set in context by <App>; the playground's own state lives in playground.svelte.ts.
 */
import type { AssertionReport } from '../lib/assertions.ts';
import { datasetIdForChecksum, HUMANEVAL_DATASET_ID, sha256Hex } from '../lib/dataset-download.ts';
import { formatIssue, type InputIssue } from '../lib/input-issue.ts';
import { loadProblems, type Problem, type ProblemsResult } from '../lib/problems.ts';
import type { SampleCode } from '../lib/program.ts';
import type { BootInfo } from '../../workers/protocol.ts';
import type { EnginePool } from '../runner/pool.ts';
import { getDataset } from '../storage/datasets.ts';
import { Settings } from './settings.svelte.ts';
import type { PythonVersion } from '../lib/python-version.ts';

/** Counters the engine keeps; the pool reports more, this is what the page shows. */
export interface EngineStats {
  boots: number;
  interrupts: number;
  kills: number;
  crashes: number;
  /** Workers replaced for hygiene: a state the harness could not restore, heap or run count. */
  recycles?: number;
  /** Workers that stopped on their own while running nothing, and why the last stopped worker did. */
  lost?: number;
  lastLoss?: string;
  /** Each booted worker's state (`idle`, `busy`, `spare`), when the engine reports them. */
  workers?: readonly { id: number; state: string }[];
}

/**
 * What the session needs from the engine pool (src/runner/browser-pool.ts provides an EnginePool);
 * tests may pass a fake with the same shape.
 */
export type Engine = Pick<EnginePool, 'ready' | 'evaluate' | 'explain' | 'stats' | 'options' | 'resize' | 'evaluatePlusPart'> & { close?(): void };

type EngineState = 'loading' | 'ready' | 'failed';
type ProblemsState = 'loading' | 'needs-import' | 'loaded';

const BUNDLED_PROBLEMS_URL = `${import.meta.env.BASE_URL}data/HumanEval.jsonl.gz`;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Session {
  /** SharedArrayBuffer is available, so a runaway sample can be interrupted without a respawn. */
  readonly isolated: boolean = globalThis.crossOriginIsolated === true;
  /** The time limit, the datasets and the editor choice, loaded by `start()`. */
  readonly settings: Settings;

  #createEngine: (python: PythonVersion) => Engine;
  /** The interpreter of the engine that exists now (a switch replaces it). */
  #enginePython = $state<PythonVersion>();
  #engine = $state.raw<Engine>();
  #engineState = $state<EngineState>('loading');
  #engineError = $state<string>();
  #firstBoot = $state.raw<BootInfo>();
  #stats = $state.raw<EngineStats>();
  /** An engine for the interpreter the settings did not choose (a batch re-run under it), while one is needed. */
  #second = $state.raw<{ python: PythonVersion; engine: Engine }>();

  #problemsState = $state<ProblemsState>('loading');
  #problemsError = $state<string>();
  #problemsSource = $state('');
  #datasetId = $state('');
  #bundleFailed = $state(false);
  #problems = $state.raw<Problem[]>([]);
  #issues = $state.raw<InputIssue[]>([]);

  /** `createEngine` makes an engine for one interpreter; the session asks for the settings' choice. */
  constructor(createEngine: (python: PythonVersion) => Engine, settings = new Settings()) {
    this.#createEngine = createEngine;
    this.settings = settings;
  }

  /** The engine pool, once created (batch runs and the playground share it). */
  get engine(): Engine | undefined {
    return this.#engine;
  }

  /** Wall-clock limit per sample (the settings' choice; the reference's 3 s until it is read). */
  get timeoutMs(): number {
    return this.settings.timeoutMs;
  }

  /** The interpreter verdicts are computed under (the settings' choice; 3.11 by default). */
  get python(): PythonVersion {
    return this.settings.python;
  }

  get engineState(): EngineState {
    return this.#engineState;
  }
  get engineError(): string | undefined {
    return this.#engineError;
  }
  /** How the first worker started: how long it took, and whether from a memory snapshot. */
  get firstBoot(): BootInfo | undefined {
    return this.#firstBoot;
  }
  get stats(): EngineStats | undefined {
    return this.#stats;
  }
  get problemsState(): ProblemsState {
    return this.#problemsState;
  }
  get problemsError(): string | undefined {
    return this.#problemsError;
  }
  get problemsSource(): string {
    return this.#problemsSource;
  }
  /** Which dataset the problems came from: `humaneval`, or a stored dataset's id (drafts are filed under it). */
  get datasetId(): string {
    return this.#datasetId;
  }
  /** The build carries HumanEval and it could be loaded (a broken deploy can lose the file). */
  get bundleAvailable(): boolean {
    return __HUMANEVAL_BUNDLED__ && !this.#bundleFailed;
  }
  get problems(): readonly Problem[] {
    return this.#problems;
  }
  get issues(): readonly InputIssue[] {
    return this.#issues;
  }
  /** How many workers the engine keeps once every boot is done, when it says. */
  get plannedWorkers(): number | undefined {
    const options = this.#engine?.options;
    return options && options.size + (options.spare ? 1 : 0);
  }
  /** How many workers run samples (a spare not counted), once the engine exists. */
  get engineWorkers(): number | undefined {
    return this.#engine?.options.size;
  }
  /** Per-assertion feedback can be asked for: the engine exists. */
  get canExplain(): boolean {
    return this.#engine !== undefined;
  }

  /** Run samples on `n` workers from now on (batch runs use them all). */
  resizeEngine(n: number): void {
    this.#engine?.resize(n);
  }

  /** Per-assertion feedback for a sample: a second run that cannot change its verdict. */
  async explain(problem: Problem, code: SampleCode, options: { timeoutMs: number }): Promise<AssertionReport> {
    const engine = this.#engine;
    if (!engine) throw new Error('the Python engine has not started');
    return engine.explain(problem, code, options);
  }

  /** Start the engine, read the settings and load the active dataset (stored, or bundled with the build). */
  async start(): Promise<void> {
    await Promise.all([this.#startEngine(), this.settings.load().then(() => this.#loadProblems())]);
  }

  /** Make (or adopt: see switchPython) the engine for the chosen interpreter and wait for its first worker. */
  async #startEngine(adopted?: Engine): Promise<void> {
    const python = this.settings.python;
    const engine = adopted ?? this.#createEngine(python);
    this.#engine = engine;
    this.#enginePython = python;
    this.#engineState = 'loading';
    this.#engineError = undefined;
    this.#firstBoot = undefined;
    this.#stats = undefined;
    try {
      const boot = await engine.ready;
      if (this.#engine !== engine) return;
      this.#firstBoot = boot;
      this.#engineState = 'ready';
    } catch (error) {
      if (this.#engine !== engine) return;
      this.#engineState = 'failed';
      this.#engineError = reason(error);
    }
    this.refreshStats();
  }

  /** The interpreter the current engine runs (the settings' choice once a switch is done). */
  get enginePython(): PythonVersion | undefined {
    return this.#enginePython;
  }

  /**
   * An engine that runs `python`: the session's own when it runs that interpreter, else a second
   * engine made for it and kept until `closeSecondEngine()` (a batch re-run under the other
   * version). The user's choice of interpreter does not change, and the two never share a worker.
   */
  engineFor(python: PythonVersion): Engine | undefined {
    if (python === this.#enginePython) return this.#engine;
    if (this.#second?.python !== python) {
      this.#second?.engine.close?.();
      this.#second = { python, engine: this.#createEngine(python) };
    }
    return this.#second.engine;
  }

  /** The interpreter of the second engine, while there is one. */
  get secondPython(): PythonVersion | undefined {
    return this.#second?.python;
  }

  /** Close the second engine (a re-run on it ends); the session's own engine is untouched. */
  closeSecondEngine(): void {
    this.#second?.engine.close?.();
    this.#second = undefined;
  }

  /**
   * Compute verdicts under `python` from now on: the choice is saved and the engine of the other
   * interpreter is closed (a run on it ends). A second engine already running `python` (a re-run
   * under it) becomes the session's own, booted workers and running samples included, so the
   * re-run goes on; otherwise one for `python` boots. Cache keys carry the interpreter's Pyodide
   * version, so no verdict of the other one is ever served for it.
   */
  async switchPython(python: PythonVersion): Promise<void> {
    if (python === this.#enginePython) return;
    this.settings.setPython(python);
    this.#engine?.close?.();
    const adopted = this.#second?.python === python ? this.#second.engine : undefined;
    if (adopted) this.#second = undefined;
    await this.#startEngine(adopted);
  }

  /**
   * The dataset chosen last time if it is still stored, else the bundled HumanEval, else the newest
   * stored dataset. IndexedDB can be missing (some private modes): then only the bundle is tried.
   */
  async #loadProblems(): Promise<void> {
    const active = this.settings.activeDatasetId;
    const bundled = __HUMANEVAL_BUNDLED__ ? HUMANEVAL_DATASET_ID : undefined;
    const newest = this.settings.datasets[0]?.id;
    for (const id of new Set([active, bundled, newest])) {
      if (!id) continue;
      try {
        if (await this.#loadDataset(id)) return;
      } catch (error) {
        const what = id === bundled ? 'the bundled problems' : `the stored dataset ${id}`;
        this.#problemsError = `Could not load ${what} (${reason(error)}).`;
      }
    }
    this.#problemsState = 'needs-import';
  }

  /** Load a stored dataset, or the bundled HumanEval; false if there is no such dataset. */
  async #loadDataset(id: string): Promise<boolean> {
    const stored = await getDataset(id).catch(() => undefined);
    if (stored) {
      await this.#useProblems(stored.bytes, stored.name, id);
      return true;
    }
    if (id !== HUMANEVAL_DATASET_ID || !__HUMANEVAL_BUNDLED__) return false;
    try {
      const response = await fetch(BUNDLED_PROBLEMS_URL);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      await this.#useProblems(new Uint8Array(await response.arrayBuffer()), 'HumanEval.jsonl.gz', id);
      return true;
    } catch (error) {
      this.#bundleFailed = true;
      throw error;
    }
  }

  /** Switch to a stored dataset (or the bundled HumanEval) and remember the choice. */
  async useDataset(id: string): Promise<void> {
    try {
      if (!(await this.#loadDataset(id))) throw new Error('it is no longer stored');
      await this.settings.setActiveDatasetId(id).catch(() => {});
    } catch (error) {
      this.#problemsError = `Could not load that dataset (${reason(error)}).`;
    }
  }

  /** Load problems from a file the user picked (JSONL, optionally gzipped). */
  async importFile(file: File): Promise<void> {
    await this.addDataset(new Uint8Array(await file.arrayBuffer()), file.name);
  }

  /**
   * Use a problems file (imported or downloaded) and keep it in IndexedDB for offline use; a file
   * that holds no problems is reported and not stored. Resolves true when the problems loaded.
   */
  async addDataset(bytes: Uint8Array, name: string, sha256?: string): Promise<boolean> {
    let parsed: ProblemsResult;
    let checksum: string;
    try {
      parsed = await this.#parseProblems(bytes, name);
      checksum = sha256 ?? (await sha256Hex(bytes));
    } catch (error) {
      this.#problemsError = `Could not read ${name} (${reason(error)}).`;
      return false;
    }
    const id = datasetIdForChecksum(checksum);
    // In use before it is listed: the new entry appears already chosen, never unchecked first.
    this.#applyProblems(parsed, name, id);
    try {
      await this.settings.saveDataset(name, bytes, checksum);
      await this.settings.setActiveDatasetId(id);
    } catch (error) {
      this.#problemsError = `Loaded ${name}, but could not keep it for offline use (${reason(error)}).`;
    }
    return true;
  }

  async #useProblems(bytes: Uint8Array, source: string, datasetId: string): Promise<void> {
    this.#applyProblems(await this.#parseProblems(bytes, source), source, datasetId);
  }

  async #parseProblems(bytes: Uint8Array, source: string): Promise<ProblemsResult> {
    const parsed = await loadProblems(bytes, source);
    const { problems, issues } = parsed;
    if (problems.length === 0) {
      throw new Error(issues.length > 0 ? `no problems; ${formatIssue(issues[0])}` : 'it holds no problems');
    }
    return parsed;
  }

  #applyProblems({ problems, issues }: ProblemsResult, source: string, id: string): void {
    this.#issues = issues;
    this.#problems = problems;
    this.#problemsSource = source;
    this.#datasetId = id;
    this.#problemsState = 'loaded';
    this.#problemsError = undefined;
  }

  /** Read the engine's counters again (they also change between runs, e.g. a spare worker boots). */
  refreshStats(): void {
    if (!this.#engine) return;
    const { boots, interrupts, kills, crashes, recycles, lost, lastLoss, workers = [] } = this.#engine.stats();
    const next = {
      boots,
      interrupts,
      kills,
      crashes,
      recycles,
      lost,
      lastLoss,
      workers: workers.map(({ id, state }) => ({ id, state })),
    };
    // Polled twice a second: only replace the state (and re-render) when something changed.
    if (JSON.stringify(next) !== JSON.stringify(this.#stats)) this.#stats = next;
  }
}
