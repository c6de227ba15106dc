/**
 * The key a verdict is cached under: a SHA-256 of everything that determines it (engine and Pyodide
 * versions, the limit, the problem's prompt, test and entry point, and the sample's code), so a
 * changed input or a new engine never answers from a stale verdict.
 */
import type { Problem } from './problems.ts';
import type { SampleCode } from './program.ts';
import { ENGINE_VERSION } from './version.ts';

export interface CacheKeyInput {
  problem: Pick<Problem, 'prompt' | 'test' | 'entry_point'>;
  code: SampleCode;
  timeoutMs: number;
  pyodideVersion: string;
  engineVersion?: string;
}

const encoder = new TextEncoder();

/** Hex SHA-256 of a string (Web Crypto: browsers in secure contexts and Node 20). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The cache key for one (problem, sample, settings) triple. */
export function verdictCacheKey(input: CacheKeyInput): Promise<string> {
  // A JSON array fixes the field order and escapes every string, so no two inputs collide by
  // concatenation (`"ab" + "c"` vs `"a" + "bc"`).
  const kind = 'solution' in input.code ? 'solution' : 'completion';
  const text = 'solution' in input.code ? input.code.solution : input.code.completion;
  return sha256Hex(
    JSON.stringify([
      'humaneval-verdict',
      input.engineVersion ?? ENGINE_VERSION,
      input.pyodideVersion,
      input.timeoutMs,
      input.problem.prompt,
      input.problem.test,
      input.problem.entry_point,
      kind,
      text,
    ]),
  );
}
