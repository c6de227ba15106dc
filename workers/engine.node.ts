/** Node `worker_threads` entry for the engine (CLI, tests, benchmarks): wiring only. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { loadPyodide as LoadPyodide } from 'pyodide';
import type { PythonVersion } from '../src/lib/python-version.ts';
import { createEngine } from './runtime.ts';
import { sealGlobalScope } from './seal-scope.ts';

const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
const harnessSource = `${read('./harness.py')}\n${read('./explain.py')}\n${read('./plus.py')}\n${read('./boot.py')}`;
// Each interpreter's package is imported only by the workers that boot it.
const loaders: Record<PythonVersion, () => Promise<typeof LoadPyodide>> = {
  '3.11': async () => (await import('pyodide-0.25')).loadPyodide as unknown as typeof LoadPyodide,
  '3.14': async () => (await import('pyodide')).loadPyodide,
};
const files = {
  indexURL: fileURLToPath(new URL('../node_modules/pyodide-0.25/', import.meta.url)),
  lockFileURL: fileURLToPath(new URL('./pyodide-0.25-lock.json', import.meta.url)),
};
expose(
  createEngine({
    loadPyodide: (python) => loaders[python](),
    files: (python) => (python === '3.11' ? files : {}),
    harnessSource,
    sealGlobalScope: () => void sealGlobalScope(),
  }),
  nodeEndpoint(parentPort!),
);
