/**
 * The playground's HumanEval+ result: after the human-eval verdict is shown, the same completion
 * is evaluated with HumanEval+ (base then plus, EvalPlus's fail-fast verdict; from the cache when
 * this code ran before), and on request every failing input of a part is looked for
 * (src/runner/plus-failures.ts). The human-eval verdict is never touched.
 */
import type { FoundFailure } from '../lib/plus-failures.ts';
import { plusVerdictKey } from '../lib/plus-key.ts';
import type { TaskExpected } from '../lib/plus-expected.ts';
import type { PlusTask, PlusVerdict } from '../lib/plus.ts';
import { builtEngineId } from '../lib/version.ts';
import { evaluatePlusSample, plusSolution, type Part } from '../runner/plus.ts';
import { searchFailures } from '../runner/plus-failures.ts';
import { getPlusVerdicts, putPlusVerdicts } from '../storage/plus.ts';
import type { PlusData, PlusHost } from './plus-data.svelte.ts';

/** `data`: loading HumanEval+; `expected`: computing the task's expected outputs; `running`: in the engine. */
export type PlusPhase = 'idle' | 'data' | 'expected' | 'running';

export interface ShownPlus {
  task: PlusTask;
  expected: TaskExpected;
  completion: string;
  verdict: PlusVerdict;
  cached: boolean;
  /** The human-eval verdict this one is shown beside. */
  humanevalPassed: boolean;
}

/** The search for a part's failing inputs. */
export interface PartSearch {
  running: boolean;
  failures: readonly FoundFailure[];
  complete: boolean;
  stopped?: string;
  error?: string;
}

const STORAGE = { getPlusVerdicts, putPlusVerdicts };
export type PlusPlaygroundStorage = typeof STORAGE;

/** Failing inputs the search collects per part, and how long it may look. */
export const SEARCH_MAX_FAILURES = 200;
export const SEARCH_BUDGET_MS = 30_000;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class PlusPlayground {
  #data: PlusData;
  #host: PlusHost;
  #storage: PlusPlaygroundStorage;
  #phase = $state<PlusPhase>('idle');
  #shown = $state.raw<ShownPlus>();
  #error = $state<string>();
  #search = $state.raw<Partial<Record<Part, PartSearch>>>({});
  #finished = $state(0);
  #runId = 0;
  #abort: AbortController | undefined;

  constructor(data: PlusData, host: PlusHost, storage: PlusPlaygroundStorage = STORAGE) {
    this.#data = data;
    this.#host = host;
    this.#storage = storage;
  }

  get data(): PlusData {
    return this.#data;
  }
  get phase(): PlusPhase {
    return this.#phase;
  }
  get shown(): ShownPlus | undefined {
    return this.#shown;
  }
  get error(): string | undefined {
    return this.#error;
  }
  /** Results shown (verdict or error); tests wait on it. */
  get finished(): number {
    return this.#finished;
  }
  search(part: Part): PartSearch | undefined {
    return this.#search[part];
  }

  /** Forget what is on screen (another problem, a new run); work in flight is dropped. */
  clear(): void {
    this.#runId++;
    this.#abort?.abort();
    this.#abort = undefined;
    this.#phase = 'idle';
    this.#shown = undefined;
    this.#error = undefined;
    this.#search = {};
  }

  /** Evaluate `completion` for `taskId` with HumanEval+, if HumanEval+ is on and has the task. */
  async show(taskId: string, completion: string, humanevalPassed: boolean, { force = false } = {}): Promise<void> {
    this.clear();
    if (!this.#data.enabled) return;
    const id = this.#runId;
    const abort = (this.#abort = new AbortController());
    try {
      this.#phase = 'data';
      await this.#data.load();
      if (id !== this.#runId) return;
      if (this.#data.state !== 'ready') {
        this.#error = this.#data.error ?? 'HumanEval+ is not loaded: download or import it in Settings.';
        return;
      }
      if (!this.#data.has(taskId)) {
        this.#error = `HumanEval+ has no task ${taskId}.`;
        return;
      }
      const task = this.#data.task(taskId);
      this.#phase = 'expected';
      const expected = (await this.#data.expected([task], abort.signal)).get(taskId)!;
      if (id !== this.#runId) return;
      const solution = plusSolution(task, { completion });
      const key = await plusVerdictKey({
        engine: builtEngineId(),
        expectedKey: await this.#data.expectedKey(),
        taskId,
        solution,
      });
      const cached = force ? undefined : (await this.#storage.getPlusVerdicts([key]).catch(() => new Map())).get(key);
      if (id !== this.#runId) return;
      let verdict = cached;
      if (!verdict) {
        this.#phase = 'running';
        verdict = await evaluatePlusSample(this.#host.engine!, task, expected, solution, abort.signal);
        void this.#storage.putPlusVerdicts([{ key, taskId, verdict }]).catch(() => {});
        if (id !== this.#runId) return;
      }
      this.#shown = { task, expected, completion, verdict, cached: cached !== undefined, humanevalPassed };
    } catch (error) {
      if (id === this.#runId && !abort.signal.aborted) this.#error = reason(error);
    } finally {
      if (id === this.#runId) {
        this.#phase = 'idle';
        this.#finished++;
      }
    }
  }

  /** Look for every failing input of a failed part (the verdict stops at the first). */
  async searchAll(part: Part): Promise<void> {
    const shown = this.#shown;
    const first = shown?.verdict[part];
    if (!shown || !first || first.status === 'pass' || this.#search[part]?.running) return;
    const id = this.#runId;
    const abort = (this.#abort = new AbortController());
    const update = (next: PartSearch) => {
      if (id === this.#runId) this.#search = { ...this.#search, [part]: next };
    };
    // The first failure is the verdict's own; the search adds the ones after it.
    const found: FoundFailure[] = first.failure ? [{ index: first.failure.index, failure: first.failure }] : [];
    update({ running: true, failures: found, complete: false });
    try {
      const result = await searchFailures(
        this.#host.engine!,
        shown.task,
        shown.expected[part],
        plusSolution(shown.task, { completion: shown.completion }),
        part,
        first,
        {
          maxFailures: SEARCH_MAX_FAILURES,
          budgetMs: SEARCH_BUDGET_MS,
          signal: abort.signal,
          onFailure: (f) => {
            found.push(f);
            update({ running: true, failures: [...found], complete: false });
          },
        },
      );
      update({ running: false, ...result });
    } catch (error) {
      update({ running: false, failures: this.#search[part]?.failures ?? [], complete: false, error: reason(error) });
    }
  }

  /** Stop a search; what it found stays on screen. */
  stopSearch(): void {
    this.#abort?.abort();
  }
}
