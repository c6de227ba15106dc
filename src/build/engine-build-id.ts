/**
 * Defines `__ENGINE_BUILD__`: a digest of the engine's sources (workers/) and the Pyodide version.
 * A Pyodide memory snapshot holds the harness already imported, so a snapshot is only valid for
 * the exact engine that made it; this id names the one shipped with the site
 * (src/build/engine-snapshot.ts) and the ones Node caches on disk (src/runner/node-pool.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { PYODIDE_VERSION } from './pyodide-assets.ts';

const WORKERS_DIR = fileURLToPath(new URL('../../workers/', import.meta.url));

/** `<pyodide version>-<16 hex digits of the workers/ sources>`. */
export function engineBuildId(dir: string = WORKERS_DIR): string {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile());
  for (const name of files.map((entry) => entry.name).sort()) {
    hash.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
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
