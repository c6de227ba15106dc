/**
 * From what the harness said about a program (JSON a program could have tampered with) to the
 * protocol's reply, decided here in JavaScript: the status comes from whether `exec` raised and
 * this worker's clock, never from a Python value, and every string is capped on its way out.
 */
import type { AssertionReport } from '../src/lib/assertions.ts';
import { MESSAGE_CAP, type PyError, type TraceFrame } from '../src/lib/verdict.ts';
import type { RunResult } from './protocol.ts';

/** Longest name, file name or type name kept from a traceback. */
const NAME_CAP = 256;
const FRAMES_CAP = 40;
/** Any other string in a reply (explanations' reprs and sources). */
const STRING_CAP = 4096;
const ITEMS_CAP = 1000;

const str = (value: unknown, cap: number): string => (typeof value === 'string' ? value.slice(0, cap) : '');
const int = (value: unknown): number => (typeof value === 'number' && Number.isInteger(value) ? value : 0);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function frames(value: unknown): TraceFrame[] {
  if (!Array.isArray(value)) return [];
  return value.slice(-FRAMES_CAP).filter(isRecord).map((f) => ({ file: str(f.file, NAME_CAP), line: int(f.line), name: str(f.name, NAME_CAP) }));
}

/** The harness's description of an exception, checked; `message` null means `str(e)` raised. */
export interface Described {
  error: PyError;
  messageRaised: boolean;
  timeout: boolean;
  /** The limit exception came from the program's own SIGALRM timer (signal.alarm/setitimer), as in the reference. */
  alarm: boolean;
}

function describedError(value: unknown, messageCap: number): Described | undefined {
  if (!isRecord(value)) return undefined;
  const error: PyError = { type: str(value.type, NAME_CAP), message: str(value.message, messageCap), traceback: frames(value.traceback) };
  if (value.messageTruncated === true || (typeof value.message === 'string' && value.message.length > messageCap)) {
    error.messageTruncated = true;
  }
  if (typeof value.note === 'string') error.note = str(value.note, STRING_CAP);
  if (typeof value.line === 'number') error.line = int(value.line);
  if (typeof value.offset === 'number') error.offset = int(value.offset);
  return { error, messageRaised: value.message === null, timeout: value.timeout === true, alarm: value.alarm === true };
}

export interface Outputs {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
}

/** Parse the harness's JSON; undefined when it is not what the harness writes. */
export function parseDescription(json: unknown, outputCap: number, messageCap = MESSAGE_CAP): { outputs: Outputs; described?: Described } | undefined {
  if (typeof json !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const capped = (text: unknown) => typeof text === 'string' && text.length > outputCap;
  const outputs: Outputs = {
    stdout: str(value.stdout, outputCap),
    stderr: str(value.stderr, outputCap),
    stdoutTruncated: value.stdoutTruncated === true || capped(value.stdout),
    stderrTruncated: value.stderrTruncated === true || capped(value.stderr),
  };
  if (value.error === undefined) return { outputs };
  const described = describedError(value.error, messageCap);
  return described ? { outputs, described } : undefined;
}

/**
 * How a run ended, as the runtime saw it: whether `exec` raised into JavaScript, and the Python
 * exception type of anything that raised out of `describe` (the limit firing after the program).
 */
export interface Ending {
  raised: boolean;
  /** Set when `describe` itself raised: the exception's type name. */
  lateError?: string;
}

type Status = RunResult['status'];

/**
 * The status: `passed` when `exec` returned; `timed out` when the harness's own limit exception
 * ended the program, or arrived just after it, once its deadline could have fired (the harness
 * honours the interrupt from half the limit on); `no result` when `str(e)` raised, as in the
 * reference; `failed` otherwise. Undefined when the harness gave no usable account.
 */
export function decideStatus(ending: Ending, described: Described | undefined, durationMs: number, timeoutMs: number): Status | undefined {
  const deadlinePassed = durationMs >= timeoutMs / 2;
  if (ending.lateError !== undefined) {
    // The limit fired between the program's end and the harness disarming it.
    return ending.lateError === 'TimeoutException' && deadlinePassed ? 'timed out' : undefined;
  }
  if (!ending.raised) return 'passed';
  if (!described) return undefined;
  // The program's own alarm raises the limit exception when the program asked for it, before the
  // deadline: the reference's SIGALRM handler does the same (workers/harness.py, _deliver_alarm).
  if (described.timeout && (deadlinePassed || described.alarm)) return 'timed out';
  if (described.messageRaised) return 'no result';
  return 'failed';
}

/**
 * Cap every string, array and level of untrusted JSON (an explanation report, with reprs a program
 * chose); the page caps the typed report again (capReport in src/lib/verdict.ts).
 */
export function capJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.slice(0, STRING_CAP);
  if (depth > 6) return null;
  if (Array.isArray(value)) return value.slice(0, ITEMS_CAP).map((item) => capJson(item, depth + 1));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).slice(0, ITEMS_CAP)) out[key.slice(0, NAME_CAP)] = capJson(value[key], depth + 1);
    return out;
  }
  return typeof value === 'number' || typeof value === 'boolean' || value === null ? value : null;
}

/** An explanation report, checked and capped; undefined when it is not one. */
export function parseReport(json: unknown): AssertionReport | undefined {
  if (typeof json !== 'string') return undefined;
  try {
    const value = capJson(JSON.parse(json));
    if (!isRecord(value) || !Array.isArray(value.assertions)) return undefined;
    return value as unknown as AssertionReport;
  } catch {
    return undefined;
  }
}
