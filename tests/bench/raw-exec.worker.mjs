// A bare Pyodide worker for bench:raw: `exec(compile(program), {})` and nothing else (no harness,
// no reset, no caps), the ceiling the engine is measured against.
import { parentPort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';

const indexURL = fileURLToPath(new URL('../../node_modules/pyodide/', import.meta.url));
const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
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
parentPort.on('message', ({ id, program }) => parentPort.postMessage({ id, failed: raw(program) }));
parentPort.postMessage({ ready: true });
