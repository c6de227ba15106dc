/**
 * The engine's Pyodide memory snapshot shipped with the site (made at build time by
 * src/build/engine-snapshot.ts), as a read-only SnapshotStore: a visit's first worker boots from it
 * instead of initialising Python from scratch. Its name carries the engine build id, because a
 * snapshot is only valid for the exact engine that made it (Pyodide checks its build id; the
 * harness's imports are in it).
 */
import type { SnapshotStore } from './snapshot-source.ts';

/** The directory, under the site's base URL, that holds the snapshot. */
export const SHIPPED_SNAPSHOT_DIR = 'engine/';

/** The file name of engine build `buildId`'s snapshot in that directory. */
export function shippedSnapshotName(buildId: string): string {
  return `${buildId}.snapshot.gz`;
}

/**
 * The snapshot's absolute URL, not its bytes: each worker downloads it itself, alongside Pyodide's
 * own files (from the service worker's cache after the first visit), so the page's main thread
 * never waits for it or holds it. A missing file fails that boot, and the pool carries on plainly.
 */
export function shippedSnapshotStore(
  url: string = new URL(`${import.meta.env.BASE_URL}${SHIPPED_SNAPSHOT_DIR}${shippedSnapshotName(__ENGINE_BUILD__)}`, location.href).href,
): SnapshotStore {
  return { load: async () => url };
}
