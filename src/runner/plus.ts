/**
 * HumanEval+ over the engine pool (ARCHITECTURE.md, "HumanEval+"): the ground truth (the canonical
 * solutions' outputs on every input, computed once and cached by the caller) and a sample's two
 * parts, base then plus, always both, each in a worker reset to the same interpreter.
 */
import type { PlusReply, PlusRequest } from '../../workers/protocol.ts';
import type { ExpectedOutputs, TaskExpected } from '../lib/plus-expected.ts';
import { packedValue, packValues, type PackedValues } from '../lib/py-marshal.ts';
import {
  inputLimitsMs,
  KILL_AFTER_S,
  partCapMs,
  plusPassed,
  type PartVerdict,
  type PlusTask,
  type PlusVerdict,
} from '../lib/plus.ts';
import type { SampleCode } from '../lib/program.ts';
import type { Outcome } from '../lib/verdict.ts';
import { BatchRunner, type BatchJob, type BatchPool, type BatchProgress } from './batch.ts';
import { CancelledError } from './pool-options.ts';
import type { PlusPartEnding } from './pool.ts';

/** What this module needs from the pool (EnginePool has it). */
export interface PlusPool {
  evaluatePlusPart(
    request: Omit<PlusRequest, 'id' | 'progress'>,
    options: { capMs: number; killAfterMs: number; signal?: AbortSignal },
  ): Promise<PlusPartEnding>;
  readonly options: { readonly size: number };
}

export type { ExpectedOutputs, TaskExpected };

/** A pack moved into shared memory (where the host has it), so every part's request shares it instead of copying. */
export function sharePack(pack: PackedValues): PackedValues {
  const count = pack.offsets.length - 1;
  return packValues(
    Array.from({ length: count }, (_, i) => packedValue(pack, i)),
    true,
  );
}

export type Part = 'base' | 'plus';

/** EvalPlus runs the ground truth with no limit; this only stops a hung engine. */
const GROUND_TRUTH_CAP_MS = 600_000;
const STACK_OVERFLOW = /Maximum call stack size exceeded|too much recursion|stack overflow/i;

/** The canonical program: HumanEval+'s `prompt + canonical_solution`. */
export const canonicalSolution = (task: Pick<PlusTask, 'prompt' | 'canonical_solution'>) =>
  task.prompt + task.canonical_solution;

/**
 * Compute every task's expected outputs in the engine (inputs fresh from marshal: EvalPlus's
 * deepcopy). `onProgress(done, total)` counts parts. Throws if a canonical solution fails.
 */
export async function computeExpected(
  pool: PlusPool,
  tasks: readonly PlusTask[],
  options: { onProgress?(done: number, total: number): void; signal?: AbortSignal } = {},
): Promise<ExpectedOutputs> {
  const out: ExpectedOutputs = new Map();
  const total = tasks.length * 2;
  let done = 0;
  const one = async (task: PlusTask, part: Part): Promise<PackedValues> => {
    const ending = await pool.evaluatePlusPart(
      {
        mode: 'expected',
        solution: canonicalSolution(task),
        entryPoint: task.entry_point,
        inputs: task[part],
        atol: task.atol,
        findZero: false,
      },
      { capMs: GROUND_TRUTH_CAP_MS, killAfterMs: 0, signal: options.signal },
    );
    const reply = 'reply' in ending ? ending.reply : undefined;
    if (
      reply?.kind !== 'plus' ||
      reply.status !== 'pass' ||
      !reply.outputs ||
      reply.outputs.offsets.length !== task[part].length + 1
    ) {
      const why =
        reply?.kind === 'plus'
          ? (reply.moduleError?.type ??
            `input ${reply.failure?.index}: ${reply.failure?.error?.type ?? reply.failure?.reason}`)
          : reply?.kind === 'fatal'
            ? reply.reason
            : 'the engine stopped';
      throw new Error(`${task.task_id} ${part}: the canonical solution gave no output (${why})`);
    }
    options.onProgress?.(++done, total);
    return sharePack(reply.outputs);
  };
  await Promise.all(
    tasks.map(async (task) => {
      const [base, plus] = await Promise.all([one(task, 'base'), one(task, 'plus')]);
      out.set(task.task_id, { base, plus });
    }),
  );
  return out;
}

