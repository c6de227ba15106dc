import type { Snapshot } from '../../workers/protocol.ts';

/**
 * Which Pyodide memory snapshot the pool boots its next worker from: the store's (the one shipped
 * with the site, or Node's disk cache), else one the pool makes itself once its first worker has
 * booted plainly, else none. A snapshot whose boot failed is never handed out again.
 */

/** Keeps a memory snapshot between pools; keyed by the caller (Pyodide version, engine build). */
export interface SnapshotStore {
  /** The snapshot (a Blob, or a URL the worker downloads), or undefined if there is none. */
  load(): Promise<Snapshot | undefined>;
  /** Keep a snapshot the pool made; absent where the store is read-only (a file shipped with the site). */
  save?(snapshot: Blob): Promise<void>;
}

export class SnapshotSource {
  #store: SnapshotStore | undefined;
  #make: () => Promise<Blob | undefined>;
  /** Started at once: a browser's download of the shipped snapshot overlaps the page's start. */
  #stored: Promise<Snapshot | undefined> | undefined;
  /** undefined: not decided yet; null: none, boots are plain from now on. */
  #current: Snapshot | null | undefined;
  #made = false;

  /** `make` boots a worker of its own and returns its snapshot, or undefined if that failed. */
  constructor(store: SnapshotStore | undefined, make: () => Promise<Blob | undefined>) {
    this.#store = store;
    this.#make = make;
    this.#stored = store?.load().catch(() => undefined);
  }

  /** The snapshot for the next boot, or undefined for a plain boot; `booted`: some worker already has. */
  async forBoot(booted: boolean): Promise<Snapshot | undefined> {
    if (this.#current !== undefined) return this.#current ?? undefined;
    if (this.#stored) {
      const stored = await this.#stored;
      this.#stored = undefined;
      if (stored) return (this.#current = stored);
    }
    // Nothing stored: the first worker boots plainly so the first verdict does not wait for a
    // snapshot; the snapshot is made before the second boot.
    if (!booted) return undefined;
    const made = await this.#make();
    this.#made = true;
    this.#current = made ?? null;
    if (made) await this.#store?.save?.(made).catch(() => {});
    return made;
  }

  /**
   * A boot from `snapshot` failed. The store's snapshot (from another build, or damaged) gives way
   * to one the pool makes; if the pool's own fails too, the rest of the boots are plain.
   */
  reject(snapshot: Snapshot): void {
    if (this.#current === snapshot) this.#current = this.#made ? null : undefined;
  }
}
