/**
 * workers/memory-image.ts, fs-jail.ts and builtin-modules.ts against a real Pyodide in this
 * process (no worker, no harness): each part puts back, or refuses, what it is responsible for.
 */
import { loadPyodide, type PyodideInterface } from 'pyodide';
import { loadPyodide as loadPyodide025 } from 'pyodide-0.25';
import { fileURLToPath } from 'node:url';
import { PYTHON_VERSIONS } from '../../../src/lib/python-version.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockBuiltins, type ModuleTables } from '../../../workers/builtin-modules.ts';
import { jailFileSystem, SCRATCH_DIR, type EmscriptenFs, type FsJail } from '../../../workers/fs-jail.ts';
import { takeImage, type MemoryImage, type WasmModule } from '../../../workers/memory-image.ts';

// Under each interpreter: the parts adapt to Pyodide 0.25's exports (workers/interpreters.ts).
for (const python of PYTHON_VERSIONS)
  describe(`Python ${python}`, () => {
    let pyodide: PyodideInterface;
    let module: WasmModule & ModuleTables;
    let image: MemoryImage;
    let jail: FsJail;
    const py = (code: string) => pyodide.runPython(code) as unknown;

    beforeAll(async () => {
      pyodide =
        python === '3.11'
          ? ((await loadPyodide025({
              indexURL: fileURLToPath(new URL('../../../node_modules/pyodide-0.25/', import.meta.url)),
              stdout: () => {},
              stderr: () => {},
            })) as unknown as PyodideInterface)
          : await loadPyodide({ stdout: () => {}, stderr: () => {} });
      module = (pyodide as unknown as { _module: WasmModule & ModuleTables })._module;
      py('import builtins, sys, os, _imp, importlib.machinery');
      blockBuiltins(module);
      jail = jailFileSystem(pyodide.FS as unknown as EmscriptenFs);
      image = takeImage(module);
    }, 120_000);

    const reset = () => {
      expect(image.reset()).toBeUndefined();
      expect(jail.reset()).toBeUndefined();
    };

    describe('the memory image', () => {
      it('puts back builtins, sys state and C-level state changed through Python', () => {
        // Through the `exec` builtin, as the runtime runs programs: Pyodide 0.25's runPython itself
        // needs `len` and more than 50 frames.
        const builtins = pyodide.pyimport('builtins');
        const exec = (code: string) =>
          (builtins.exec as (code: string, globals: unknown) => void)(code, pyodide.globals);
        image.begin();
        exec('builtins.len = None; sys.setrecursionlimit(50); sys.modules["math"] = None; import gc; gc.disable()');
        exec('assert builtins.len is None and sys.getrecursionlimit() == 50');
        reset();
        // Before the image `math` was either not imported or a module, never None.
        expect(
          py('len([1]) == 1 and sys.getrecursionlimit() == 1000 and sys.modules.get("math", sys) is not None'),
        ).toBe(true);
        expect(py('import gc; gc.isenabled()')).toBe(true);
      });

      it('puts back the bytes of linear memory below the stack and in the heap', () => {
        reset();
        const before = new Uint8Array(module.HEAP8.buffer).slice(0, module._sbrk(0));
        image.begin();
        py('x = [str(i) * 10 for i in range(100000)]');
        reset();
        const after = new Uint8Array(module.HEAP8.buffer).subarray(0, before.length);
        const stackEnd = module._emscripten_stack_get_end();
        const sp = module.stackSave ? module.stackSave() : module._emscripten_stack_get_current();
        let differing = 0;
        for (let i = 0; i < before.length; i++) if ((i < stackEnd || i >= sp) && before[i] !== after[i]) differing++;
        // Only the bytes the reset itself writes in the running stack frames may differ.
        expect(differing).toBe(0);
      });

      it('invalidates proxies made during a run, so a callback left behind throws instead of running', () => {
        image.begin();
        const kept = pyodide.runPython('lambda: 42') as (() => number) & { destroy(): void };
        expect(kept()).toBe(42);
        reset();
        expect(() => kept()).toThrow(/belonged to a program that has ended/);
      });

      it('puts back the hiwire table', () => {
        const first = module.__hiwire_get(1);
        image.begin();
        module.__hiwire_set(1, { replaced: true });
        reset();
        expect(module.__hiwire_get(1)).toBe(first);
      });

      it('refuses to reset a worker whose function table grew', () => {
        const probe = takeImage(module);
        module.wasmTable.grow(1);
        expect(probe.reset()).toMatch(/function table grew/);
        image = takeImage(module);
      });
    });

    describe('the file system', () => {
      it('gives every program empty writable directories and its cwd back', () => {
        py('open("a.txt", "w").write("x"); os.mkdir("/tmp/d"); open("/home/web_user/b", "w"); os.chdir("/")');
        reset();
        expect(
          py(
            `import os; (os.getcwd(), os.listdir("."), os.listdir("/tmp"), sorted(os.listdir("/home")), os.listdir("/home/web_user"))`,
          )?.toString(),
        ).toBe(`('${SCRATCH_DIR}', [], ['sample'], ['pyodide', 'web_user'], [])`);
      });

      it('keeps everything else read-only, chmod included', () => {
        const attempt = (code: string) =>
          py(`\ntry:\n    ${code}\n    r = "done"\nexcept OSError as e:\n    r = type(e).__name__ + " " + str(e)\nr`);
        expect(attempt('open("/lib/new.py", "w")')).toMatch(/^PermissionError /);
        const zip = python === '3.11' ? '/lib/python311.zip' : '/lib/python314.zip';
        expect(attempt(`open("${zip}", "r+b").write(b"PK")`)).toMatch(/^PermissionError /);
        expect(attempt('import posix; posix.chmod("/lib", 0o777)')).toMatch(/^PermissionError /);
        expect(attempt(`import posix; posix.rename("${zip}", "/lib/z")`)).toMatch(/^PermissionError /);
        expect(attempt('import posix; posix.unlink("/dev/null")')).toMatch(/^PermissionError /);
        expect(attempt('open("/dev/null", "w").write("ok")')).toBe('done');
        expect(py(`open("${zip}", "rb").read(2)`)?.toString()).toBe("b'PK'");
      });

      it('closes files a program left open', () => {
        const streams = (pyodide.FS as unknown as EmscriptenFs).streams.filter(Boolean).length;
        py('leak = [open(f"/tmp/sample/f{i}", "w") for i in range(5)]');
        reset();
        expect((pyodide.FS as unknown as EmscriptenFs).streams.filter(Boolean).length).toBe(streams);
      });

      it('leaves only the in-memory file system mountable', () => {
        expect(Object.keys((pyodide.FS as unknown as EmscriptenFs).filesystems)).toEqual(['MEMFS']);
      });
    });

    describe('the blocked built-in modules', () => {
      it('cannot be created, not even through _imp.create_builtin', () => {
        const made = (name: string) =>
          py(
            `_imp.create_builtin(importlib.machinery.ModuleSpec(${JSON.stringify(name)}, importlib.machinery.BuiltinImporter)) is None`,
          );
        for (const name of ['_ctypes', '_testcapi', '_testinternalcapi', '_pyodide_core'])
          expect(made(name), name).toBe(true);
        expect(py('import importlib.util; importlib.util.find_spec("_ctypes") is None')).toBe(true);
        // A harmless built-in still imports.
        expect(made('_bisect')).toBe(false);
      });
    });
  });
