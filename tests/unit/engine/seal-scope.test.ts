/**
 * The allowlist in workers/seal-scope.ts, on a scope shaped like Chromium's dedicated worker (the
 * real one is enumerated in tests/e2e/scope.e2e.ts): what is not listed goes, wherever on the chain
 * it sits, including the names the old denylist missed (issue 10).
 */
import { describe, expect, it } from 'vitest';
import { GLOBAL_ALLOWLIST, NAVIGATOR_ALLOWLIST, pruneToAllowlist, survivingNames } from '../../../workers/seal-scope.ts';

const noop = () => {};

/** EventTarget.prototype → WorkerGlobalScope.prototype → DedicatedWorkerGlobalScope.prototype → scope. */
function workerLikeScope() {
  const eventTarget = Object.create(Object.prototype, {
    addEventListener: { value: noop, configurable: true, writable: true },
    dispatchEvent: { value: noop, configurable: true, writable: true },
  });
  const navigatorProto = Object.create(Object.prototype, {
    userAgent: { get: () => 'test', configurable: true },
    storage: { get: () => ({ getDirectory: noop }), configurable: true },
    storageBuckets: { get: () => ({ open: noop }), configurable: true },
    locks: { get: () => ({}), configurable: true },
    gpu: { get: () => ({}), configurable: true },
  });
  const navigator = Object.create(navigatorProto);
  const workerGlobal = Object.create(eventTarget, {
    fetch: { value: noop, configurable: true, writable: true },
    indexedDB: { get: () => ({ open: noop }), configurable: true },
    importScripts: { value: noop, configurable: true, writable: true },
    setTimeout: { value: noop, configurable: true, writable: true },
    performance: { get: () => ({ now: () => 0 }), configurable: true },
    navigator: { get: () => navigator, configurable: true },
  });
  const dedicated = Object.create(workerGlobal, {
    postMessage: { value: noop, configurable: true, writable: true },
    webkitRequestFileSystemSync: { value: noop, configurable: true, writable: true },
    webkitResolveLocalFileSystemSyncURL: { value: noop, configurable: true, writable: true },
    TEMPORARY: { value: 0, configurable: false, writable: false },
  });
  return Object.create(dedicated, {
    Object: { value: Object, configurable: true, writable: true },
    WebAssembly: { value: WebAssembly, configurable: true, writable: true },
    BroadcastChannel: { value: noop, configurable: true, writable: true },
    Worker: { value: noop, configurable: true, writable: true },
    FileSystemSyncAccessHandle: { value: noop, configurable: true, writable: true },
    StorageBucketManager: { value: noop, configurable: true, writable: true },
    GPU: { value: noop, configurable: true, writable: true },
    undefined: { value: undefined, configurable: false, writable: false },
  });
}

describe('seal-scope allowlist', () => {
  it('deletes everything not listed, on the scope, its prototypes and navigator', () => {
    const scope = workerLikeScope();
    pruneToAllowlist(scope);
    expect(survivingNames(scope)).toEqual([
      'global:Object',
      'global:TEMPORARY',
      'global:WebAssembly',
      'global:navigator',
      'global:performance',
      'global:setTimeout',
      'global:undefined',
      'navigator:userAgent',
    ]);
    const record = scope as Record<string, unknown>;
    for (const name of ['webkitRequestFileSystemSync', 'webkitResolveLocalFileSystemSyncURL', 'postMessage', 'fetch', 'indexedDB', 'importScripts', 'addEventListener', 'Worker', 'BroadcastChannel']) {
      expect(record[name], name).toBeUndefined();
    }
    const navigator = record.navigator as Record<string, unknown>;
    for (const name of ['storage', 'storageBuckets', 'locks', 'gpu']) expect(navigator[name], name).toBeUndefined();
  });

  it('pins a name it cannot delete to undefined, and survivingNames no longer counts it', () => {
    const scope = Object.create(Object.prototype, { caches: { value: {}, configurable: false, writable: true } });
    pruneToAllowlist(scope);
    expect((scope as { caches?: unknown }).caches).toBeUndefined();
    expect(survivingNames(scope)).toEqual([]);
  });

  it('keeps no capability by name', () => {
    for (const name of ['fetch', 'postMessage', 'indexedDB', 'caches', 'importScripts', 'Worker', 'MessageChannel', 'BroadcastChannel', 'eval', 'webkitRequestFileSystemSync']) {
      expect(GLOBAL_ALLOWLIST.has(name), name).toBe(false);
    }
    for (const name of ['storage', 'storageBuckets', 'locks', 'serviceWorker', 'gpu', 'sendBeacon']) {
      expect(NAVIGATOR_ALLOWLIST.has(name), name).toBe(false);
    }
  });
});
