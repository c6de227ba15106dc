/**
 * Cuts a worker's global scope off from everything sample code must never reach. Python can find
 * its way to JavaScript (a JsProxy found through `gc.get_objects()` leads to `Function`), so the
 * guarantee is made here, in JavaScript: after the engine has booted, the network, storage,
 * nested workers and the message channel are gone from the global scope and its prototype chain.
 */
const CAPABILITIES = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'EventSource',
  'WebTransport',
  'importScripts',
  'indexedDB',
  'caches',
  'cookieStore',
  'BroadcastChannel',
  'Worker',
  'SharedWorker',
  'postMessage',
  'close',
  'open',
  'RTCPeerConnection',
  'FileSystemHandle',
  'requestFileSystem',
  'webkitRequestFileSystem',
  'Request',
  'Response',
  'Headers',
] as const;

/** Delete the capabilities from `scope` and every prototype above it; returns what remains. */
export function sealGlobalScope(scope: object = globalThis): string[] {
  for (let target: object | null = scope; target; target = Object.getPrototypeOf(target)) {
    for (const name of CAPABILITIES) {
      if (Object.prototype.hasOwnProperty.call(target, name)) {
        try {
          delete (target as Record<string, unknown>)[name];
        } catch {
          // Non-configurable: overwrite instead.
          try {
            Object.defineProperty(target, name, { value: undefined, writable: false, configurable: false });
          } catch {
            /* reported below */
          }
        }
      }
    }
  }
  // `navigator.storage` leads to the origin private file system.
  const nav = (scope as { navigator?: object }).navigator;
  if (nav) {
    for (let target: object | null = nav; target; target = Object.getPrototypeOf(target)) {
      for (const name of ['storage', 'locks', 'serviceWorker', 'sendBeacon']) {
        if (Object.prototype.hasOwnProperty.call(target, name)) {
          try {
            delete (target as Record<string, unknown>)[name];
          } catch {
            /* reported below */
          }
        }
      }
    }
  }
  return CAPABILITIES.filter((name) => (scope as Record<string, unknown>)[name] !== undefined);
}
