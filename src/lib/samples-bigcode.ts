/**
 * bigcode-evaluation-harness generations (`--save_generations`): one JSON array holding, for each task
 * in dataset order, an array of full programs (prompt included). Entry i belongs to problem i; the
 * harness zips the two lists, so entries past the last problem are never run, and we say so.
 */
import type { InputIssue } from './input-issue.ts';
import type { PyJson } from './py-json.ts';
import { describeJsonError, parsePyJson } from './py-json.ts';

/** One generation: the task it belongs to, by position, and where it sits in the file. */
export interface BigcodeGeneration {
  task_id: string;
  /** 1-based line of the string's opening quote. */
  line: number;
  solution: string;
}

const KIND_NAMES: Record<PyJson['kind'], string> = {
  object: 'object',
  array: 'array',
  string: 'string',
  int: 'number',
  float: 'number',
  bool: 'boolean',
  null: 'null',
};

/** Parses generations JSON against the problems' task ids in dataset order. */
export function parseBigcodeGenerations(
  text: string,
  taskIds: readonly string[],
  source: string,
): { generations: BigcodeGeneration[]; issues: InputIssue[] } {
  const generations: BigcodeGeneration[] = [];
  const issues: InputIssue[] = [];
  // Values are visited in text order, so one forward scan finds every line number.
  let scanned = 0;
  let scannedLine = 1;
  const lineOf = (pos: number): number => {
    for (; scanned < pos; scanned++) {
      const c = text.charCodeAt(scanned);
      if (c === 10 || (c === 13 && text.charCodeAt(scanned + 1) !== 10)) scannedLine++;
    }
    return scannedLine;
  };
  let root: PyJson;
  try {
    root = parsePyJson(text);
  } catch (error) {
    const { line, message } = describeJsonError(text, error);
    issues.push({ source, line, message: `invalid JSON: ${message}` });
    return { generations, issues };
  }
  const report = (line: number, message: string) => issues.push({ source, line, message });
  if (root.kind !== 'array') {
    report(lineOf(root.pos), `expected an array of arrays, got ${KIND_NAMES[root.kind]}`);
    return { generations, issues };
  }
  root.items.forEach((entry, taskIndex) => {
    const line = lineOf(entry.pos);
    const task_id = taskIds[taskIndex];
    if (task_id === undefined) {
      const count = taskIds.length;
      return void report(line, `entry ${taskIndex} has no problem: the problems file has ${count} tasks (entry i is problem i)`);
    }
    const what = `entry ${taskIndex} (${task_id})`;
    if (entry.kind !== 'array') {
      return void report(line, `${what} must be an array of programs, got ${KIND_NAMES[entry.kind]}`);
    }
    entry.items.forEach((item, i) => {
      const itemLine = lineOf(item.pos);
      if (item.kind !== 'string') {
        return void report(itemLine, `${what}, program ${i} must be a string, got ${KIND_NAMES[item.kind]}`);
      }
      generations.push({ task_id, line: itemLine, solution: item.value });
    });
  });
  return { generations, issues };
}
