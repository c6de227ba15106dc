/** Engine pool over Node `worker_threads`, for the CLI, the tests and the benchmarks. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { EngineApi } from '../../workers/protocol.ts';
import { createInterruptBuffer, type EngineWorker } from './engine-worker.ts';
import { ENGINE_VERSION } from '../lib/version.ts';
import { EnginePool, type PoolOptions, type SnapshotStore } from './pool.ts';

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
 * Snapshots kept in node_modules/.cache, one per Pyodide build, engine version and harness text, so
 * the CLI and the tests boot their workers from a snapshot on every run but the first.
 */
export function diskSnapshotStore(): SnapshotStore {
  const pyodide = JSON.parse(readFileSync(new URL('../../node_modules/pyodide/package.json', import.meta.url), 'utf8'));
  const hash = createHash('sha256');
  for (const file of ['harness.py', 'explain.py']) hash.update(readFileSync(new URL(`../../workers/${file}`, import.meta.url)));
  const digest = hash.digest('hex').slice(0, 16);
  const dir = new URL('../../node_modules/.cache/humaneval-playground/', import.meta.url);
  const file = new URL(`pyodide-${pyodide.version}-engine-${ENGINE_VERSION}-${digest}.snapshot`, dir);
  return {
    async load() {
      return new Uint8Array(await readFile(file));
    },
    async save(snapshot) {
      await mkdir(dir, { recursive: true });
      const partial = new URL(`${file.pathname.split('/').pop()}.${process.pid}.partial`, dir);
      await writeFile(partial, snapshot);
      await rename(partial, file);
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
    snapshotStore: diskSnapshotStore(),
    ...poolOptions,
  });
}
