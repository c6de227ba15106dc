/** Browser Web Worker entry for the engine: wiring only. */
import { expose, type Endpoint } from 'comlink';
import { loadPyodide } from 'pyodide';
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
expose(createEngine({ loadPyodide, harnessSource, sealGlobalScope: () => void sealGlobalScope() }), endpoint);
