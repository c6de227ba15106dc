/**
 * Keeps the engine's Pyodide memory snapshot in Cache Storage, so every visit after the first boots
 * its workers from it (~0.5 s instead of 1.5–4 s in Chromium, DESIGN.md §8). A snapshot is only
 * valid for the exact engine that made it (it holds the harness already imported, and Pyodide
 * checks its build id), so it is stored under `__ENGINE_BUILD__` and older ones are deleted.
 */
import type { SnapshotStore } from './snapshot-source.ts';

/** Pyodide version plus a digest of workers/ (src/build/engine-build-id.ts). */
declare const __ENGINE_BUILD__: string;

/** Our own cache: Workbox's `cleanupOutdatedCaches` only touches its precache caches. */
export const SNAPSHOT_CACHE_NAME = 'humaneval-engine-snapshot';

export interface SnapshotCacheOptions {
  /** Names the engine build the snapshot belongs to. */
  buildId?: string;
  /** Cache Storage; absent outside a secure context, where no store is returned. */
  caches?: CacheStorage;
  /** Origin for the cache key (Cache Storage keys must be http(s) URLs). */
  origin?: string;
}

/** The cache key for a build's snapshot; never requested over the network. */
export function snapshotKey(origin: string, buildId: string): string {
  return new URL(`/__engine-snapshot/${encodeURIComponent(buildId)}`, origin).href;
}

/** A SnapshotStore over Cache Storage, or undefined where Cache Storage is unavailable. */
export function cacheSnapshotStore(options: SnapshotCacheOptions = {}): Required<SnapshotStore> | undefined {
  const storage = options.caches ?? globalThis.caches;
  if (!storage) return undefined;
  const buildId = options.buildId ?? __ENGINE_BUILD__;
  const key = snapshotKey(options.origin ?? globalThis.location.origin, buildId);
  return {
    async load() {
      const response = await (await storage.open(SNAPSHOT_CACHE_NAME)).match(key);
      // A Blob, not its bytes: the page never holds the snapshot's ~31 MB itself.
      return response ? await response.blob() : undefined;
    },
    async save(snapshot) {
      const cache = await storage.open(SNAPSHOT_CACHE_NAME);
      // One snapshot per origin: an old build's snapshot can never be used again.
      for (const request of await cache.keys()) {
        if (request.url !== key) await cache.delete(request);
      }
      await cache.put(key, new Response(snapshot, { headers: { 'Content-Type': 'application/octet-stream' } }));
    },
  };
}
