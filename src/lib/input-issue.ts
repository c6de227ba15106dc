/**
 * A problem found in an input file, tied to the line it was found on, so the user can open the file
 * and fix it instead of guessing which of 16,000 lines broke the run.
 */

/** One bad line (or, with `line` 0, the file as a whole). */
export interface InputIssue {
  /** The file's display name, e.g. `samples.jsonl`. */
  source: string;
  /** 1-based line number; 0 when the issue concerns the whole file (e.g. it is empty). */
  line: number;
  message: string;
}

/** `"<source>:<line>: <message>"`, the compiler-style form editors and terminals make clickable. */
export function formatIssue(issue: InputIssue): string {
  if (issue.line <= 0) return `${issue.source}: ${issue.message}`;
  return `${issue.source}:${issue.line}: ${issue.message}`;
}

/** The JSON type name of a parsed value, for messages such as `"task_id" must be a string, got number`. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'boolean';
  return typeof value;
}
