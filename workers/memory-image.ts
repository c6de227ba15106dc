/**
 * The image of one booted, sealed interpreter, and putting it back. The reference runs every sample
 * in a fresh process; this engine reuses one interpreter, so after every program the worker copies
 * the image back over its wasm memory: C state, type dicts, caches, hooks and frames are then
 * exactly what they were after boot, whatever the program did (ARCHITECTURE.md, "Isolation").
 *
 * What lives outside linear memory is put back here too (the hiwire table of JavaScript values
 * that C refers to by index, the finalizers of proxies made during the run) or checked, and a
 * change that cannot be undone is reported so the pool replaces the worker.
 */

/** The parts of Pyodide's Emscripten module the image touches (private API, checked at boot). */
export interface WasmModule {
  HEAP8: Int8Array;
  _sbrk(increment: number): number;
  /** Pyodide 314 exports `stackSave`; 0.25 only `_emscripten_stack_get_current` (the same value between calls). */
  stackSave?(): number;
  _emscripten_stack_get_current(): number;
  _emscripten_stack_get_end(): number;
  __hiwire_get(index: number): unknown;
  __hiwire_set(index: number, value: unknown): void;
  wasmTable: WebAssembly.Table;
  finalizationRegistry: Registry;
  Py_EmscriptenSignalBuffer?: unknown;
}

interface Registry {
  register(target: object, held: unknown, token?: object): void;
  unregister(token: object): boolean;
}

export interface MemoryImage {
  /** Bytes copied back on every reset. */
  readonly bytes: number;
  /** Marks the start of a program: proxies registered from now on are unregistered at reset. */
  begin(): void;
  /** Put the interpreter back; returns why it could not be, if it could not. */
  reset(): string | undefined;
}

/** Read every entry of the hiwire table, up to the first index past its end. */
function hiwireEntries(module: WasmModule, known: unknown[] = []): unknown[] {
  // Entries below the last known length are read without probing (a read past the end throws).
  const entries: unknown[] = known.map((_, i) => module.__hiwire_get(i));
  for (;;) {
    try {
      entries.push(module.__hiwire_get(entries.length));
    } catch {
      return entries;
    }
  }
}

/**
 * Take the image now. Call it when no wasm frame is on the stack (between calls into Python): the
 * stack below the stack pointer is dead then, and is neither saved nor restored.
 */
export function takeImage(module: WasmModule): MemoryImage {
  const stackSave = () => (module.stackSave ? module.stackSave() : module._emscripten_stack_get_current());
  const heap = () => new Uint8Array(module.HEAP8.buffer);
  const top = module._sbrk(0);
  const stackPointer = stackSave();
  const stackEnd = module._emscripten_stack_get_end();
  if (!(stackEnd > 0 && stackEnd <= stackPointer && stackPointer <= top)) {
    throw new Error(`unexpected memory layout: stack end ${stackEnd}, stack pointer ${stackPointer}, break ${top}`);
  }
  // Nothing lives above the break; make it zero now, as it will be made after every program.
  heap().fill(0, top);
  const low = heap().slice(0, stackEnd);
  const high = heap().slice(stackPointer, top);
  const hiwire = hiwireEntries(module);
  const tableLength = module.wasmTable.length;
  const signalBuffer = module.Py_EmscriptenSignalBuffer;

  // Proxies made during a program are registered for finalization; after the reset their pointers
  // mean nothing: a finalizer that ran later would decrement whatever lives there now, and a call
  // through one (a callback the program left with JavaScript) would run on it.
  const registry = module.finalizationRegistry;
  const registered: object[] = [];
  let tracking = false;
  const tracked: Registry = {
    register(target, held, token) {
      registry.register(target, held, token);
      if (tracking && token) registered.push(token);
    },
    unregister: (token) => registry.unregister(token),
  };
  module.finalizationRegistry = tracked;

  return {
    bytes: low.length + high.length,
    begin() {
      tracking = true;
    },
    reset() {
      tracking = false;
      for (const token of registered.splice(0)) {
        // Pyodide registers a proxy's shared state as its own token; with its pointer gone, any
        // later use of the proxy throws in JavaScript instead of reaching into the new memory.
        const shared = token as { ptr?: number; destroyed_msg?: string };
        if (typeof shared.ptr === 'number') {
          shared.ptr = 0;
          shared.destroyed_msg = 'This proxy belonged to a program that has ended.';
        }
        registry.unregister(token);
      }
      if (module.finalizationRegistry !== tracked) return 'the finalization registry was replaced';
      if (module.Py_EmscriptenSignalBuffer !== signalBuffer) return 'the interrupt buffer was replaced';
      if (stackSave() !== stackPointer) return 'the stack pointer moved';
      if (module.wasmTable.length !== tableLength) return 'the function table grew';
      const end = Math.max(module._sbrk(0), top);
      const memory = heap();
      memory.set(low, 0);
      memory.set(high, stackPointer);
      memory.fill(0, top, end);
      const now = hiwireEntries(module, hiwire);
      for (let i = 0; i < now.length; i++) {
        const value = i < hiwire.length ? hiwire[i] : null;
        if (now[i] !== value) module.__hiwire_set(i, value);
      }
      return undefined;
    },
  };
}
