/**
 * HumanEval+ (EvalPlus master 26d6d00, dataset v0.1.10): the dataset, the limits, a sample's two
 * parts and the `eval_results.json` EvalPlus writes (ARCHITECTURE.md, "HumanEval+"). Pure: the
 * engine runs the parts (workers/plus-part.ts), the runner drives them (src/runner/plus.ts).
 */
import type { InputIssue } from './input-issue.ts';
import { jsonTypeName } from './input-issue.ts';
import { isBlankLine, splitLines, stripBom } from './lines.ts';
import { marshal, type PyValue } from './py-marshal.ts';
import { describeJsonError, parsePyJson, type PyJson } from './py-json.ts';
import { estimatePassAtK, numpyMean } from './pass-at-k.ts';

export const HUMANEVALPLUS_VERSION = 'v0.1.10';
/** The EvalPlus revision whose rules this mode follows. */
export const EVALPLUS_REVISION = 'evalplus master 26d6d00';
export const HUMANEVALPLUS_URL = `https://github.com/evalplus/humanevalplus_release/releases/download/${HUMANEVALPLUS_VERSION}/HumanEvalPlus.jsonl.gz`;
export const HUMANEVALPLUS_MINI_URL = `https://github.com/evalplus/humanevalplus_release/releases/download/${HUMANEVALPLUS_VERSION}/HumanEvalPlus-Mini.jsonl.gz`;
export const HUMANEVALPLUS_SHA256 = '272720b90ac375502c8ed23cd791c2a93dfb22a911641a494da74a426c09f101';
export const HUMANEVALPLUS_MINI_SHA256 = '91486741f1627101021fbe50523df08eebb5b0bf5e804b633dcd5ca3c14dbd2f';

/** One HumanEval+ task with its inputs marshalled (each an argument list, ready for the engine). */
export interface PlusTask {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  entry_point: string;
  atol: number;
  /** The inputs as the dataset's JSON has them (for `*_fail_tests`), and marshalled. */
  base_input: PyJson[];
  plus_input: PyJson[];
  base: string[];
  plus: string[];
}

const FIELDS = [
  'task_id',
  'prompt',
  'contract',
  'canonical_solution',
  'base_input',
  'plus_input',
  'atol',
  'entry_point',
] as const;

/** A JSON value as Python's `json.loads` gives it (non-string keys cannot occur: JSON keys are strings). */
export function pyJsonToValue(value: PyJson): PyValue {
  switch (value.kind) {
    case 'null':
      return { t: 'none' };
    case 'bool':
      return { t: 'bool', v: value.value };
    case 'int':
      return { t: 'int', v: BigInt(value.text) };
    case 'float':
      return { t: 'float', v: value.value };
    case 'string':
      return { t: 'str', v: value.value };
    case 'array':
      return { t: 'list', items: value.items.map(pyJsonToValue) };
    case 'object': {
      // A repeated key keeps its first position and its last value, as a Python dict does.
      const entries = new Map<string, PyValue>();
      for (const [k, v] of value.entries) entries.set(k, pyJsonToValue(v));
      return { t: 'dict', entries: [...entries].map(([k, v]) => [{ t: 'str', v: k }, v]) };
    }
  }
}

function toTask(value: PyJson): PlusTask | string {
  if (value.kind !== 'object') return `expected a JSON object, got ${value.kind}`;
  const record = new Map(value.entries);
  const missing = FIELDS.filter((f) => !record.has(f));
  if (missing.length > 0)
    return `missing field${missing.length > 1 ? 's' : ''} ${missing.map((f) => `"${f}"`).join(', ')}`;
  const text: Record<string, string> = {};
  for (const f of ['task_id', 'prompt', 'canonical_solution', 'entry_point'] as const) {
    const v = record.get(f)!;
    if (v.kind !== 'string') return `field "${f}" must be a string, got ${jsonTypeName(v.kind === 'null' ? null : 0)}`;
    text[f] = v.value;
  }
  const atol = record.get('atol')!;
  if (atol.kind !== 'int' && atol.kind !== 'float') return 'field "atol" must be a number';
  const inputs: Record<string, PyJson[]> = {};
  for (const f of ['base_input', 'plus_input'] as const) {
    const v = record.get(f)!;
    if (v.kind !== 'array' || v.items.some((i) => i.kind !== 'array'))
      return `field "${f}" must be a list of argument lists`;
    inputs[f] = v.items;
  }
  const encode = (items: PyJson[]) => items.map((i) => marshal(pyJsonToValue(i)));
  return {
    task_id: text.task_id,
    prompt: text.prompt,
    canonical_solution: text.canonical_solution,
    entry_point: text.entry_point,
    atol: atol.kind === 'int' ? Number(atol.text) : atol.value,
    base_input: inputs.base_input,
    plus_input: inputs.plus_input,
    base: encode(inputs.base_input),
    plus: encode(inputs.plus_input),
  };
}

/** Parses HumanEval+ JSONL text (EvalPlus's `stream_jsonl`: blank lines skipped); `source` names the file. */
export function parsePlusTasks(text: string, source = 'problems'): { tasks: PlusTask[]; issues: InputIssue[] } {
  const tasks: PlusTask[] = [];
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  let lineNo = 0;
  for (const line of splitLines(stripBom(text))) {
    lineNo++;
    if (isBlankLine(line)) continue;
    let value: PyJson;
    try {
      value = parsePyJson(line);
    } catch (error) {
      issues.push({ source, line: lineNo, message: `invalid JSON: ${describeJsonError(line, error).message}` });
      continue;
    }
    const task = toTask(value);
    if (typeof task === 'string') {
      issues.push({ source, line: lineNo, message: `${task} (is this a HumanEval+ file?)` });
      continue;
    }
    if (seen.has(task.task_id)) {
      issues.push({ source, line: lineNo, message: `duplicate task_id ${JSON.stringify(task.task_id)}` });
      continue;
    }
    seen.add(task.task_id);
    tasks.push(task);
  }
  if (tasks.length === 0 && issues.length === 0)
    issues.push({ source, line: 0, message: 'no problems: the file is empty' });
  return { tasks, issues };
}

