/**
 * From what a worker said (or failed to say) to a Verdict. Only the pool can know `timed out` by
 * kill and `crashed`, because a hung or dead worker cannot say so itself.
 */
import type { ExplainResult, PlusResult, RunReply } from '../../workers/protocol.ts';
import { noResultVerdict, referenceResult, type Verdict } from '../lib/verdict.ts';

/** What a worker answered for a request, or what became of the worker: killed at the deadline, or dead. */
export type WorkerEnding = RunReply | ExplainResult | PlusResult | 'killed' | 'exited';

const STATUSES = new Set(['passed', 'failed', 'timed out', 'no result']);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const finite = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

function isError(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.type === 'string' &&
    typeof value.message === 'string' &&
    Array.isArray(value.traceback) &&
    value.traceback.every((f) => isObject(f) && typeof f.file === 'string' && typeof f.name === 'string' && finite(f.line))
  );
}

/**
 * Whether a worker's answer has the protocol's shape. Anything else means the worker (or what ran
 * in it) cannot be trusted: the pool counts it as that sample's crash and replaces the worker.
 */
export function isReply(value: unknown): value is RunReply | ExplainResult | PlusResult {
  if (!isObject(value) || !Number.isInteger(value.id)) return false;
  switch (value.kind) {
    case 'fatal':
      return typeof value.reason === 'string' && finite(value.durationMs);
    case 'plus':
      return (
        (value.status === 'pass' || value.status === 'fail') &&
        Number.isInteger(value.completed) &&
        finite(value.durationMs) &&
        finite(value.heapBytes) &&
        finite(value.slowestMs) &&
        (value.failure === undefined || (isObject(value.failure) && Number.isInteger(value.failure.index) && typeof value.failure.reason === 'string')) &&
        (value.outputs === undefined || (isObject(value.outputs) && value.outputs.bytes instanceof Uint8Array && Array.isArray(value.outputs.offsets))) &&
        (value.recycle === undefined || typeof value.recycle === 'string')
      );
    case 'explain':
      return isObject(value.report) && Array.isArray(value.report.assertions) && finite(value.heapBytes);
    case 'result':
      return (
        typeof value.status === 'string' &&
        STATUSES.has(value.status) &&
        typeof value.stdout === 'string' &&
        typeof value.stderr === 'string' &&
        typeof value.stdoutTruncated === 'boolean' &&
        typeof value.stderrTruncated === 'boolean' &&
        finite(value.durationMs) &&
        finite(value.heapBytes) &&
        (value.error === undefined || isError(value.error)) &&
        (value.recycle === undefined || typeof value.recycle === 'string')
      );
    default:
      return false;
  }
}

const STACK_OVERFLOW = /Maximum call stack size exceeded|too much recursion|stack overflow/i;

/** The verdict for a worker's reply to a run request. */
export function verdictFromReply(reply: RunReply, program: string): Verdict {
  if (reply.kind === 'fatal') {
    // Recursion through C frames overflows the JS stack and kills Pyodide where CPython raises
    // RecursionError at depth 1000. Unless the sample raised the limit (then CPython would
    // overflow its own C stack and die: no result), report what the reference would print.
    if (STACK_OVERFLOW.test(reply.reason) && !program.includes('setrecursionlimit')) {
      const message = 'maximum recursion depth exceeded';
      return {
        result: referenceResult('failed', message),
        passed: false,
        outcome: 'failed',
        error: { type: 'RecursionError', message, traceback: [] },
        stdout: '',
        stderr: '',
        stdoutTruncated: false,
        stderrTruncated: false,
        durationMs: reply.durationMs,
        timedOut: false,
        crashed: true,
        crashReason: reply.reason,
      };
    }
    return noResultVerdict({ durationMs: reply.durationMs, timedOut: false, crashed: true, crashReason: reply.reason });
  }
  const base = {
    stdout: reply.stdout,
    stderr: reply.stderr,
    stdoutTruncated: reply.stdoutTruncated,
    stderrTruncated: reply.stderrTruncated,
    durationMs: reply.durationMs,
    crashed: false,
    ...(reply.error ? { error: reply.error } : {}),
  };
  switch (reply.status) {
    case 'passed':
      return { ...base, result: referenceResult('passed'), passed: true, outcome: 'passed', timedOut: false };
    case 'failed':
      return {
        ...base,
        result: referenceResult('failed', reply.error?.message ?? ''),
        passed: false,
        outcome: 'failed',
        timedOut: false,
      };
    case 'timed out':
      return { ...base, result: referenceResult('timed out'), passed: false, outcome: 'timed out', timedOut: true };
    case 'no result':
      return {
        ...base,
        result: referenceResult('timed out'),
        passed: false,
        outcome: 'timed out',
        timedOut: false,
        crashReason: reply.noResultReason ?? 'no result: the exception could not be converted to a string',
      };
  }
}

/** The verdict for a run's outcome. */
export function verdictFor(outcome: WorkerEnding, program: string, elapsedMs: number): Verdict {
  if (outcome === 'killed') return noResultVerdict({ durationMs: elapsedMs, timedOut: true, crashed: false });
  if (outcome === 'exited' || outcome.kind === 'explain' || outcome.kind === 'plus') {
    return noResultVerdict({
      durationMs: elapsedMs,
      timedOut: false,
      crashed: true,
      crashReason: 'the worker died while running the sample',
    });
  }
  return verdictFromReply(outcome, program);
}
