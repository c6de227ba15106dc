/**
 * The engine version in every cache key is derived from the engine's sources: the build defines it
 * as engineBuildId(), and a change to the harness gives every sample a new key.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_SOURCES, engineBuildId } from '../../../src/build/engine-build-id.ts';
import { PYODIDE_VERSION, PYODIDE_VERSIONS } from '../../../src/build/pyodide-assets.ts';
import { verdictCacheKey } from '../../../src/lib/cache-key.ts';
import { builtVersions } from '../../../src/lib/version.ts';

const problem = { prompt: 'def f():\n', test: 'def check(c):\n    assert c() == 1\n', entry_point: 'f' };

/** A copy of the engine's sources, so the test can edit them. */
function copyOfSources(): { dir: string; sources: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'engine-sources-'));
  const sources = ENGINE_SOURCES.map((source, i) => {
    const copy = join(dir, `${i}-${source.split('/').pop()}`);
    cpSync(source, copy, { recursive: true });
    return copy;
  });
  return { dir, sources };
}

describe('engine version', () => {
  it("is the engine build id the app is built with, over the engine's real sources", () => {
    expect(builtVersions('3.14')).toEqual({ engine: engineBuildId(), pyodide: PYODIDE_VERSION, python: '3.14' });
    expect(builtVersions('3.11')).toEqual({ engine: engineBuildId(), pyodide: PYODIDE_VERSIONS['3.11'], python: '3.11' });
    expect(PYODIDE_VERSIONS['3.11']).toBe('0.25.1');
    expect(ENGINE_SOURCES.some((s) => s.endsWith('/workers'))).toBe(true);
  });

  it('gives every sample a different key under each interpreter, so switching never serves the other one\'s verdict', async () => {
    const key = (python: '3.11' | '3.14') =>
      verdictCacheKey({ problem, code: { completion: '    return 1\n' }, timeoutMs: 3000, versions: builtVersions(python) });
    expect(await key('3.11')).not.toBe(await key('3.14'));
    expect(await key('3.11')).toBe(await key('3.11'));
  });

  it('changes every cache key when the harness or the runtime changes', async () => {
    const { dir, sources } = copyOfSources();
    const workers = sources.find((s) => s.endsWith('-workers'))!;
    const keyWith = (engine: string) =>
      verdictCacheKey({ problem, code: { completion: '    return 1\n' }, timeoutMs: 3000, versions: { engine, pyodide: PYODIDE_VERSION } });
    const before = engineBuildId(sources);
    expect(engineBuildId(sources)).toBe(before);
    const keyBefore = await keyWith(before);

    const harness = join(workers, 'harness.py');
    writeFileSync(harness, readFileSync(harness, 'utf8') + '\n# a harness change\n');
    const afterHarness = engineBuildId(sources);
    expect(afterHarness).not.toBe(before);
    expect(await keyWith(afterHarness)).not.toBe(keyBefore);

    const runtime = join(workers, 'runtime.ts');
    writeFileSync(runtime, readFileSync(runtime, 'utf8') + '\n// a runtime change\n');
    expect(engineBuildId(sources)).not.toBe(afterHarness);
    expect(dir).toBeTruthy();
  });
});
