/**
 * Cuts a worker's global scope down to what the booted engine needs. Python can find its way to
 * JavaScript (a JsProxy found through `gc.get_objects()` leads to `Function`; a callback scheduled
 * through Pyodide's `setTimeout` gets the global scope as `this`), so the guarantee is made here, in
 * JavaScript: after the engine has booted, every name on the global scope, on its prototype chain
 * (DedicatedWorkerGlobalScope, WorkerGlobalScope, EventTarget) and on `navigator`'s chain that is not
 * on an allowlist is deleted. A denylist missed what Chromium added (`webkitRequestFileSystemSync`,
 * `navigator.storageBuckets`; issue 10); an allowlist fails closed, and tests/e2e/scope.e2e.ts
 * enumerates a real sealed worker so a name Chromium adds is reviewed before it is kept.
 */

/** The language's own globals (ECMAScript and V8): no capability beyond computation. */
const LANGUAGE_GLOBALS = [
  'globalThis', 'undefined', 'NaN', 'Infinity', 'Object', 'Function', 'Array', 'Number', 'Boolean',
  'String', 'Symbol', 'BigInt', 'Date', 'RegExp', 'Promise', 'Proxy', 'Reflect', 'JSON', 'Math',
  'Intl', 'Atomics', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Iterator',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array',
  'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Error', 'AggregateError', 'EvalError',
  'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'SuppressedError',
  'DisposableStack', 'AsyncDisposableStack', 'Temporal', 'WebAssembly', 'parseFloat', 'parseInt',
  'isFinite', 'isNaN', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape',
  'unescape',
] as const;

/**
 * What the booted engine calls through the global scope, and why. Pyodide looks these up by name
 * when it runs (its scheduler, clock, random source, string codecs); comlink talks through functions
 * engine.worker.ts bound before the seal, and Pyodide's scheduler MessageChannel is made at load.
 */
const HOST_GLOBALS = {
  console: 'Pyodide reports fatal errors through console.error before the pool sees the crash',
  performance: 'time.monotonic/perf_counter (emscripten_get_now) and the runtime\'s durations',
  crypto: 'os.urandom and random\'s seed (crypto.getRandomValues)',
  TextDecoder: 'Pyodide decodes every UTF-8 string it hands to JavaScript',
  TextEncoder: 'Pyodide encodes every JavaScript string it hands to Python',
  setTimeout: 'Pyodide\'s scheduleCallback for delays over 2 ms, and setitimer',
  clearTimeout: 'setitimer cancels its timer',
  // Node only (engine.node.ts): Pyodide schedules short callbacks with setImmediate there.
  setImmediate: 'Pyodide\'s scheduleCallback in Node',
  clearImmediate: 'pairs with setImmediate in Node',
} as const;

/**
 * DedicatedWorkerGlobalScope's `TEMPORARY` and `PERSISTENT`: numeric constants of the old file-system
 * API that Chromium defines non-configurable and read-only, so they cannot be deleted; they are plain
 * numbers (the functions that took them, `webkitRequestFileSystem*`, are deleted).
 */
const UNDELETABLE_CONSTANTS = ['TEMPORARY', 'PERSISTENT'] as const;

/** Kept on `navigator`: plain strings and numbers, no capability. */
const NAVIGATOR_NAMES = ['userAgent', 'hardwareConcurrency', 'language', 'languages', 'platform'] as const;

/** Every name the sealed global scope and its prototypes may still have (navigator only as a value). */
export const GLOBAL_ALLOWLIST: ReadonlySet<string> = new Set<string>([
  ...LANGUAGE_GLOBALS,
  ...Object.keys(HOST_GLOBALS),
  ...UNDELETABLE_CONSTANTS,
  // The object stays (Emscripten reads navigator.userAgent); its chain is pruned to NAVIGATOR_ALLOWLIST.
  'navigator',
]);

/** Every name the sealed `navigator` and its prototypes may still have. */
export const NAVIGATOR_ALLOWLIST: ReadonlySet<string> = new Set<string>(NAVIGATOR_NAMES);

