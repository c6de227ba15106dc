/**
 * SYNTHETIC TEACHING DATA — not measured from any model and unrelated to HumanEval's problems.
 *
 * A made-up model sampled 200 times on each of 40 made-up tasks (`Synthetic/0` … `Synthetic/39`)
 * at three temperatures. The counts were drawn once from a toy model in which every task has a
 * hidden difficulty and a higher temperature spreads the samples out (fewer all-or-nothing tasks)
 * while lowering each sample's chance a little, so the curves behave like the Codex paper's
 * Figure 5: the lowest temperature wins pass@1, the highest wins pass@100.
 */
import type { TaskCounts } from '../pass-at-k.ts';

/** Samples per task in every synthetic run. */
export const EXAMPLE_SAMPLES_PER_TASK = 200;

/** One synthetic run: a temperature and per-task counts. */
export interface ExampleRun {
  id: string;
  name: string;
  temperature: number;
  perTask: TaskCounts[];
}

// Correct samples out of 200, task 0 first.
const CORRECT_BY_TEMPERATURE: ReadonlyArray<[temperature: number, correct: readonly number[]]> = [
  [
    0.2,
    [
      189, 0, 65, 183, 9, 157, 182, 0, 12, 44, 125, 183, 0, 192, 4, 1, 0, 4, 81, 6, 57, 121, 0, 0, 183, 154, 0, 90,
      133, 116, 181, 0, 167, 191, 5, 185, 0, 125, 0, 173,
    ],
  ],
  [
    0.6,
    [
      151, 6, 75, 157, 25, 115, 143, 0, 45, 68, 97, 152, 5, 150, 12, 2, 7, 13, 76, 31, 54, 106, 4, 1, 153, 121, 2, 75,
      102, 114, 139, 5, 133, 161, 25, 127, 2, 104, 2, 127,
    ],
  ],
  [
    0.8,
    [
      146, 12, 50, 151, 30, 88, 130, 4, 39, 53, 80, 120, 3, 131, 21, 2, 8, 30, 67, 37, 59, 89, 5, 0, 141, 93, 2, 73,
      71, 98, 131, 6, 110, 156, 33, 118, 10, 84, 9, 120,
    ],
  ],
];

/** The three synthetic runs, lowest temperature first. */
export const EXAMPLE_RUNS: readonly ExampleRun[] = CORRECT_BY_TEMPERATURE.map(([temperature, correct]) => ({
  id: `example-t${temperature}`,
  name: `Synthetic example, temperature ${temperature}`,
  temperature,
  perTask: correct.map((c, i) => ({ task_id: `Synthetic/${i}`, n: EXAMPLE_SAMPLES_PER_TASK, c })),
}));

/** The run shown when nothing else is picked: the highest temperature, whose curve rises the most. */
export const DEFAULT_EXAMPLE_RUN: ExampleRun = EXAMPLE_RUNS[EXAMPLE_RUNS.length - 1];
