/** Engine pool over browser Web Workers, with Pyodide's files served from this site. */
import { wrap, releaseProxy } from 'comlink';
import type { EngineApi } from '../../workers/protocol.ts';
import { createInterruptBuffer, type EngineWorker } from './engine-worker.ts';
import { EnginePool, type PoolOptions } from './pool.ts';
import { SHIPPED_SNAPSHOT_DIR, shippedSnapshotName, shippedSnapshotStore } from './shipped-snapshot.ts';
import { INTERPRETERS } from '../../workers/interpreters.ts';
import type { PythonVersion } from '../lib/python-version.ts';

/** Where each interpreter's Pyodide files are served (src/build/pyodide-assets.ts). */
function pyodideIndexURLs(): Record<PythonVersion, string> {
  const url = (python: PythonVersion) => new URL(`${import.meta.env.BASE_URL}pyodide/${__PYODIDE_VERSIONS__[python]}/`, self.location.origin).href;
  return { '3.11': url('3.11'), '3.14': url('3.14') };
}

/** Start one engine Web Worker (a module worker: Pyodide 314 supports no other kind). */
export function spawnBrowserEngineWorker(): EngineWorker {
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'humaneval-engine',
  });
  const api = wrap<EngineApi>(worker);
  const listeners: ((reason: string) => void)[] = [];
  let exited = false;
  let died: string | undefined;
  const exit = (reason: string) => {
    if (exited) return;
    exited = true;
    died = reason;
    for (const listener of listeners) listener(reason);
  };
  // Without this a worker that fails to load (or dies) would leave its boot or run pending forever.
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    exit(`worker error: ${event.message || 'the engine worker failed to load'}`);
  });
  worker.addEventListener('messageerror', () => exit('worker sent a message that could not be read'));
  return {
    api,
    // SharedArrayBuffer exists only when the page is cross-origin isolated (COOP + COEP).
    interruptBuffer: createInterruptBuffer(),
    indexURLs: pyodideIndexURLs(),
    onExit: (listener) => (died === undefined ? void listeners.push(listener) : listener(died)),
    terminate: () => {
      exited = true;
      api[releaseProxy]();
      worker.terminate();
    },
  };
}

/**
 * A pool of engine Web Workers; `size` defaults to the cores, at most 4 (the page itself does little
 * while Python runs, and every worker holds its own interpreter in memory). Workers boot from the
 * snapshot shipped with the site; without one, the first boots plainly and the pool makes its own.
 */
export function createBrowserPool(options: Partial<PoolOptions> = {}): EnginePool {
  const cores = navigator.hardwareConcurrency || 2;
  return new EnginePool(spawnBrowserEngineWorker, {
    size: Math.min(4, Math.max(1, cores)),
    snapshotStore: shippedSnapshotStore(),
    ...options,
  });
}

/**
 * Ask the service worker to keep `python`'s runtime for offline use (src/sw.ts, KEEP_RUNTIME):
 * the interpreters other than the default are not precached, and the first workers of a visit
 * may have fetched them before the service worker controlled the page.
 */
export async function keepInterpreterOffline(python: PythonVersion): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  const base = pyodideIndexURLs()[python];
  const urls = INTERPRETERS[python].runtimeFiles.map((name) => new URL(name, base).href);
  if (INTERPRETERS[python].snapshots) {
    urls.push(new URL(`${import.meta.env.BASE_URL}${SHIPPED_SNAPSHOT_DIR}${shippedSnapshotName(__ENGINE_BUILD__)}`, location.href).href);
  }
  registration.active?.postMessage({ type: 'KEEP_RUNTIME', urls });
}
