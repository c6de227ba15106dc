/** Browser Web Worker entry for the engine: wiring only. */
import { expose, type Endpoint } from 'comlink';
import type { loadPyodide as LoadPyodide } from 'pyodide';
import type { PythonVersion } from '../src/lib/python-version.ts';
import bootSource from './boot.py?raw';
import explainSource from './explain.py?raw';
import harness from './harness.py?raw';
import plusSource from './plus.py?raw';
import { createEngine } from './runtime.ts';
import { sealGlobalScope } from './seal-scope.ts';

// Comlink talks through functions bound now, before sealGlobalScope removes them from the scope
// (postMessage and the EventTarget methods are not on its allowlist).
const scope = self as unknown as Endpoint;
const endpoint: Endpoint = {
  postMessage: scope.postMessage.bind(scope),
  addEventListener: scope.addEventListener.bind(scope),
  removeEventListener: scope.removeEventListener.bind(scope),
};
const harnessSource = `${harness}\n${explainSource}\n${plusSource}\n${bootSource}`;
// Each interpreter's loader is its own chunk, fetched only by the workers that boot it.
const loaders: Record<PythonVersion, () => Promise<typeof LoadPyodide>> = {
  '3.11': async () => (await import('pyodide-0.25')).loadPyodide as unknown as typeof LoadPyodide,
  '3.14': async () => (await import('pyodide')).loadPyodide,
};
expose(createEngine({ loadPyodide: (python) => loaders[python](), harnessSource, sealGlobalScope: () => void sealGlobalScope() }), endpoint);
