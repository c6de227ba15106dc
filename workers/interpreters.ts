/**
 * The one place where the two interpreters differ for the engine (issue 12). Everything else (the
 * harness, the protocol, the sealing, the image and the pool) is the same code for both; what
 * Pyodide 0.25 (CPython 3.11) and Pyodide 314 (CPython 3.14) do differently at load is decided here.
 *
 * - The lock file: no package is ever loaded, and an empty lock file makes `import numpy` a plain
 *   ModuleNotFoundError instead of advice to load it. 314 takes it inline (`lockFileContents`);
 *   0.25 only reads a URL, so the site serves, and Node reads, `pyodide-0.25-lock.json` (this folder).
 * - `sys.executable`: 314 takes `_sysExecutable`; 0.25 has no such option (Emscripten's own
 *   `./this.program` is what it shows anyway).
 * - Memory snapshots: 314 only (`_makeSnapshot`/`_loadSnapshot`); 0.25 workers always boot plainly.
 * - Before the global scope is sealed (its intrinsics frozen): 0.25's Emscripten `FS.ErrnoError`
 *   assigns `name` and `message` on every instance, which with `Error.prototype` frozen throws
 *   (the "override mistake"), so every failed file operation would crash the interpreter. Its
 *   prototype gets writable own properties of those names first.
 */
import type { PythonVersion } from '../src/lib/python-version.ts';

export interface Interpreter {
  python: PythonVersion;
  /** The Pyodide release it comes from (checked against the booted one). */
  pyodide: string;
  /** Pyodide can make and restore memory snapshots of it. */
  snapshots: boolean;
  /** The files of its runtime a browser worker downloads from its `indexURL`. */
  runtimeFiles: readonly string[];
  /** Options for `loadPyodide` that depend on the interpreter; `lockFileURL` is where the host keeps the empty lock file. */
  loadOptions(lockFileURL: string | undefined): Record<string, unknown>;
  /** What to adjust in the booted Pyodide before the worker's global scope is sealed. */
  beforeSeal?(pyodide: { FS: unknown }): void;
}

/** Give a constructor's prototype writable own properties, so instances can assign them under frozen intrinsics. */
function unfreezeAssignments(prototype: object, names: readonly string[]): void {
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(prototype, name)) continue;
    Object.defineProperty(prototype, name, { value: '', writable: true, configurable: false, enumerable: false });
  }
}

export const INTERPRETERS: Readonly<Record<PythonVersion, Interpreter>> = {
  '3.11': {
    python: '3.11',
    pyodide: '0.25.1',
    snapshots: false,
    runtimeFiles: ['pyodide.asm.js', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'],
    loadOptions: (lockFileURL) => (lockFileURL ? { lockFileURL } : {}),
    beforeSeal(pyodide) {
      const errno = (pyodide.FS as { ErrnoError?: { prototype: object } }).ErrnoError;
      if (errno) unfreezeAssignments(errno.prototype, ['name', 'message']);
    },
  },
  '3.14': {
    python: '3.14',
    pyodide: '314.0.7',
    snapshots: true,
    runtimeFiles: ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip'],
    loadOptions: () => ({
      lockFileContents: {
        info: { arch: 'wasm32', abi_version: '2026_0', platform: 'emscripten_5_0_3', version: '314.0.7', python: '3.14.2' },
        packages: {},
      },
      _sysExecutable: './this.program',
    }),
  },
};
