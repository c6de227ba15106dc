/**
 * The problem list's search: each problem reduced to what the list shows (id, entry point, the
 * docstring's first sentence) and matched against a query by id, entry point and prompt text.
 */
import type { Problem } from './problems.ts';
import type { ProblemStatus } from './problem-status.ts';

export interface ProblemEntry {
  taskId: string;
  entryPoint: string;
  /** The first sentence of the entry point's docstring (or the prompt's first line). */
  summary: string;
  /** Lower-cased id, entry point and prompt, searched by the filter. */
  haystack: string;
}

const MAX_SUMMARY = 140;

/** The first triple-quoted string at or after `from`, without its quotes. */
function docstring(prompt: string, from: number): string | undefined {
  const double = prompt.indexOf('"""', from);
  const single = prompt.indexOf("'''", from);
  const start = double === -1 ? single : single === -1 ? double : Math.min(double, single);
  if (start === -1) return undefined;
  const end = prompt.indexOf(prompt.slice(start, start + 3), start + 3);
  return prompt.slice(start + 3, end === -1 ? undefined : end);
}

/** The docstring's first sentence, whitespace collapsed; examples (`>>>`) are left out. */
export function summarize(prompt: string, entryPoint: string): string {
  // Plain string search: this runs for every problem while the list first renders.
  const def = prompt.indexOf(`def ${entryPoint}(`);
  const doc = docstring(prompt, Math.max(0, def)) ?? prompt;
  const prose = doc.split(/\n\s*(?:>>>|Example|For example|\n)/)[0];
  const text = prose.replace(/\s+/g, ' ').trim() || prompt.trim().split('\n')[0];
  const sentence = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  return sentence.length > MAX_SUMMARY ? `${sentence.slice(0, MAX_SUMMARY - 1).trimEnd()}…` : sentence;
}

/** The list entry for a problem. */
export function indexProblem(problem: Problem): ProblemEntry {
  return {
    taskId: problem.task_id,
    entryPoint: problem.entry_point,
    summary: summarize(problem.prompt, problem.entry_point),
    haystack: `${problem.task_id}\n${problem.entry_point}\n${problem.prompt}`.toLowerCase(),
  };
}

/** The number after the last `/` of a task id (`HumanEval/12` → `12`). */
function idNumber(taskId: string): string {
  return taskId.slice(taskId.lastIndexOf('/') + 1);
}

/**
 * Entries matching every word of `query` (case-insensitive) and, unless `status` is `all`, with that
 * status. A query that is a problem's number (`12`) or id puts that problem first.
 */
export function filterProblems(
  entries: readonly ProblemEntry[],
  query: string,
  status: ProblemStatus | 'all',
  statusOf: (taskId: string) => ProblemStatus,
): ProblemEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = entries.filter(
    (entry) =>
      (status === 'all' || statusOf(entry.taskId) === status) && words.every((word) => entry.haystack.includes(word)),
  );
  const exact = query.trim().toLowerCase();
  const first = matches.findIndex(
    (entry) => idNumber(entry.taskId) === exact || entry.taskId.toLowerCase() === exact || entry.entryPoint === exact,
  );
  if (first > 0) matches.unshift(...matches.splice(first, 1));
  return matches;
}
