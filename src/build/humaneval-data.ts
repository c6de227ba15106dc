/**
 * Makes the HumanEval problems file named by the `HUMANEVAL_PATH` environment variable available at
 * `/data/HumanEval.jsonl.gz`: served in dev, emitted into dist/ at build (dist/ is gitignored; the
 * dataset is never committed) and served from there by the preview server. Without the variable,
 * `__HUMANEVAL_BUNDLED__` is false and the page asks the user to import a problems file instead.
 * `HUMANEVALPLUS_PATH` does the same for HumanEval+ (`/data/HumanEvalPlus.jsonl.gz`,
 * `__HUMANEVALPLUS_BUNDLED__`); without it the page offers the download or an import.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';
import { type Source, staticFiles } from './static-files.ts';

/** Path of the bundled problems file, relative to the app's base URL. */
export const DATASET_FILE = 'data/HumanEval.jsonl.gz';
/** Path of the bundled HumanEval+ file, relative to the app's base URL. */
export const PLUS_DATASET_FILE = 'data/HumanEvalPlus.jsonl.gz';
const DATA_DIR = 'data/';
const DATA_NAME = 'HumanEval.jsonl.gz';
const PLUS_DATA_NAME = 'HumanEvalPlus.jsonl.gz';

/** The file's bytes, gzipped if it was plain JSONL, so the URL's name never lies. */
function readGzipped(path: string): Uint8Array {
  const bytes = readFileSync(path);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes : gzipSync(bytes);
}

/**
 * `datasetPath` is `HUMANEVAL_PATH` and `plusDatasetPath` `HUMANEVALPLUS_PATH`, resolved against the
 * current directory; undefined when unset.
 */
export function humanevalData(
  datasetPath: string | undefined = process.env.HUMANEVAL_PATH,
  plusDatasetPath: string | undefined = process.env.HUMANEVALPLUS_PATH,
): Plugin {
  const path = datasetPath ? resolve(process.cwd(), datasetPath) : undefined;
  const plusPath = plusDatasetPath ? resolve(process.cwd(), plusDatasetPath) : undefined;
  const pathOf = (name: string) => (name === DATA_NAME ? path : name === PLUS_DATA_NAME ? plusPath : undefined);
  let config: ResolvedConfig;
  const serve = (headers: ResolvedConfig['server']['headers'], source: (name: string) => Source | undefined) =>
    staticFiles({
      prefix: config.base + DATA_DIR,
      resolve: (name) => source(name),
      headers,
      cacheControl: 'no-cache',
    });
  return {
    name: 'humaneval:data',
    config: () => ({
      define: {
        __HUMANEVAL_BUNDLED__: JSON.stringify(path !== undefined),
        __HUMANEVALPLUS_BUNDLED__: JSON.stringify(plusPath !== undefined),
      },
    }),
    configResolved(resolved) {
      config = resolved;
      if (path && !existsSync(path)) {
        throw new Error(`HUMANEVAL_PATH points at ${path}, which does not exist`);
      }
      if (plusPath && !existsSync(plusPath)) {
        throw new Error(`HUMANEVALPLUS_PATH points at ${plusPath}, which does not exist`);
      }
    },
    configureServer(server) {
      server.middlewares.use(
        serve(config.server.headers, (name) => {
          const file = pathOf(name);
          return file ? { bytes: () => readGzipped(file) } : undefined;
        }),
      );
    },
    configurePreviewServer(server) {
      const built = (name: string) => resolve(config.root, config.build.outDir, DATA_DIR + name);
      server.middlewares.use(
        serve(config.preview.headers, (name) =>
          (name === DATA_NAME || name === PLUS_DATA_NAME) && existsSync(built(name)) ? { path: built(name) } : undefined,
        ),
      );
    },
    generateBundle() {
      if (path) this.emitFile({ type: 'asset', fileName: DATASET_FILE, source: readGzipped(path) });
      if (plusPath) this.emitFile({ type: 'asset', fileName: PLUS_DATASET_FILE, source: readGzipped(plusPath) });
    },
  };
}
