/**
 * Built-in extension modules a program must not be able to create. Setting `sys.modules[name] =
 * None` stops `import`, but not `_imp.create_builtin(spec)`, which looks the name up in CPython's
 * table of built-in modules (and, for single-phase modules imported before, in its cache of
 * initialised modules). So each blocked entry of every copy of that table becomes a copy of a
 * harmless entry, and the cache entry is dropped.
 *
 * Blocked: the modules that read and write the interpreter's memory (`ctypes`, CPython's test
 * modules) and Pyodide's own bridge to JavaScript once it has booted.
 *
 * The cache is emptied through `_PyImport_ClearExtension` where CPython exports it (3.14). CPython
 * 3.11 (Pyodide 0.25) has no such function: there the cache maps a name to the module's definition,
 * and a definition whose saved dict (`m_copy`, single-phase modules that cannot be initialised
 * twice) or init function (`m_init`, the others) is NULL is never used again (`import_find_extension`
 * in 3.11's Python/import.c returns NULL for it), so those fields are cleared. The definitions are
 * found through the modules in `sys.modules`, which is why `extensionDefinitions` runs before the
 * harness's seal sets the blocked names there to None.
 */

/** The parts of the Emscripten module used here. */
export interface ModuleTables {
  HEAPU32: Uint32Array;
  HEAPU8: Uint8Array;
  _PyImport_Inittab: number;
  /** CPython 3.12+ only. */
  __PyImport_ClearExtension?(name: number, filename: number): number;
  _PyImport_GetModule(name: number): number;
  _PyModule_GetDef(module: number): number;
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

/** A new reference to the str `name`, or 0 (error cleared). */
function pyString(module: ModuleTables, name: string): number {
  const utf8 = module.stringToNewUTF8(name);
  const object = module._PyUnicode_FromString(utf8);
  module._free(utf8);
  if (object === 0) module._PyErr_Clear();
  return object;
}

/**
 * The module definitions (`PyModuleDef *`) of the blocked modules imported so far, for an
 * interpreter without `_PyImport_ClearExtension` (see above); call before the seal.
 */
export function extensionDefinitions(module: ModuleTables, blocked: readonly string[] = BLOCKED_BUILTINS): number[] {
  if (module.__PyImport_ClearExtension) return [];
  const found: number[] = [];
  for (const name of blocked) {
    const object = pyString(module, name);
    if (object === 0) continue;
    const imported = module._PyImport_GetModule(object);
    module._Py_DecRef(object);
    if (imported === 0) {
      module._PyErr_Clear();
      continue;
    }
    const definition = module._PyModule_GetDef(imported);
    module._Py_DecRef(imported);
    if (definition === 0) module._PyErr_Clear();
    else found.push(definition);
  }
  return found;
}

/** PyModuleDef on wasm32: PyObject_HEAD (8 bytes), m_init at 8, m_index at 12, m_copy at 16, m_name 20, m_doc 24, m_size 28. */
const DEF_M_INIT = 8;
const DEF_M_COPY = 16;
const DEF_M_SIZE = 28;

/**
 * Make the blocked modules impossible to create; returns the names that were found and blocked.
 * `definitions`: from `extensionDefinitions`, taken before the seal (3.11).
 */
export function blockBuiltins(
  module: ModuleTables,
  blocked: readonly string[] = BLOCKED_BUILTINS,
  definitions: readonly number[] = extensionDefinitions(module, blocked),
): string[] {
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
  const clear = module.__PyImport_ClearExtension?.bind(module);
  if (!clear) {
    const words32 = new Int32Array(words.buffer);
    for (const definition of definitions) {
      // The saved dict is left allocated (a few hundred bytes, once per boot), not freed: the
      // module that owns the live copy still refers to its entries.
      if (words32[(definition + DEF_M_SIZE) >> 2] === -1) words[(definition + DEF_M_COPY) >> 2] = 0;
      else words[(definition + DEF_M_INIT) >> 2] = 0;
    }
    return [...done];
  }
  for (const name of blocked) {
    const object = pyString(module, name);
    if (object === 0) continue;
    // -1 with an error set when the module was never initialised: nothing cached to drop.
    if (clear(object, object) < 0) module._PyErr_Clear();
    module._Py_DecRef(object);
  }
  return [...done];
}
