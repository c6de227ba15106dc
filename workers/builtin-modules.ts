/**
 * Built-in extension modules a program must not be able to create. Setting `sys.modules[name] =
 * None` stops `import`, but not `_imp.create_builtin(spec)`, which looks the name up in CPython's
 * table of built-in modules (and, for single-phase modules imported before, in its cache of
 * initialised modules). So each blocked entry of every copy of that table becomes a copy of a
 * harmless entry, and the cache entry is dropped.
 *
 * Blocked: the modules that read and write the interpreter's memory (`ctypes`, CPython's test
 * modules) and Pyodide's own bridge to JavaScript once it has booted.
 */

/** The parts of the Emscripten module used here. */
export interface ModuleTables {
  HEAPU32: Uint32Array;
  HEAPU8: Uint8Array;
  _PyImport_Inittab: number;
  __PyImport_ClearExtension(name: number, filename: number): number;
  _PyUnicode_FromString(utf8: number): number;
  _Py_DecRef(object: number): void;
  _PyErr_Clear(): void;
  stringToNewUTF8(text: string): number;
  _free(pointer: number): void;
}

export const BLOCKED_BUILTINS = [
  '_ctypes',
  '_testcapi',
  '_testinternalcapi',
  '_testlimitedcapi',
  '_testclinic',
  '_testclinic_limited',
  '_testbuffer',
  '_xxtestfuzz',
  '_remote_debugging',
  '_pyodide_core',
];

function cString(heap: Uint8Array, pointer: number): string {
  let end = pointer;
  while (heap[end] !== 0) end++;
  return new TextDecoder().decode(heap.subarray(pointer, end));
}

/** Every copy of the table: the array `PyImport_Inittab` points at, and the runtime's copy of it. */
function tables(module: ModuleTables): number[] {
  const words = module.HEAPU32;
  const original = words[module._PyImport_Inittab >> 2];
  const head = [words[original >> 2], words[(original >> 2) + 1], words[(original >> 2) + 2], words[(original >> 2) + 3]];
  const found: number[] = [];
  for (let i = 0; i + 3 < words.length; i++) {
    if (words[i] === head[0] && words[i + 1] === head[1] && words[i + 2] === head[2] && words[i + 3] === head[3]) {
      found.push(i << 2);
    }
  }
  return found;
}

/** Make the blocked modules impossible to create; returns the names that were found and blocked. */
export function blockBuiltins(module: ModuleTables, blocked: readonly string[] = BLOCKED_BUILTINS): string[] {
  const words = module.HEAPU32;
  const done = new Set<string>();
  const copies = tables(module);
  if (copies.length < 2) throw new Error(`found ${copies.length} copies of the built-in module table`);
  for (const table of copies) {
    const entries: number[] = [];
    for (let entry = table >> 2; words[entry] !== 0; entry += 2) entries.push(entry);
    const harmless = entries.find((entry) => !blocked.includes(cString(module.HEAPU8, words[entry])));
    if (harmless === undefined) throw new Error('no built-in module left to stand in for the blocked ones');
    for (const entry of entries) {
      const name = cString(module.HEAPU8, words[entry]);
      if (!blocked.includes(name)) continue;
      // The entry becomes a copy of a harmless one: a lookup by the blocked name finds nothing, and
      // one by the harmless name finds the same module whichever copy it reaches first.
      words[entry] = words[harmless];
      words[entry + 1] = words[harmless + 1];
      done.add(name);
    }
  }
  for (const name of blocked) {
    const utf8 = module.stringToNewUTF8(name);
    const object = module._PyUnicode_FromString(utf8);
    module._free(utf8);
    if (object === 0) {
      module._PyErr_Clear();
      continue;
    }
    // -1 with an error set when the module was never initialised: nothing cached to drop.
    if (module.__PyImport_ClearExtension(object, object) < 0) module._PyErr_Clear();
    module._Py_DecRef(object);
  }
  return [...done];
}
