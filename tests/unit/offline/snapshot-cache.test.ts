import { describe, expect, it } from 'vitest';
import { cacheSnapshotStore, SNAPSHOT_CACHE_NAME, snapshotKey } from '../../../src/runner/snapshot-cache.ts';

/** Just enough of Cache Storage for the store: string keys, Response values. */
function fakeCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const open = async (name: string) => {
    const entries = stores.get(name) ?? new Map<string, Response>();
    stores.set(name, entries);
    return {
      match: async (key: string) => entries.get(key)?.clone(),
      put: async (key: string, response: Response) => void entries.set(key, response),
      keys: async () => [...entries.keys()].map((url) => new Request(url)),
      delete: async (request: Request) => entries.delete(request.url),
    };
  };
  return { caches: { open } as unknown as CacheStorage, stores };
}

const ORIGIN = 'https://example.org';

describe('cacheSnapshotStore', () => {
  it('is absent where Cache Storage is (insecure contexts)', () => {
    expect(cacheSnapshotStore({ buildId: 'b', origin: ORIGIN, caches: undefined })).toBeUndefined();
  });

  it('round-trips a snapshot for one engine build', async () => {
    const { caches } = fakeCaches();
    const store = cacheSnapshotStore({ buildId: '314.0.7-aaaa', origin: ORIGIN, caches })!;
    expect(await store.load()).toBeUndefined();
    const snapshot = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    await store.save(new Blob([snapshot]));
    expect(new Uint8Array(await (await store.load())!.arrayBuffer())).toEqual(snapshot);
  });

  it("never hands one build's snapshot to another, and keeps only the newest", async () => {
    const { caches, stores } = fakeCaches();
    const old = cacheSnapshotStore({ buildId: '314.0.7-aaaa', origin: ORIGIN, caches })!;
    await old.save(new Blob([new Uint8Array([1, 2, 3])]));
    const next = cacheSnapshotStore({ buildId: '314.0.8-bbbb', origin: ORIGIN, caches })!;
    expect(await next.load()).toBeUndefined();
    await next.save(new Blob([new Uint8Array([4, 5])]));
    expect([...stores.get(SNAPSHOT_CACHE_NAME)!.keys()]).toEqual([snapshotKey(ORIGIN, '314.0.8-bbbb')]);
    expect(await old.load()).toBeUndefined();
  });
});
