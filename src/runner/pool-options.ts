/** The pool's options, its statistics and what callers pass or catch; see pool.ts. */
import type { SnapshotStore } from './snapshot-source.ts';
import { DEFAULT_PYTHON, type PythonVersion } from '../lib/python-version.ts';

export type SlotState = 'booting' | 'idle' | 'busy' | 'spare';

export interface PoolOptions {
  /** The interpreter every worker of this pool boots (a pool never mixes two). */
  python: PythonVersion;
  /** Workers running samples at once. */
  size: number;
  /** Default wall-clock limit per sample (the reference's 3.0 s). */
  timeoutMs: number;
  /** After the limit, how long a sample may still run before the worker is killed (reference: 1 s). */
  graceMs: number;
  /** Deadline for one worker's boot; a boot that misses it is killed and retried once. */
  bootTimeoutMs: number;
  /** Replace a worker after this many samples (hygiene against slow leaks). */
  maxRunsPerWorker: number;
  /** Replace a worker whose wasm heap grew beyond this (wasm memory never shrinks). */
  maxHeapBytes: number;
  /** Keep one booted worker in reserve so a replacement costs a swap, not a boot. */
  spare: boolean;
  /**
   * Samples handed to one worker at a time. With 2, the next sample already waits inside the
   * worker when the current one ends, so the worker never idles while the page is busy.
   */
  pipeline: number;
  /** Cap on captured stdout and on captured stderr, in characters. */
  outputCap: number;
  /**
   * Boot workers from a Pyodide memory snapshot (read from `snapshotStore`, or made once per pool):
   * a fraction of a plain boot, which makes replacing a worker cheap. Falls back to plain boots.
   * Ignored for an interpreter whose Pyodide makes no snapshots (3.11: workers/interpreters.ts).
   */
  snapshots: boolean;
  /** Where a snapshot outlives the pool (a disk cache in Node, the file shipped with the site in a browser). */
  snapshotStore?: SnapshotStore;
}

export const DEFAULT_POOL_OPTIONS: PoolOptions = {
  python: DEFAULT_PYTHON,
  size: 1,
  timeoutMs: 3000,
  graceMs: 1000,
  bootTimeoutMs: 45_000,
  maxRunsPerWorker: 2000,
  maxHeapBytes: 512 * 1024 * 1024,
  spare: true,
  pipeline: 2,
  outputCap: 64 * 1024,
  snapshots: true,
};

export interface PoolStats {
  boots: number;
  bootFailures: number;
  /** Samples stopped in place through the interrupt buffer. */
  interrupts: number;
  /** Workers terminated because a sample outlived its limit + grace. */
  kills: number;
  /** Workers that died while running a sample. */
  crashes: number;
  /** Workers replaced for hygiene (heap, run count, unrestorable state). */
  recycles: number;
  /** Workers that stopped on their own while running nothing (idle or the spare): replaced, no sample hurt. */
  lost: number;
  /** Why the last worker that stopped on its own (running a sample or not) did, as its host said. */
  lastLoss?: string;
  samples: number;
  /** Boots under way (replacements and the spare included). */
  booting: number;
  /** Time from pool creation until the memory snapshot was made (0 if none was made or one was stored). */
  snapshotMs: number;
  workers: { id: number; state: SlotState; runs: number; heapBytes: number; bootMs: number; fromSnapshot: boolean }[];
}

export interface EvaluateOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Thrown for samples dropped by cancellation before they started. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
