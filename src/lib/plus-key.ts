/**
 * The key a HumanEval+ verdict is cached under: a SHA-256 of everything that decides it (the
 * engine build, the expected outputs' key, which names the dataset's digest and the interpreter,
 * the rules' revision and limits, the task and the sample's solution as EvalPlus assembles it).
 */
import { sha256Hex } from './cache-key.ts';
import { EVALPLUS_REVISION, GROUND_TRUTH_MAX_S, MIN_TIME_LIMIT_S, PART_TIMEOUT_S } from './plus.ts';

export interface PlusKeyInput {
  engine: string;
  /** `expectedKey(datasetSha256, boot)` (src/lib/plus-expected.ts). */
  expectedKey: string;
  taskId: string;
  solution: string;
}

/** The cache key of one HumanEval+ verdict. */
export function plusVerdictKey(input: PlusKeyInput): Promise<string> {
  return sha256Hex(
    JSON.stringify([
      'humaneval-plus-verdict',
      input.engine,
      input.expectedKey,
      EVALPLUS_REVISION,
      [MIN_TIME_LIMIT_S, GROUND_TRUTH_MAX_S, PART_TIMEOUT_S],
      input.taskId,
      input.solution,
    ]),
  );
}
