/**
 * Serves Pyodide's runtime files from node_modules under `/pyodide/<version>/` in dev, and copies
 * them into `dist/pyodide/<version>/` at build; the preview server serves the copies, so it tests
 * what gets deployed. Never fetched from a CDN (ARCHITECTURE.md, "Hosts"). A custom plugin rather
 * than vite-plugin-static-copy, whose v4 needs Node 22.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { staticFiles } from './static-files.ts';

/** The four files a module worker needs; the npm package ships no wheels and HumanEval needs none. */
export const PYODIDE_FILES = [
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
] as const;

const PYODIDE_DIR = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));

/** The installed Pyodide version, read from its package.json. */
export const PYODIDE_VERSION: string = JSON.parse(
  readFileSync(join(PYODIDE_DIR, 'package.json'), 'utf8'),
).version;

/** Where the runtime lives relative to the app's base URL. */
export const PYODIDE_SUBDIR = `pyodide/${PYODIDE_VERSION}/`;

function isRuntimeFile(name: string): boolean {
  return (PYODIDE_FILES as readonly string[]).includes(name);
}

/** Defines `__PYODIDE_VERSION__`, serves the runtime in dev and preview, and emits it at build. */
export function pyodideAssets(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'humaneval:pyodide-assets',
    config: () => ({ define: { __PYODIDE_VERSION__: JSON.stringify(PYODIDE_VERSION) } }),
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      server.middlewares.use(
        staticFiles({
          prefix: config.base + PYODIDE_SUBDIR,
          resolve: (name) => (isRuntimeFile(name) ? { path: join(PYODIDE_DIR, name) } : undefined),
          headers: config.server.headers,
          cacheControl: 'no-cache',
        }),
      );
    },
    configurePreviewServer(server) {
      const outDir = resolve(config.root, config.build.outDir, PYODIDE_SUBDIR);
      server.middlewares.use(
        staticFiles({
          prefix: config.base + PYODIDE_SUBDIR,
          resolve: (name) => (isRuntimeFile(name) ? { path: join(outDir, name) } : undefined),
          headers: config.preview.headers,
          // The path is versioned, so a new Pyodide is a new URL.
          cacheControl: 'public, max-age=31536000, immutable',
        }),
      );
    },
    generateBundle() {
      for (const name of PYODIDE_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: PYODIDE_SUBDIR + name,
          source: readFileSync(join(PYODIDE_DIR, name)),
        });
      }
    },
  };
}
