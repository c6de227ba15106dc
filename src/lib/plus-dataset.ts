/**
 * A HumanEval+ file as the page holds it: its lines indexed by task id, each task parsed only when
 * it is needed. Parsing the whole file (its inputs marshalled) takes about 2 s, far too long for
 * the page's main thread at once; one task takes about 10 ms. The index itself is built with the
 * platform's JSON parser and checks every line, so a bad file is refused with the line it broke on.
 */
import type { InputIssue } from './input-issue.ts';
import { isBlankLine, splitLines, stripBom } from './lines.ts';
import { HUMANEVALPLUS_MINI_SHA256, HUMANEVALPLUS_SHA256, parsePlusTasks, type PlusTask } from './plus.ts';

/** One task's line of the file. */
export interface PlusLine {
  taskId: string;
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

export interface PlusIndex {
  lines: Map<string, PlusLine>;
  issues: InputIssue[];
}

/** The id the official files are known by; any other file is `plus-sha256-<16 hex digits>`. */
export function plusDatasetId(sha256: string): string {
  if (sha256 === HUMANEVALPLUS_SHA256) return 'humanevalplus';
  if (sha256 === HUMANEVALPLUS_MINI_SHA256) return 'humanevalplus-mini';
  return `plus-sha256-${sha256.slice(0, 16)}`;
}

const FIELDS = ['task_id', 'prompt', 'canonical_solution', 'base_input', 'plus_input', 'atol', 'entry_point'];

/** Index a HumanEval+ JSONL text by task id; `issues` names every line that is not a HumanEval+ task. */
export function indexPlusLines(text: string, source: string): PlusIndex {
  const lines = new Map<string, PlusLine>();
  const issues: InputIssue[] = [];
  let lineNo = 0;
  for (const line of splitLines(stripBom(text))) {
    lineNo++;
    if (isBlankLine(line)) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      issues.push({ source, line: lineNo, message: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ source, line: lineNo, message: 'expected a JSON object (is this a HumanEval+ file?)' });
      continue;
    }
    const record = value as Record<string, unknown>;
    const missing = FIELDS.filter((f) => !(f in record));
    if (missing.length > 0) {
      issues.push({
        source,
        line: lineNo,
        message: `missing field${missing.length > 1 ? 's' : ''} ${missing.map((f) => `"${f}"`).join(', ')} (is this a HumanEval+ file?)`,
      });
      continue;
    }
    const taskId = record.task_id;
    if (typeof taskId !== 'string') {
      issues.push({ source, line: lineNo, message: 'field "task_id" must be a string' });
      continue;
    }
    if (lines.has(taskId)) {
      issues.push({ source, line: lineNo, message: `duplicate task_id ${JSON.stringify(taskId)}` });
      continue;
    }
    lines.set(taskId, { taskId, line: lineNo, text: line });
  }
  if (lines.size === 0 && issues.length === 0)
    issues.push({ source, line: 0, message: 'no problems: the file is empty' });
  return { lines, issues };
}

/** One task of the index, parsed as the engine needs it; an issue carries the file's line number. */
export function parsePlusLine(entry: PlusLine, source: string): PlusTask | InputIssue {
  const { tasks, issues } = parsePlusTasks(entry.text, source);
  if (issues.length > 0) return { ...issues[0], line: entry.line };
  return tasks[0];
}