/** The objects above `target` up to, not including, `Object.prototype` (an intrinsic, frozen instead). */
function chainOf(target: object | undefined): object[] {
  const chain: object[] = [];
  for (let t: object | null = target ?? null; t && t !== Object.prototype; t = Object.getPrototypeOf(t)) chain.push(t);
  return chain;
}

/** Delete every own property of `target` not in `keep`; one that cannot be deleted is pinned to undefined. */
function prune(target: object, keep: ReadonlySet<string>): void {
  for (const key of Reflect.ownKeys(target)) {
    if (typeof key === 'symbol' || keep.has(key)) continue;
    if (Reflect.deleteProperty(target, key)) continue;
    try {
      Object.defineProperty(target, key, { value: undefined, writable: false, configurable: false });
    } catch {
      // Non-configurable and not writable: survivingNames reports it, and the e2e test fails.
    }
  }
}

/**
 * The names left on `scope`'s prototype chain and on `navigator`'s, each as `global:<name>` or
 * `navigator:<name>` (a name pinned to undefined does not count), sorted. Pure: it only reads.
 */
export function survivingNames(scope: object = globalThis): string[] {
  const names = new Set<string>();
  const list = (prefix: string, target: object | undefined) => {
    for (const object of chainOf(target)) {
      for (const name of Object.getOwnPropertyNames(object)) {
        const descriptor = Object.getOwnPropertyDescriptor(object, name);
        if (descriptor && 'value' in descriptor && descriptor.value === undefined && name !== 'undefined') continue;
        names.add(`${prefix}:${name}`);
      }
    }
  };
  list('global', scope);
  const nav = (scope as { navigator?: unknown }).navigator;
  if (typeof nav === 'object' && nav !== null) list('navigator', nav);
  return [...names].sort();
}

/**
 * Delete everything not on the allowlists from `scope`, its prototype chain and `navigator`'s, then
 * lock the realm; returns what remains (survivingNames).
 */
export function sealGlobalScope(scope: object = globalThis): string[] {
  const record = scope as Record<string, unknown>;
  // Frozen below even when their names go: the worker's own code still holds these objects.
  const held = INTRINSICS.map((name) => (name === 'Function' ? Function : record[name]));
  pruneToAllowlist(scope);
  lockdownRealm(record, held);
  return survivingNames(scope);
}

/** Delete from `scope`, its prototype chain and `navigator`'s every name not on the allowlists. */
export function pruneToAllowlist(scope: object): void {
  const nav = (scope as { navigator?: unknown }).navigator;
  if (typeof nav === 'object' && nav !== null) for (const target of chainOf(nav)) prune(target, NAVIGATOR_ALLOWLIST);
  for (const target of chainOf(scope)) prune(target, GLOBAL_ALLOWLIST);
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
 * constructors reachable as `fn.constructor`), no Node `process`, and frozen intrinsics (`held`: the
 * values of INTRINSICS, read before their names were deleted). Pyodide needs `eval` only to load
 * dynamic libraries, which this engine never does.
 */
export function lockdownRealm(
  scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
  held: readonly unknown[] = INTRINSICS.map((name) => (name === 'Function' ? Function : scope[name])),
): void {
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
    if (value === Error) {
      // Pyodide's PythonError raises Error.stackTraceLimit while it is built (and V8 reads it as a
      // data property): everything else on Error is frozen, that one stays writable.
      for (const key of Reflect.ownKeys(Error)) {
        const writable = key === 'stackTraceLimit';
        const descriptor = Object.getOwnPropertyDescriptor(Error, key)!;
        Object.defineProperty(Error, key, 'value' in descriptor ? { writable, configurable: false } : { configurable: false });
      }
      Object.preventExtensions(Error);
    } else {
      Object.freeze(value);
    }
    // Function.prototype is itself a function, so `typeof` alone would skip it.
    const prototype = (value as { prototype?: unknown }).prototype;
    if (isObject(prototype)) Object.freeze(prototype);
  };
  freeze(blocked);
  for (const value of held) freeze(value);
  for (const hidden of hiddenIntrinsics()) freeze(hidden);
}
