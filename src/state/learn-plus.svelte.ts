/**
 * The Learn view's HumanEval+ section: a stored run that was also evaluated with HumanEval+,
 * reduced to what the extra inputs changed: per task, samples that pass the original tests and
 * fail HumanEval+, and pass@k before and after (the reason HumanEval+ exists).
 */
import { plusReport, type PlusReport } from '../lib/plus-results.ts';
import type { RunRecord } from '../storage/db.ts';
import { listRuns, loadRunSamples } from '../storage/runs.ts';

const KS = [1, 10, 100];

export interface LearnPlusTask {
  task_id: string;
  n: number;
  /** Passing the original tests, and passing HumanEval+ (base and plus). */
  humaneval: number;
  plus: number;
  /** Samples that pass the original tests and fail HumanEval+. */
  lost: number;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class LearnPlus {
  #runs = $state.raw<RunRecord[]>([]);
  #runId = $state<string>();
  #report = $state.raw<PlusReport>();
  #lost = $state.raw<LearnPlusTask[]>([]);
  #message = $state<string>();
  #loading = $state(false);
  #request = 0;

  get runs(): readonly RunRecord[] {
    return this.#runs;
  }
  get runId(): string | undefined {
    return this.#runId;
  }
  get report(): PlusReport | undefined {
    return this.#report;
  }
  /** Tasks where the extra inputs turned passing samples into failing ones, most first. */
  get lost(): readonly LearnPlusTask[] {
    return this.#lost;
  }
  /** Why there is nothing to show (no run has HumanEval+ verdicts, or the picked one has none). */
  get message(): string | undefined {
    return this.#message;
  }
  get loading(): boolean {
    return this.#loading;
  }

  /** The stored runs; the newest finished one is picked. */
  async load(): Promise<void> {
    try {
      this.#runs = (await listRuns()).filter((r) => r.done === r.total);
    } catch (error) {
      this.#message = `Stored runs could not be read (${reason(error)}).`;
      return;
    }
    if (this.#runs.length === 0) {
      this.#message = 'No finished batch run is stored yet.';
      return;
    }
    await this.pick(this.#runs[0].id);
  }

  /** Show a stored run (only its samples with both verdicts count). */
  async pick(runId: string): Promise<void> {
    const request = ++this.#request;
    this.#runId = runId;
    this.#loading = true;
    try {
      const samples = await loadRunSamples(runId);
      if (request !== this.#request) return;
      const both = samples.filter((s) => s.verdict && s.plusVerdict);
      if (both.length === 0) {
        this.#report = undefined;
        this.#lost = [];
        this.#message = 'This run has no HumanEval+ verdicts: open it in Batch and evaluate it with HumanEval+.';
        return;
      }
      const report = plusReport(
        both.map((s) => ({ task_id: s.taskId })),
        both.map((s) => s.verdict!.passed),
        both.map((s) => s.plusVerdict!),
        KS,
      );
      const lost = new Map<string, LearnPlusTask>();
      for (const t of report.tasks)
        lost.set(t.task_id, { task_id: t.task_id, n: t.n, humaneval: t.humaneval, plus: t.plus, lost: 0 });
      for (const s of report.samples)
        if (s.humaneval && !(s.base === 'pass' && s.plus === 'pass')) lost.get(s.task_id)!.lost++;
      this.#report = report;
      this.#lost = [...lost.values()]
        .filter((t) => t.lost > 0)
        .sort((a, b) => b.lost - a.lost || a.task_id.localeCompare(b.task_id));
      this.#message =
        both.length < samples.length
          ? `${both.length} of ${samples.length} samples have both verdicts; the figures cover those.`
          : undefined;
    } catch (error) {
      if (request === this.#request) this.#message = `The run could not be read (${reason(error)}).`;
    } finally {
      if (request === this.#request) this.#loading = false;
    }
  }
}
