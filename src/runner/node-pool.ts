/** Engine pool over Node `worker_threads`, for the CLI, the tests and the benchmarks. */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { EngineApi } from '../../workers/protocol.ts';
import { engineBuildId } from '../build/engine-build-id.ts';
import { createInterruptBuffer, type EngineWorker } from './engine-worker.ts';
import { EnginePool, type PoolOptions } from './pool.ts';
import type { SnapshotStore } from './snapshot-source.ts';
import { withDeadline } from './worker-call.ts';

const ENTRY = new URL('../../workers/engine.node-boot.mjs', import.meta.url);

// Node 20's V8 (11.3) aborted the CLI in two full test runs here ("Fatal error: unreachable code"
// in Deoptimizer::DoComputeBuiltinContinuation) while its workers computed HumanEval+ expected
// outputs; it never happened in 9 runs of the CLI alone. That deoptimizer step rebuilds frames of
// optimized code, among them calls from JavaScript into wasm, and Pyodide 0.25 calls wasm inside
// try/catch in every `invoke_*` wrapper (its C longjmp). The V8 regression tests found for such
// deopts run with `--turbo-inline-js-wasm-calls`, so that inlining is off, for this process and
// the worker threads it starts. `npm run bench:engine` measured no loss (3 alternating rounds,
// median 230 against 197 canonical samples/s).
setFlagsFromString('--no-turbo-inline-js-wasm-calls');

/** Start one engine worker thread; without `interruptible`, timeouts can only kill it (as in a non-isolated page). */
export function spawnNodeEngineWorker(interruptible = true): EngineWorker {
  const worker = new Worker(ENTRY, {
    // A bigger stack lets recursion through C frames reach Python's RecursionError before V8's
    // stack overflows and kills the interpreter (see ARCHITECTURE.md, "Known differences from CPython").
    resourceLimits: { stackSizeMb: 8 },
    stdout: true,
    stderr: true,
  });
  // Pyodide's own messages (and anything a sealed worker still prints) are not ours to show.
  worker.stdout.resume();
  worker.stderr.resume();
  const listeners: ((reason: string) => void)[] = [];
  let exited = false;
  let died: string | undefined;
  const exit = (reason: string) => {
    if (exited) return;
    exited = true;
    died = reason;
    for (const listener of listeners) listener(reason);
  };
  worker.on('error', (error) => exit(`worker error: ${error instanceof Error ? error.message : String(error)}`));
  worker.on('exit', (code) => exit(`worker exited with code ${code}`));
  return {
    api: wrap<EngineApi>(nodeEndpoint(worker)),
    interruptBuffer: interruptible ? createInterruptBuffer() : undefined,
    onExit: (listener) => (died === undefined ? void listeners.push(listener) : listener(died)),
    terminate: () => {
      exited = true;
      void worker.terminate();
    },
  };
}

/** Where Node keeps the engine's snapshots between runs (never committed, never shipped as is). */
export const SNAPSHOT_CACHE_DIR = new URL('../../node_modules/.cache/humaneval-playground/', import.meta.url);

/** Write a file whole or not at all: a build and a test run may race for the same cache entry. */
export async function writeCacheFile(file: URL, bytes: Uint8Array): Promise<void> {
  await mkdir(new URL('./', file), { recursive: true });
  const partial = new URL(`${file.href}.${process.pid}.partial`);
  await writeFile(partial, bytes);
  await rename(partial, file);
}

/** A snapshot store on disk; it always holds the snapshot's bytes, never a URL. */
export interface DiskSnapshotStore extends SnapshotStore {
  file: URL;
  load(): Promise<Blob>;
  save(snapshot: Blob): Promise<void>;
}

/** Delete the cached snapshots of every other engine build: each takes ~37 MB, and every edit to workers/ makes one. */
async function pruneSnapshotCache(keep: string): Promise<void> {
  const names = await readdir(SNAPSHOT_CACHE_DIR).catch(() => []);
  const stale = names.filter((name) => /\.snapshot(\.gz)?$/.test(name) && !name.startsWith(keep));
  await Promise.all(stale.map((name) => rm(new URL(name, SNAPSHOT_CACHE_DIR), { force: true })));
}

/**
 * Snapshots kept in node_modules/.cache, one per engine build (Pyodide version and every file in
 * workers/, src/build/engine-build-id.ts), so the CLI, the tests and `vite build` boot or ship a
 * snapshot on every run but the first.
 */
export function diskSnapshotStore(buildId: string = engineBuildId()): DiskSnapshotStore {
  const name = `engine-${buildId}.snapshot`;
  const file = new URL(name, SNAPSHOT_CACHE_DIR);
  return {
    file,
    async load() {
      return new Blob([await readFile(file)]);
    },
    async save(snapshot) {
      await writeCacheFile(file, new Uint8Array(await snapshot.arrayBuffer()));
      await pruneSnapshotCache(name);
    },
  };
}

/** How long making a snapshot outside a pool may take (a build must never hang on it). */
const MAKE_SNAPSHOT_TIMEOUT_MS = 120_000;

/** The engine's snapshot (3.14: the only interpreter whose Pyodide makes them) from the disk cache, made in a worker thread (and cached) if missing. */
export async function nodeSnapshot(store: DiskSnapshotStore = diskSnapshotStore()): Promise<Blob> {
  const cached = await store.load().catch(() => undefined);
  if (cached) return cached;
  const worker = spawnNodeEngineWorker(false);
  try {
    const snapshot = await withDeadline(worker, worker.api.makeSnapshot({ python: '3.14' }), MAKE_SNAPSHOT_TIMEOUT_MS);
    if (snapshot === 'timeout') throw new Error(`no snapshot after ${MAKE_SNAPSHOT_TIMEOUT_MS} ms`);
    await store.save(snapshot);
    return snapshot;
  } finally {
    worker.terminate();
  }
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
