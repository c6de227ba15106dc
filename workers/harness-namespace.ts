/**
 * The harness's namespace in one interpreter: made by running the harness's source, or taken
 * ready-made from a memory snapshot whose maker ran the same source. Taking it skips compiling and
 * executing ~700 lines of Python at boot, which in a page's first worker costs ~0.3 s of lazy wasm
 * compilation on top of the work itself.
 */
import type { PyodideInterface } from 'pyodide';
import type { PyDict } from 'pyodide/ffi';

/** Shown in tracebacks through the harness's own frames. */
const FILENAME = '/engine/harness.py';
/** Where a snapshot keeps the namespace: an attribute of `sys`, removed again before any sample runs. */
const STASH = '_humaneval_harness';
/** The source the namespace was made from, kept in it: a snapshot of another harness is never used for this one. */
const SOURCE = '__harness_source__';

/** Run the harness's source in a fresh namespace. */
export function runHarness(pyodide: PyodideInterface, source: string): PyDict {
  const namespace = pyodide.globals.get('dict')() as PyDict;
  pyodide.runPython(source, { globals: namespace, filename: FILENAME });
  return namespace;
}

/** Run the harness and leave its namespace where a memory snapshot of this interpreter carries it. */
export function stashHarness(pyodide: PyodideInterface, source: string): void {
  const namespace = runHarness(pyodide, source);
  namespace.set(SOURCE, source);
  const sys = pyodide.pyimport('sys');
  sys[STASH] = namespace;
  sys.destroy();
  namespace.destroy();
}

/**
 * The namespace a restored snapshot carries, if it was made from `source`; undefined otherwise.
 * Either way nothing is left behind in `sys`. Goes through proxies, not Python source, so nothing
 * has to be compiled.
 */
export function takeHarness(pyodide: PyodideInterface, source: string): PyDict | undefined {
  const sys = pyodide.pyimport('sys');
  const attributes = sys.__dict__;
  const stashed = attributes.pop(STASH, undefined) as PyDict | undefined;
  attributes.destroy();
  sys.destroy();
  if (stashed?.get(SOURCE) === source) return stashed;
  stashed?.destroy();
  return undefined;
}
