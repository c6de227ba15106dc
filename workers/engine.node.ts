/** Node `worker_threads` entry for the engine (CLI, tests, benchmarks): wiring only. */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { loadPyodide } from 'pyodide';
import { createEngine } from './runtime.ts';
import { sealGlobalScope } from './seal-scope.ts';

const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
const harnessSource = `${read('./harness.py')}\n${read('./explain.py')}\n${read('./plus.py')}\n${read('./boot.py')}`;
expose(createEngine({ loadPyodide, harnessSource, sealGlobalScope: () => void sealGlobalScope() }), nodeEndpoint(parentPort!));
