/**
 * Serves each interpreter's Pyodide runtime files from node_modules under `/pyodide/<version>/` in
 * dev, and copies them into `dist/pyodide/<version>/` at build; the preview server serves the
 * copies, so it tests what gets deployed. Never fetched from a CDN (ARCHITECTURE.md, "Hosts"). A
 * custom plugin rather than vite-plugin-static-copy, whose v4 needs Node 22. Two interpreters
 * (issue 12): CPython 3.11 from `pyodide-0.25` (an npm alias of pyodide@0.25.1) and CPython 3.14
 * from `pyodide` (314).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { PYODIDE_PACKAGES, PYTHON_VERSIONS, type PythonVersion } from '../lib/python-version.ts';
import { staticFiles } from './static-files.ts';

/** One interpreter's runtime as the site serves it. */
export interface PyodideRuntime {
  python: PythonVersion;
  version: string;
  /** Where the runtime lives relative to the app's base URL. */
  subdir: string;
  /** The files a module worker needs (the npm packages ship no wheels and HumanEval needs none), and where each comes from. */
  files: Readonly<Record<string, string>>;
}

const require = createRequire(import.meta.url);

/** Pyodide 0.25 reads its lock file from a URL: the site serves an empty one (workers/interpreters.ts). */
const EMPTY_LOCK_0_25 = new URL('../../workers/pyodide-0.25-lock.json', import.meta.url).pathname;

function runtime(python: PythonVersion): PyodideRuntime {
  const dir = dirname(require.resolve(`${PYODIDE_PACKAGES[python]}/package.json`));
  const version: string = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const files: Record<string, string> =
    python === '3.11'
      ? {
          'pyodide.asm.js': join(dir, 'pyodide.asm.js'),
          'pyodide.asm.wasm': join(dir, 'pyodide.asm.wasm'),
          'python_stdlib.zip': join(dir, 'python_stdlib.zip'),
          'pyodide-lock.json': EMPTY_LOCK_0_25,
        }
      : Object.fromEntries(['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'].map((name) => [name, join(dir, name)]));
  return { python, version, subdir: `pyodide/${version}/`, files };
}

export const PYODIDE_RUNTIMES: Readonly<Record<PythonVersion, PyodideRuntime>> = Object.fromEntries(
  PYTHON_VERSIONS.map((python) => [python, runtime(python)]),
) as Record<PythonVersion, PyodideRuntime>;

/** The installed Pyodide version of each interpreter, read from its package.json. */
export const PYODIDE_VERSIONS: Readonly<Record<PythonVersion, string>> = Object.fromEntries(
  PYTHON_VERSIONS.map((python) => [python, PYODIDE_RUNTIMES[python].version]),
) as Record<PythonVersion, string>;

/** Pyodide 314's version (the one whose memory snapshot the site ships). */
export const PYODIDE_VERSION: string = PYODIDE_VERSIONS['3.14'];

/** Where the 3.14 runtime lives relative to the app's base URL. */
export const PYODIDE_SUBDIR = PYODIDE_RUNTIMES['3.14'].subdir;

/** What Pyodide 0.25's loader imports by bare name on its Node path only (a browser never runs those imports). */
export const PYODIDE_025_NODE_IMPORTS = ['node-fetch', 'child_process', 'crypto', 'fs', 'fs/promises', 'path', 'url', 'vm', 'ws'];

/** Defines `__PYODIDE_VERSIONS__`, serves the runtimes in dev and preview, and emits them at build. */
export function pyodideAssets(): Plugin {
  let config: ResolvedConfig;
  const runtimes = Object.values(PYODIDE_RUNTIMES);
  return {
    name: 'humaneval:pyodide-assets',
    config: () => ({ define: { __PYODIDE_VERSIONS__: JSON.stringify(PYODIDE_VERSIONS) } }),
    // The dev server resolves every import of a module it serves; these stay as they are.
    resolveId(source, importer) {
      if (importer?.includes('/pyodide-0.25/') && PYODIDE_025_NODE_IMPORTS.includes(source)) return { id: source, external: true };
      return undefined;
    },
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      for (const { subdir, files } of runtimes) {
        server.middlewares.use(
          staticFiles({
            prefix: config.base + subdir,
            resolve: (name) => (Object.hasOwn(files, name) ? { path: files[name] } : undefined),
            headers: config.server.headers,
            cacheControl: 'no-cache',
          }),
        );
      }
    },
    configurePreviewServer(server) {
      for (const { subdir, files } of runtimes) {
        const outDir = resolve(config.root, config.build.outDir, subdir);
        server.middlewares.use(
          staticFiles({
            prefix: config.base + subdir,
            resolve: (name) => (Object.hasOwn(files, name) ? { path: join(outDir, name) } : undefined),
            headers: config.preview.headers,
            // The path is versioned, so a new Pyodide is a new URL.
            cacheControl: 'public, max-age=31536000, immutable',
          }),
        );
      }
    },
    generateBundle() {
      for (const { subdir, files } of runtimes) {
        for (const [name, path] of Object.entries(files)) {
          this.emitFile({ type: 'asset', fileName: subdir + name, source: readFileSync(path) });
        }
      }
    },
  };
}