// ---- Limits (EvalPlus master defaults: --min-time-limit 4, --gt-time-limit-factor 4) ----

export const MIN_TIME_LIMIT_S = 4;
export const GT_TIME_LIMIT_FACTOR = 4;
/** EvalPlus's default per-part timeout before the `+ 1` (EVALPLUS_TIMEOUT_PER_TASK unset). */
export const PART_TIMEOUT_S = 60;
/** EvalPlus's parent joins the child `timeout + 1` s, then terminates it. */
export const KILL_AFTER_S = 1;

/**
 * The CPython ground-truth times this mode ships instead of timing the canonical solutions in
 * Pyodide (2-3x slower, and different on every machine): on CPython every HumanEval+ canonical call
 * takes under 1 s (the slowest, HumanEval/139, 0.42 s; ARCHITECTURE.md, "HumanEval+"), so
 * `max(4, 4 x t_gt)` is 4 s for every input of every task. One figure stands for the whole table.
 */
export const GROUND_TRUTH_MAX_S = 0.42;

/** `max(min_time_limit, gt_time_limit_factor x t_gt)` for each of `count` inputs, in ms. */
export function inputLimitsMs(count: number): number[] {
  return new Array<number>(count).fill(Math.max(MIN_TIME_LIMIT_S, GT_TIME_LIMIT_FACTOR * GROUND_TRUTH_MAX_S) * 1000);
}

/** The part's timeout, `min(60, sum(limits)) + 1` s, in ms; the part is killed `KILL_AFTER_S` after it. */
export function partCapMs(limitsMs: readonly number[]): number {
  const sum = limitsMs.reduce((a, b) => a + b, 0) / 1000;
  return (Math.min(PART_TIMEOUT_S, sum) + 1) * 1000;
}

// ---- Verdicts ----

export type PlusStatus = 'pass' | 'fail' | 'timeout';

/** One part's verdict, with what the rich result shows. */
export interface PartVerdict {
  status: PlusStatus;
  /** Inputs in the part. */
  total: number;
  /** Inputs that finished, passed or failed (EvalPlus's `progress`). */
  completed: number;
  /** The first failing input (fail-fast): index, why, the output marshalled. */
  failure?: {
    index: number;
    reason: 'value' | 'type' | 'length' | 'tolerance' | 'oracle' | 'error' | 'bad output';
    actual?: Uint8Array;
    error?: { type: string; message?: string };
    pastLimit: boolean;
    durationMs: number;
  };
  /** The program failed before any input (SyntaxError, a module-level exception, no entry point). */
  moduleError?: { type: string; message?: string };
  /** Why a `timeout`: the part ran past its cap and was killed, or the worker died. */
  ended?: 'killed at the part cap' | 'worker died';
  /**
   * A limit decided the verdict: an input ran past its per-input limit (`input`), or the part past
   * its cap (`part`). Pyodide is 2-3x slower than CPython, so such a verdict may differ there.
   */
  decidedByLimit?: 'input' | 'part';
  durationMs: number;
  capMs: number;
  slowestMs: number;
}

/** A sample's HumanEval+ verdict: base then plus, always both. */
export interface PlusVerdict {
  base: PartVerdict;
  plus: PartVerdict;
}

/** Counted as HumanEval+ correct: base and plus both pass (EvalPlus's `base_status == plus_status == "pass"`). */
export function plusPassed(v: PlusVerdict): boolean {
  return v.base.status === 'pass' && v.plus.status === 'pass';
}

/** EvalPlus's `*_fail_tests` under fail-fast: `[]` on pass or nothing done, else the last finished input. */
export function failTests(part: PartVerdict, inputs: readonly PyJson[]): PyJson[] {
  if (part.status === 'pass' || part.completed === 0) return [];
  return [inputs[part.completed - 1]];
}

/** pass@k as EvalPlus computes it: k in {1, 10, 100} kept only if every task has n >= k. */
export function plusPassAtK(
  perTask: readonly { n: number; c: number }[],
  ks: readonly number[] = [1, 10, 100],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ks) {
    if (perTask.length === 0 || perTask.some((t) => t.n < k)) continue;
    out[`pass@${k}`] = numpyMean(perTask.map((t) => estimatePassAtK(t.n, t.c, k)));
  }
  return out;
}

/** EvalPlus's printed value line: `pass@1:\t0.476`. */
export function formatPlusLine(key: string, value: number): string {
  return `${key}:\t${pyFixed3(value)}`;
}

/**
 * Python's `f"{v:.3f}"`: the exact value rounded half to even, where `toFixed` rounds a tie up. A
 * double is exactly halfway between two 3-decimal numbers only when 16v is an odd integer.
 */
export function pyFixed3(value: number): string {
  const sixteenths = value * 16;
  if (Number.isInteger(sixteenths) && sixteenths % 2 !== 0) {
    const below = Math.floor(value * 1000);
    const even = below % 2 === 0 ? below : below + 1;
    return (even / 1000).toFixed(3);
  }
  return value.toFixed(3);
}
