/** Engine pool over Node `worker_threads`, for the CLI, the tests and the benchmarks. */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { EngineApi } from '../../workers/protocol.ts';
import { createInterruptBuffer, type EngineWorker } from './engine-worker.ts';
import { EnginePool, type PoolOptions } from './pool.ts';

const ENTRY = new URL('../../workers/engine.node-boot.mjs', import.meta.url);

/** Start one engine worker thread; without `interruptible`, timeouts can only kill it (as in a non-isolated page). */
export function spawnNodeEngineWorker(interruptible = true): EngineWorker {
  const worker = new Worker(ENTRY, {
    // A bigger stack lets recursion through C frames reach Python's RecursionError before V8's
    // stack overflows and kills the interpreter (see DESIGN.md section 8).
    resourceLimits: { stackSizeMb: 8 },
    stdout: true,
    stderr: true,
  });
  // Pyodide's own messages (and anything a sealed worker still prints) are not ours to show.
  worker.stdout.resume();
  worker.stderr.resume();
  const listeners: ((reason: string) => void)[] = [];
  let exited = false;
  const exit = (reason: string) => {
    if (exited) return;
    exited = true;
    for (const listener of listeners) listener(reason);
  };
  worker.on('error', (error) => exit(`worker error: ${error instanceof Error ? error.message : String(error)}`));
  worker.on('exit', (code) => exit(`worker exited with code ${code}`));
  return {
    api: wrap<EngineApi>(nodeEndpoint(worker)),
    interruptBuffer: interruptible ? createInterruptBuffer() : undefined,
    onExit: (listener) => void listeners.push(listener),
    terminate: () => {
      exited = true;
      void worker.terminate();
    },
  };
}

/**
 * A pool of Node engine workers; `size` defaults to the machine's cores. `interruptible: false`
 * gives workers no interrupt buffer, the way a page without cross-origin isolation runs them.
 */
export function createNodePool(options: Partial<PoolOptions> & { interruptible?: boolean } = {}): EnginePool {
  const { interruptible = true, ...poolOptions } = options;
  return new EnginePool(() => spawnNodeEngineWorker(interruptible), {
    size: Math.max(1, availableParallelism()),
    ...poolOptions,
  });
}
