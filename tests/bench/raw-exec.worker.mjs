// A bare Pyodide worker for bench:raw: `exec(compile(program), {})` and nothing else (no harness,
// no caps), the ceiling the engine is measured against. With `workerData.copyImage`, it also copies
// an image of its own linear memory back after every program, as the engine's reset does
// (workers/memory-image.ts: [0, stack end) and [stack pointer, break), the grown heap zeroed), and
// nothing else: the ceiling of any engine that resets by copying memory.
import { parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

// The engine's interpreter (`workerData.python`): comparing 3.11 on Pyodide 0.25 with 3.14 on
// Pyodide 314 would measure the interpreters, not the engine.
const legacy = workerData?.python === '3.11';
const { loadPyodide } = legacy ? await import('pyodide-0.25') : await import('pyodide');
const indexURL = fileURLToPath(new URL(`../../node_modules/${legacy ? 'pyodide-0.25' : 'pyodide'}/`, import.meta.url));
const lockFileURL = fileURLToPath(new URL('../../workers/pyodide-0.25-lock.json', import.meta.url));
const pyodide = await loadPyodide({ indexURL, ...(legacy ? { lockFileURL } : {}), stdout: () => {}, stderr: () => {} });
const namespace = pyodide.globals.get('dict')();
pyodide.runPython(
  `def raw(program):
    try:
        exec(compile(program, "<string>", "exec"), {})
        return 0
    except BaseException:
        return 1
`,
  { globals: namespace },
);
const raw = namespace.get('raw');

let reset = () => {};
if (workerData?.copyImage) {
  // The same modules the engine's harness preloads, so both images hold the same interpreter.
  pyodide.runPython(
    'for n in "abc array ast base64 bisect calendar cmath collections collections.abc contextlib copy dataclasses datetime decimal enum fractions functools hashlib heapq inspect itertools json keyword locale math numbers operator re statistics string struct textwrap typing unicodedata".split(): __import__(n)',
  );
  const module = pyodide._module;
  const heap = () => new Uint8Array(module.HEAP8.buffer);
  const top = module._sbrk(0);
  const stackPointer = module.stackSave ? module.stackSave() : module._emscripten_stack_get_current();
  const stackEnd = module._emscripten_stack_get_end();
  heap().fill(0, top);
  const low = heap().slice(0, stackEnd);
  const high = heap().slice(stackPointer, top);
  reset = () => {
    const end = Math.max(module._sbrk(0), top);
    const memory = heap();
    memory.set(low, 0);
    memory.set(high, stackPointer);
    memory.fill(0, top, end);
  };
}

parentPort.on('message', ({ id, program }) => {
  const failed = raw(program);
  parentPort.postMessage({ id, failed });
  reset();
});
parentPort.postMessage({ ready: true });
