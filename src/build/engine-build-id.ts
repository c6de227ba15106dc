/**
 * The engine build id: a digest of the engine's sources and the Pyodide version. It is the engine
 * version in every cached verdict's key and run summary (so any change to the harness, the runtime or
 * the code that assembles programs and reads verdicts gives every sample a new key), and it names the
 * Pyodide memory snapshots: a snapshot holds the harness already imported, so it is only valid for
 * the exact engine that made it (src/build/engine-snapshot.ts, src/runner/node-pool.ts).
 * The app gets it at build time as `__ENGINE_BUILD__`; Node hosts (the CLI, tests) call this.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { PYODIDE_VERSION, PYODIDE_VERSIONS } from './pyodide-assets.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What decides a verdict besides the inputs: the engine (all of workers/), program assembly, verdict mapping. */
export const ENGINE_SOURCES: readonly string[] = ['workers', 'src/lib/program.ts', 'src/lib/verdict.ts', 'src/runner/verdicts.ts'].map(
  (path) => join(ROOT, path),
);

/** Every file under `path` (or `path` itself), sorted, so the digest does not depend on directory order. */
function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => (entry.isDirectory() || entry.isFile() ? filesUnder(join(path, entry.name)) : []));
}

/** `<pyodide version>-<16 hex digits of the sources>` (files or directories, read recursively). */
export function engineBuildId(sources: string | readonly string[] = ENGINE_SOURCES): string {
  const hash = createHash('sha256');
  // Both interpreters' Pyodide releases (the prefix names 314's, whose snapshots carry this id).
  hash.update(JSON.stringify(PYODIDE_VERSIONS)).update('\0');
  for (const source of typeof sources === 'string' ? [sources] : sources) {
    for (const file of filesUnder(source)) {
      hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return `${PYODIDE_VERSION}-${hash.digest('hex').slice(0, 16)}`;
}

/** Makes `__ENGINE_BUILD__` available to the app. */
export function engineBuild(): Plugin {
  return {
    name: 'humaneval:engine-build',
    config: () => ({ define: { __ENGINE_BUILD__: JSON.stringify(engineBuildId()) } }),
  };
}
