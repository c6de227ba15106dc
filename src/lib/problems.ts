/**
 * The problems file: HumanEval-format JSONL (optionally gzipped), read with the reference's rules
 * (`stream_jsonl`: blank lines skipped, each other line one JSON object), and checked field by field
 * so a bad file is reported with line numbers instead of failing later inside a run.
 */
import type { InputIssue } from './input-issue.ts';
import { jsonTypeName } from './input-issue.ts';
import { decodeMaybeGzip } from './bytes.ts';
import { isBlankLine, splitLines, stripBom } from './lines.ts';
import { describeJsonError, pyJsonLoads } from './py-json.ts';

/** One HumanEval problem; these five fields are all the program assembly needs. */
export interface Problem {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

/** Parsed problems in file order, and every line that could not be used. */
export interface ProblemsResult {
  problems: Problem[];
  issues: InputIssue[];
}

const FIELDS = ['task_id', 'prompt', 'canonical_solution', 'test', 'entry_point'] as const;

/** Checks one parsed line; returns the problem, or the reason it is not one. */
function toProblem(value: unknown): Problem | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `expected a JSON object, got ${jsonTypeName(value)}`;
  }
  const record = value as Record<string, unknown>;
  const missing = FIELDS.filter((f) => !Object.hasOwn(record, f));
  if (missing.length > 0) {
    return `missing field${missing.length > 1 ? 's' : ''} ${missing.map((f) => `"${f}"`).join(', ')}`;
  }
  for (const f of FIELDS) {
    if (typeof record[f] !== 'string') return `field "${f}" must be a string, got ${jsonTypeName(record[f])}`;
  }
  // Only the five fields are kept: HumanEval+ rows carry megabytes of test inputs we do not use here.
  const [task_id, prompt, canonical_solution, test, entry_point] = FIELDS.map((f) => record[f] as string);
  return { task_id, prompt, canonical_solution, test, entry_point };
}

/** Parses problems JSONL text; `source` names the file in issues. */
export function parseProblems(text: string, source = 'problems'): ProblemsResult {
  const problems: Problem[] = [];
  const issues: InputIssue[] = [];
  const firstLine = new Map<string, number>();
  let lineNo = 0;
  for (const line of splitLines(stripBom(text))) {
    lineNo++;
    if (isBlankLine(line)) continue;
    let value: unknown;
    try {
      value = pyJsonLoads(line);
    } catch (error) {
      issues.push({ source, line: lineNo, message: `invalid JSON: ${describeJsonError(line, error).message}` });
      continue;
    }
    const problem = toProblem(value);
    if (typeof problem === 'string') {
      issues.push({ source, line: lineNo, message: problem });
      continue;
    }
    const first = firstLine.get(problem.task_id);
    if (first !== undefined) {
      // The reference's dict would silently keep the later copy; either choice hides a broken file.
      issues.push({
        source,
        line: lineNo,
        message: `duplicate task_id ${JSON.stringify(problem.task_id)} (first on line ${first}); this copy is ignored`,
      });
      continue;
    }
    firstLine.set(problem.task_id, lineNo);
    problems.push(problem);
  }
  if (problems.length === 0 && issues.length === 0) {
    issues.push({ source, line: 0, message: 'no problems: the file is empty' });
  }
  return { problems, issues };
}

/** Decodes (gunzipping when the bytes say gzip) and parses a problems file. */
export async function loadProblems(bytes: Uint8Array, source = 'problems'): Promise<ProblemsResult> {
  return parseProblems(await decodeMaybeGzip(bytes), source);
}
