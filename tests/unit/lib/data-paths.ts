/**
 * Where the tests find the public datasets: never copied into the repo, read from HUMANEVAL_PATH
 * (default: the shared data folder), with the reference's example files beside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const HUMANEVAL_PATH = process.env.HUMANEVAL_PATH ?? '/work/shared/data/HumanEval.jsonl.gz';
const DATA_DIR = dirname(HUMANEVAL_PATH);
export const EXAMPLE_PROBLEM_PATH = join(DATA_DIR, 'example_problem.jsonl');
export const EXAMPLE_SAMPLES_PATH = join(DATA_DIR, 'example_samples.jsonl');

// A missing dataset fails the run loudly: a skipped golden test would pass without checking anything.
for (const path of [HUMANEVAL_PATH, EXAMPLE_PROBLEM_PATH, EXAMPLE_SAMPLES_PATH]) {
  if (!existsSync(path)) throw new Error(`test data not found: ${path} (set HUMANEVAL_PATH to HumanEval.jsonl.gz)`);
}

/** A data file's bytes as a plain Uint8Array. */
export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** A data file's text. */
export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
