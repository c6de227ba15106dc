/** What the pool needs from one engine worker, whichever host (Web Worker or worker_threads) made it. */
import type { Remote } from 'comlink';
import type { EngineApi } from '../../workers/protocol.ts';
import type { PythonVersion } from '../lib/python-version.ts';

export interface EngineWorker {
  api: Remote<EngineApi>;
  /** Shared Int32Array[2] handed to the worker at boot; absent when SharedArrayBuffer is not available. */
  interruptBuffer?: Int32Array;
  /** Where the worker finds each interpreter's Pyodide files (browser only). */
  indexURLs?: Readonly<Record<PythonVersion, string>>;
  /**
   * Called once if the worker dies on its own (uncaught error, exit, failed to load); at once for a
   * listener added after that (the pool spawns its first worker before it listens).
   */
  onExit(listener: (reason: string) => void): void;
  terminate(): void;
}

/** Creates a fresh engine worker. */
export type SpawnEngineWorker = () => EngineWorker;

/** A shared interrupt buffer, or undefined where SharedArrayBuffer is unavailable (not cross-origin isolated). */
export function createInterruptBuffer(): Int32Array | undefined {
  if (typeof SharedArrayBuffer === 'undefined') return undefined;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) return undefined;
  return new Int32Array(new SharedArrayBuffer(8));
}
