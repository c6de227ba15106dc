/**
 * The engine that runs inside one worker: boots Pyodide, installs the Python harness, seals the
 * interpreter and the worker's global scope, and runs programs one at a time. Host-neutral: the
 * browser and Node entries hand it what differs (how to load Pyodide, the harness text, how to
 * cut the global scope's network, storage and messaging).
 */
import type { PyodideInterface, loadPyodide as LoadPyodide } from 'pyodide';
import type {
  BootInfo,
  BootOptions,
  EngineApi,
  ExplainRequest,
  ExplainResult,
  RunFatal,
  RunReply,
  RunRequest,
  SnapshotOptions,
} from './protocol.ts';
import { runHarness, stashHarness, takeHarness } from './harness-namespace.ts';
import { snapshotBytes } from './snapshot-bytes.ts';

const LOCK_INFO = {
  arch: 'wasm32',
  abi_version: '2026_0',
  platform: 'emscripten_5_0_3',
  version: '314.0.7',
  python: '3.14.2',
} as const;

type PyCallable = ((...args: unknown[]) => unknown) & { destroy?: () => void };

export interface EngineHost {
  loadPyodide: typeof LoadPyodide;
  harnessSource: string;
  /** Remove what sample code must never reach from the worker's global scope; runs after boot. */
  sealGlobalScope(): void;
}

// A fatal error leaves the interpreter unusable ("Pyodide already fatally failed").
function isFatal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const e = error as { pyodide_fatal_error?: boolean; name?: string; message?: string };
  if (e.pyodide_fatal_error) return true;
  if (e.name === 'PythonError') return false;
  return true;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The engine API for one worker; `boot` must resolve before `run` is called. */
export function createEngine(host: EngineHost): EngineApi {
  let pyodide: PyodideInterface | undefined;
  let runPython: PyCallable | undefined;
  let explainPython: PyCallable | undefined;
  let interrupt: Int32Array | undefined;
  let dead: string | undefined;

  const heapBytes = (): number =>
    // Pyodide has no public accessor for the wasm heap; `_module` is its Emscripten module.
    (pyodide as unknown as { _module: { HEAP8: Int8Array } })._module.HEAP8.buffer.byteLength;

  const load = (indexURL: string | undefined, extra: Record<string, unknown>) =>
    host.loadPyodide({
      ...(indexURL ? { indexURL } : {}),
      // No packages are ever loaded: an empty lock file saves a fetch and makes `import numpy`
      // a plain ModuleNotFoundError instead of advice to load it from the network.
      lockFileContents: { info: LOCK_INFO, packages: {} },
      packageBaseUrl: indexURL ?? './',
      stdout: () => {},
      stderr: () => {},
      // What Emscripten would otherwise take from the host (Node's script path, the browser's
      // language): pinned, so an interpreter, and a snapshot made in Node and restored in a
      // browser, look the same everywhere.
      _sysExecutable: './this.program',
      env: { LANG: 'C.UTF-8' },
      ...extra,
    });

  /** Call into the harness; a JS exception out of Python means the interpreter is unusable. */
  const call = (id: number, fn: () => string): RunFatal | { kind: 'ok'; json: string } => {
    const started = performance.now();
    if (!runPython || dead) return { id, kind: 'fatal', reason: dead ?? 'engine not booted', durationMs: 0 };
    // A deadline that fired just after the previous program ended must not hit this one.
    if (interrupt) Atomics.store(interrupt, 0, 0);
    try {
      return { kind: 'ok', json: fn() };
    } catch (error) {
      const reason = describe(error);
      if (isFatal(error)) dead = reason;
      return { id, kind: 'fatal', reason, durationMs: performance.now() - started };
    }
  };

  return {
    async makeSnapshot(options: SnapshotOptions): Promise<Blob> {
      // Pyodide's memory snapshots are a private API (`_makeSnapshot`); the pool falls back to
      // plain boots if this fails. The harness runs here, so its imports and its namespace are in
      // the snapshot; `seal()` still runs in every restored worker (boot, below).
      const maker = await load(options.indexURL, { _makeSnapshot: true });
      stashHarness(maker, host.harnessSource);
      // A Blob crosses to the pool and on to every later worker by reference, never copied.
      return new Blob([maker.makeMemorySnapshot() as Uint8Array<ArrayBuffer>]);
    },

    async boot(options: BootOptions): Promise<BootInfo> {
      const started = performance.now();
      const discard = { write: (bytes: Uint8Array) => bytes.length };
      // Pyodide awaits the snapshot once it has started downloading its wasm and importing its
      // JavaScript, so unzipping overlaps both.
      const snapshot = options.snapshot !== undefined ? snapshotBytes(options.snapshot) : undefined;
      snapshot?.catch(() => {}); // a bad snapshot fails the boot through loadPyodide, not unhandled here
      pyodide = await load(options.indexURL, snapshot ? { _loadSnapshot: snapshot } : {});
      pyodide.setStdout(discard);
      pyodide.setStderr(discard);
      pyodide.setStdin({ error: true });
      if (options.interruptBuffer) {
        interrupt = options.interruptBuffer;
        pyodide.setInterruptBuffer(interrupt);
      }
      const namespace =
        (snapshot && takeHarness(pyodide, host.harnessSource)) ?? runHarness(pyodide, host.harnessSource);
      runPython = namespace.get('run') as PyCallable;
      explainPython = namespace.get('explain') as PyCallable;
      const seal = namespace.get('seal') as PyCallable;
      pyodide.unregisterJsModule('js');
      pyodide.unregisterJsModule('pyodide_js');
      const sys = pyodide.pyimport('sys');
      const pythonVersion = (sys.version as string).split(' ')[0];
      sys.destroy();
      const refreshTimezone = namespace.get('refresh_timezone') as PyCallable;
      refreshTimezone();
      refreshTimezone.destroy?.();
      seal(options.outputCap);
      seal.destroy?.();
      namespace.destroy();
      host.sealGlobalScope();
      const version = pyodide.version;
      return {
        pyodideVersion: version,
        pythonVersion,
        bootMs: performance.now() - started,
        heapBytes: heapBytes(),
        interruptible: interrupt !== undefined,
        fromSnapshot: options.snapshot !== undefined,
      };
    },

    run(request: RunRequest): RunReply {
      const outcome = call(request.id, () => runPython!(request.program, request.timeoutMs) as string);
      if (outcome.kind === 'fatal') return outcome;
      return { id: request.id, kind: 'result', ...JSON.parse(outcome.json), heapBytes: heapBytes() };
    },

    explain(request: ExplainRequest): ExplainResult | RunFatal {
      const outcome = call(request.id, () => explainPython!(request.prefix, request.test, request.entryPoint, request.timeoutMs) as string);
      if (outcome.kind === 'fatal') return outcome;
      const { recycle, ...report } = JSON.parse(outcome.json);
      return { id: request.id, kind: 'explain', report, heapBytes: heapBytes(), ...(recycle ? { recycle } : {}) };
    },
  };
}
