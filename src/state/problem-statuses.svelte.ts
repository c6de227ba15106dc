/**
 * Each problem's status for the list (untried, passed, failed, timed out): read once from the
 * verdict cache, then kept up to date by the verdicts the playground shows.
 */
import type { Verdict } from '../lib/verdict.ts';
import { statusOf, type ProblemStatus } from '../lib/problem-status.ts';

export class ProblemStatuses {
  #byTask = $state.raw(new Map<string, ProblemStatus>());
  #read: () => Promise<Map<string, Verdict>>;
  #loaded = false;

  /** `read` gives the most recent cached verdict per task (src/storage/verdict-cache.ts). */
  constructor(read: () => Promise<Map<string, Verdict>>) {
    this.#read = read;
  }

  /** A problem's status; `untried` when no verdict was ever seen for it. */
  of(taskId: string): ProblemStatus {
    return this.#byTask.get(taskId) ?? 'untried';
  }

  /** Read the cache (once); verdicts recorded meanwhile are newer and win. */
  async load(): Promise<void> {
    if (this.#loaded) return;
    this.#loaded = true;
    const latest = await this.#read().catch(() => new Map<string, Verdict>());
    const next = new Map([...latest].map(([task, verdict]) => [task, statusOf(verdict)]));
    for (const [task, status] of this.#byTask) next.set(task, status);
    this.#byTask = next;
  }

  /** Record the verdict just shown for a problem. */
  record(taskId: string, verdict: Verdict): void {
    this.#byTask = new Map(this.#byTask).set(taskId, statusOf(verdict));
  }
}