/** From what the pool says of a part to its verdict (EvalPlus's status mapping). */
export function partVerdict(ending: PlusPartEnding, total: number, capMs: number, solution: string): PartVerdict {
  const mark = ending.progress;
  const completedAt = mark === undefined ? 0 : Math.floor(mark / 2);
  const reply: PlusReply | undefined = 'reply' in ending ? ending.reply : undefined;
  if (reply?.kind === 'plus') {
    return {
      status: reply.status,
      total,
      completed: reply.completed,
      ...(reply.failure ? { failure: reply.failure } : {}),
      ...(reply.moduleError ? { moduleError: reply.moduleError } : {}),
      ...(reply.failure?.pastLimit ? { decidedByLimit: 'input' as const } : {}),
      durationMs: reply.durationMs,
      capMs,
      slowestMs: reply.slowestMs,
    };
  }
  // Recursion through C frames overflows the JavaScript stack where CPython raises RecursionError
  // (an input's failure) at depth 1000; unless the sample raised the limit (CPython would crash).
  if (reply?.kind === 'fatal' && STACK_OVERFLOW.test(reply.reason) && !solution.includes('setrecursionlimit')) {
    const index = mark !== undefined && mark % 2 === 1 ? (mark - 1) / 2 : completedAt;
    return {
      status: 'fail',
      total,
      completed: index + 1,
      failure: {
        index,
        reason: 'error',
        error: { type: 'RecursionError', message: 'maximum recursion depth exceeded' },
        pastLimit: false,
        durationMs: 0,
      },
      durationMs: reply.durationMs,
      capMs,
      slowestMs: 0,
    };
  }
  const killed = 'ended' in ending && ending.ended === 'killed';
  return {
    status: 'timeout',
    total,
    completed: completedAt,
    ended: killed ? 'killed at the part cap' : 'worker died',
    ...(killed ? { decidedByLimit: 'part' as const } : {}),
    durationMs: killed ? capMs + KILL_AFTER_S * 1000 : 0,
    capMs,
    slowestMs: 0,
  };
}

/** One part of a sample. */
export async function evaluatePart(
  pool: PlusPool,
  task: PlusTask,
  expected: PackedValues,
  solution: string,
  part: Part,
  signal?: AbortSignal,
): Promise<PartVerdict> {
  const inputs = task[part];
  const limits = inputLimitsMs(inputs.length);
  const capMs = partCapMs(limits);
  const ending = await pool.evaluatePlusPart(
    {
      mode: 'sample',
      solution,
      entryPoint: task.entry_point,
      inputs,
      expected,
      atol: task.atol,
      findZero: task.entry_point === 'find_zero',
      inputLimitsMs: limits,
    },
    { capMs, killAfterMs: KILL_AFTER_S * 1000, signal },
  );
  return partVerdict(ending, inputs.length, capMs, solution);
}

/** A sample's HumanEval+ verdict: base and plus, always both (they may run at once, in different workers). */
export async function evaluatePlusSample(
  pool: PlusPool,
  task: PlusTask,
  expected: TaskExpected,
  solution: string,
  signal?: AbortSignal,
): Promise<PlusVerdict> {
  const [base, plus] = await Promise.all([
    evaluatePart(pool, task, expected.base, solution, 'base', signal),
    evaluatePart(pool, task, expected.plus, solution, 'plus', signal),
  ]);
  return { base, plus };
}

/** A HumanEval+ verdict as the batch runner counts it: passed only if base and plus pass. */
export type JudgedPlusVerdict = PlusVerdict & { outcome: Outcome };

/** One sample to evaluate: its task and its assembled solution. */
export interface PlusJob {
  task: PlusTask;
  solution: string;
}

/** The sample's solution as EvalPlus assembles it: `solution` verbatim, else HumanEval+'s prompt + completion. */
export function plusSolution(task: Pick<PlusTask, 'prompt'>, code: SampleCode): string {
  return 'solution' in code ? code.solution : task.prompt + code.completion;
}

/**
 * Evaluate samples through the one batch runner (src/runner/batch.ts): samples with the same task
 * and solution run once; verdicts come back in input order.
 */
export async function evaluatePlusSamples(
  pool: PlusPool,
  samples: readonly { task_id: string; code: SampleCode }[],
  tasks: ReadonlyMap<string, PlusTask>,
  expected: ExpectedOutputs,
  options: {
    onResult?(index: number, verdict: JudgedPlusVerdict): void;
    onProgress?(progress: BatchProgress): void;
    signal?: AbortSignal;
  } = {},
): Promise<{ verdicts: JudgedPlusVerdict[]; progress: BatchProgress }> {
  const jobs: BatchJob<PlusJob, JudgedPlusVerdict>[] = samples.map((sample) => {
    const task = tasks.get(sample.task_id)!;
    const solution = plusSolution(task, sample.code);
    return { key: `${sample.task_id}\u0000${solution}`, program: { task, solution } };
  });
  const adapter: BatchPool<PlusJob, JudgedPlusVerdict> = {
    options: pool.options,
    evaluate: async ({ task, solution }, evaluateOptions) => {
      const verdict = await evaluatePlusSample(
        pool,
        task,
        expected.get(task.task_id)!,
        solution,
        evaluateOptions?.signal,
      );
      const outcome: Outcome = plusPassed(verdict)
        ? 'passed'
        : verdict.base.status === 'timeout' || verdict.plus.status === 'timeout'
          ? 'timed out'
          : 'failed';
      return { ...verdict, outcome };
    },
  };
  const runner = new BatchRunner(adapter, jobs, {
    ordered: true,
    onResult: options.onResult,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  if ((await runner.run()) !== 'done') throw new CancelledError();
  return { verdicts: runner.verdicts as JudgedPlusVerdict[], progress: runner.progress() };
}
