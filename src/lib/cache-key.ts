/**
 * The key a verdict is cached under, and the one place keys are made (the import worker, the
 * playground, the page's batch runs and the CLI all call these): a SHA-256 of everything that
 * determines a verdict (engine and Pyodide versions, the limit, the problem's prompt, test and entry
 * point, and the sample's code), so a changed input or a changed engine never answers from a stale
 * verdict. The engine version is the engine build id, a digest of the engine's sources (src/lib/version.ts).
 */
import type { Problem } from './problems.ts';
import type { SampleCode } from './program.ts';
import type { EngineVersions } from './version.ts';

/** The settings that are part of every key besides the problem and the code. */
export interface KeySettings {
  timeoutMs: number;
  versions: EngineVersions;
}

export interface CacheKeyInput extends KeySettings {
  problem: Pick<Problem, 'prompt' | 'test' | 'entry_point'>;
  code: SampleCode;
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
      input.versions.engine,
      input.versions.pyodide,
      input.timeoutMs,
      input.problem.prompt,
      input.problem.test,
      input.problem.entry_point,
      kind,
      text,
    ]),
  );
}

/** Digests in flight at once. */
const KEY_CHUNK = 512;

/**
 * The key of every sample, in order. Digests run concurrently, a chunk at a time, and once per
 * distinct (task, code): files often repeat a completion many times (greedy decoding, short answers).
 */
export async function cacheKeys(
  samples: readonly { task_id: string; code: SampleCode }[],
  problems: ReadonlyMap<string, Pick<Problem, 'prompt' | 'test' | 'entry_point'>>,
  settings: KeySettings,
): Promise<string[]> {
  const known = new Map<string, Promise<string>>();
  const keys: string[] = [];
  for (let start = 0; start < samples.length; start += KEY_CHUNK) {
    const chunk = samples.slice(start, start + KEY_CHUNK);
    const computed = await Promise.all(
      chunk.map((s) => {
        const id = `${s.task_id}\u0000${'solution' in s.code ? `s${s.code.solution}` : `c${s.code.completion}`}`;
        let key = known.get(id);
        if (!key) {
          const problem = problems.get(s.task_id);
          if (!problem) throw new Error(`no problem ${s.task_id} to key a sample against`);
          known.set(id, (key = verdictCacheKey({ problem, code: s.code, ...settings })));
        }
        return key;
      }),
    );
    keys.push(...computed);
  }
  return keys;
}
