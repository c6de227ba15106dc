/**
 * Ships the engine's Pyodide memory snapshot with the site, so that even a first visit boots its
 * first worker from a snapshot (a fraction of a plain boot; ARCHITECTURE.md, "Memory snapshots")
 * instead of initialising Python from scratch. The snapshot is made in Node by the engine's own code
 * (src/runner/node-pool.ts `nodeSnapshot`: the worker's `makeSnapshot`), cached under
 * node_modules/.cache per engine build so rebuilds only copy it, gzipped (31 MB → ~6 MB) and
 * emitted as `engine/<engine build id>.snapshot.gz` (src/runner/shipped-snapshot.ts reads it). The
 * dev server serves the same file once it is ready. Making one needs no network.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';
import { diskSnapshotStore, nodeSnapshot, writeCacheFile } from '../runner/node-pool.ts';
import { SHIPPED_SNAPSHOT_DIR, shippedSnapshotName } from '../runner/shipped-snapshot.ts';
import { engineBuildId } from './engine-build-id.ts';
import { staticFiles } from './static-files.ts';

const gzipAsync = promisify(gzip);

/** Path of the gzipped snapshot for `buildId` in the disk cache, made (and cached) first if missing. */
export async function gzippedSnapshotFile(buildId: string = engineBuildId()): Promise<string> {
  const store = diskSnapshotStore(buildId);
  const file = new URL(`${store.file.href}.gz`);
  if (!existsSync(file)) {
    const snapshot = await nodeSnapshot(store);
    await writeCacheFile(file, await gzipAsync(new Uint8Array(await snapshot.arrayBuffer())));
  }
  return fileURLToPath(file);
}

/** Emits the snapshot at build, and serves it in dev; a build that cannot make one ships without it. */
export function engineSnapshot(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'humaneval:engine-snapshot',
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      const buildId = engineBuildId();
      const name = shippedSnapshotName(buildId);
      // Made in the background: until it is ready the page boots plainly and makes its own.
      let ready: string | undefined;
      gzippedSnapshotFile(buildId).then(
        (file) => (ready = file),
        (error) => config.logger.warn(`engine snapshot not available in dev: ${error}`),
      );
      server.middlewares.use(
        staticFiles({
          prefix: config.base + SHIPPED_SNAPSHOT_DIR,
          // Only while workers/ is what the page's `__ENGINE_BUILD__` was computed from.
          resolve: (file) => (file === name && ready && engineBuildId() === buildId ? { path: ready } : undefined),
          headers: config.server.headers,
          cacheControl: 'no-cache',
        }),
      );
    },
    async generateBundle() {
      const buildId = engineBuildId();
      try {
        const source = await readFile(await gzippedSnapshotFile(buildId));
        this.emitFile({ type: 'asset', fileName: SHIPPED_SNAPSHOT_DIR + shippedSnapshotName(buildId), source });
      } catch (error) {
        this.warn(`no engine snapshot shipped (${error}): every visit's first worker will boot plainly`);
      }
    },
  };
}
