/**
 * Booting engine workers for the pool: one boot at a time (several at once failed in Chromium),
 * each with a deadline and one plain retry, from a memory snapshot when there is one.
 */
import type { BootInfo, Snapshot } from '../../workers/protocol.ts';
import type { EngineWorker, SpawnEngineWorker } from './engine-worker.ts';
import type { PoolOptions } from './pool-options.ts';
import { SnapshotSource } from './snapshot-source.ts';
import { withDeadline } from './worker-call.ts';
import { INTERPRETERS } from '../../workers/interpreters.ts';

/** A worker that has booted, with what it said and the flag it shares with the pool. */
export interface BootedWorker {
  worker: EngineWorker;
  info: BootInfo;
  /** Shared with the worker only (never with Pyodide): 1 while it tears down after a verdict. */
  phase?: Int32Array;
}

/** The counters the pool reports that boots change. */
export interface BootStats {
  boots: number;
  bootFailures: number;
  snapshotMs: number;
}

export class WorkerBooter {
  /** Boots under way, and those of them that will run samples (not the spare). */
  booting = 0;
  bootingActive = 0;
  /** Why the last boot that gave up did. */
  error: Error | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #snapshots: SnapshotSource | undefined;
  #created = performance.now();

  constructor(
    private readonly spawn: SpawnEngineWorker,
    private readonly options: PoolOptions,
    private readonly stats: BootStats,
    private readonly closed: () => boolean,
  ) {
    if (options.snapshots && INTERPRETERS[options.python].snapshots) this.#snapshots = new SnapshotSource(options.snapshotStore, () => this.#makeSnapshot());
  }

  /** Boot one worker after those already asked for. */
  boot(role: 'active' | 'spare'): Promise<BootedWorker> {
    this.booting++;
    if (role === 'active') this.bootingActive++;
    const boot = this.#chain.then(() => this.#bootWithRetry());
    this.#chain = boot.catch(() => {});
    void boot
      .finally(() => {
        this.booting--;
        if (role === 'active') this.bootingActive--;
      })
      .catch(() => {});
    return boot;
  }

  async #bootWithRetry(): Promise<BootedWorker> {
    const snapshot = await this.#snapshots?.forBoot(this.stats.boots > 0);
    try {
      return await this.#bootOnce(snapshot);
    } catch {
      this.stats.bootFailures++;
      // The retry is plain, and a snapshot that failed to boot is not handed out again.
      if (snapshot) this.#snapshots?.reject(snapshot);
      try {
        return await this.#bootOnce(undefined);
      } catch (second) {
        this.stats.bootFailures++;
        const reason = second instanceof Error ? second.message : String(second);
        this.error = new Error(`the Python engine could not start: ${reason}`);
        throw this.error;
      }
    }
  }

  async #makeSnapshot(): Promise<Blob | undefined> {
    const worker = this.spawn();
    try {
      const snapshot = await withDeadline(worker, worker.api.makeSnapshot({ python: this.options.python, indexURL: worker.indexURLs?.[this.options.python] }), this.options.bootTimeoutMs);
      if (snapshot === 'timeout') return undefined;
      this.stats.snapshotMs = Math.round(performance.now() - this.#created);
      return snapshot;
    } catch {
      return undefined;
    } finally {
      // The snapshot maker's JS globals are proxied for the snapshot: it never runs samples.
      worker.terminate();
    }
  }

  async #bootOnce(snapshot: Snapshot | undefined): Promise<BootedWorker> {
    if (this.closed()) throw new Error('pool is closed');
    const worker = this.spawn();
    const phase = worker.interruptBuffer ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    try {
      // loadPyodide can hang forever when wasm instantiation fails: the deadline is not optional.
      const boot = worker.api.boot({
        python: this.options.python,
        indexURL: worker.indexURLs?.[this.options.python],
        interruptBuffer: worker.interruptBuffer,
        phaseBuffer: phase,
        maxHeapBytes: this.options.maxHeapBytes,
        outputCap: this.options.outputCap,
        snapshot,
      });
      const info = await withDeadline(worker, boot, this.options.bootTimeoutMs);
      if (info === 'timeout') throw new Error(`boot took longer than ${this.options.bootTimeoutMs} ms`);
      this.stats.boots++;
      return { worker, info, phase };
    } catch (error) {
      worker.terminate();
      throw error;
    }
  }
}
