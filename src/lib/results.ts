/**
 * The reference's results file, `<samples>_results.jsonl`: every input line in input order, with all
 * its keys, plus `"result"` and then `"passed"`, written as `json.dumps(sample) + "\n"`. We re-parse
 * the original line with a Python-faithful parser so the output matches the reference byte for byte.
 */
import type { PyJson } from './py-json.ts';
import { parsePyJson } from './py-json.ts';
import { pyJsonDumps } from './py-json-dump.ts';

/** Sets a key the way `d[key] = value` does on a Python dict: in place if present, else appended. */
function setEntry(entries: [string, PyJson][], key: string, value: PyJson): void {
  const at = entries.findIndex(([k]) => k === key);
  if (at === -1) entries.push([key, value]);
  else entries[at] = [key, value];
}

/**
 * One line of the results file for one input line: the reference's
 * `sample["result"] = result; sample["passed"] = passed; json.dumps(sample) + "\n"`.
 * Throws if the line is not a JSON object (such a line never became a sample).
 */
export function resultsLine(rawLine: string, result: string, passed: boolean): string {
  const sample = parsePyJson(rawLine);
  if (sample.kind !== 'object') throw new TypeError(`results: expected a JSON object, got ${sample.kind}`);
  const entries = sample.entries.slice();
  setEntry(entries, 'result', { kind: 'string', pos: -1, value: result });
  setEntry(entries, 'passed', { kind: 'bool', pos: -1, value: passed });
  return pyJsonDumps({ ...sample, entries }) + '\n';
}

/** The reference's results file name: the samples file name with `_results.jsonl` appended. */
export function resultsFileName(samplesName: string): string {
  // The reference appends to the full name (`samples.jsonl` → `samples.jsonl_results.jsonl`); its
  // docstring's `.jsonl.gz` is wrong, and the file is never gzipped.
  return `${samplesName}_results.jsonl`;
}

/** The whole results file for samples in input order, each with its verdict's result string. */
export function* resultsLines(
  rows: Iterable<{ raw: string; result: string; passed: boolean }>,
): Generator<string> {
  for (const row of rows) yield resultsLine(row.raw, row.result, row.passed);
}
