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

/** Delete the capabilities from `scope` and every prototype above it, then lock the realm; returns what remains. */
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
  lockdownRealm(scope as Record<string, unknown>);
  return CAPABILITIES.filter((name) => (scope as Record<string, unknown>)[name] !== undefined);
}

// The globals whose objects and prototypes are frozen: a sample that reaches JavaScript must not be
// able to patch what the worker's own code (comlink, Pyodide's FFI) relies on for the next sample.
const INTRINSICS = [
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Date', 'RegExp',
  'Promise', 'Proxy', 'Reflect', 'JSON', 'Math', 'Atomics', 'Intl', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'WeakRef', 'FinalizationRegistry', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array',
  'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Error', 'AggregateError',
  'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'WebAssembly',
  'TextEncoder', 'TextDecoder', 'MessagePort', 'MessageChannel', 'MessageEvent', 'EventTarget', 'Event',
  'structuredClone', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
  'URL', 'performance', 'crypto', 'Crypto', 'SubtleCrypto',
] as const;

// Objects reachable only through syntax, not through a global name.
function hiddenIntrinsics(): object[] {
  const generator = function* () {};
  const asyncGenerator = async function* () {};
  const iteratorOf = (value: Iterable<unknown>) => Object.getPrototypeOf(value[Symbol.iterator]());
  return [
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(generator),
    Object.getPrototypeOf(generator.prototype),
    Object.getPrototypeOf(asyncGenerator),
    Object.getPrototypeOf(asyncGenerator.prototype),
    Object.getPrototypeOf(Int8Array),
    Object.getPrototypeOf(Int8Array.prototype),
    iteratorOf([]),
    Object.getPrototypeOf(iteratorOf([])),
    iteratorOf(new Map()),
    iteratorOf(new Set()),
    iteratorOf(''),
    Object.getPrototypeOf(''.matchAll(/x/g)),
  ];
}

/**
 * Lock the worker's JavaScript realm after boot: no code from strings (`eval`, `Function`, and the
 * constructors reachable as `fn.constructor`), no Node `process`, and frozen intrinsics. Pyodide
 * needs `eval` only to load dynamic libraries, which this engine never does.
 */
export function lockdownRealm(scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  const blocked = function Function() {
    throw new EvalError('code generation from strings is disabled in the engine worker');
  };
  // `instanceof Function` must keep working for the worker's own code.
  Object.defineProperty(blocked, 'prototype', { value: Function.prototype });
  for (const fn of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    Object.defineProperty(Object.getPrototypeOf(fn), 'constructor', { value: blocked, writable: false, configurable: false });
  }
  scope.Function = blocked;
  for (const name of ['eval', 'process', 'require', 'module', 'global']) {
    try {
      delete scope[name];
    } catch {
      /* non-configurable: left alone */
    }
  }
  const isObject = (value: unknown): value is object =>
    (typeof value === 'object' && value !== null) || typeof value === 'function';
  const freeze = (value: unknown) => {
    if (!isObject(value)) return;
    Object.freeze(value);
    // Function.prototype is itself a function, so `typeof` alone would skip it.
    const prototype = (value as { prototype?: unknown }).prototype;
    if (isObject(prototype)) Object.freeze(prototype);
  };
  freeze(blocked);
  for (const name of INTRINSICS) freeze(name === 'Function' ? Function : scope[name]);
  for (const hidden of hiddenIntrinsics()) freeze(hidden);
}
