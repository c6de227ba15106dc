/**
 * The engine that runs inside one worker: boots Pyodide, installs the Python harness, seals the
 * interpreter and the worker's global scope, takes the image every program starts from, and runs
 * programs one at a time, putting the image back after each. Host-neutral: the browser and Node
 * entries hand it what differs (how to load Pyodide, the harness text, how to cut the global
 * scope's network, storage and messaging).
 */
import type { PyodideInterface, loadPyodide as LoadPyodide } from 'pyodide';
import type {
  BootInfo,
  BootOptions,
  EngineApi,
  ExplainRequest,
  ExplainResult,
  PlusReply,
  PlusRequest,
  RunFatal,
  RunReply,
  RunRequest,
  SnapshotOptions,
} from './protocol.ts';
import { blockBuiltins, extensionDefinitions, type ModuleTables } from './builtin-modules.ts';
import { jailFileSystem, type EmscriptenFs, type FsJail } from './fs-jail.ts';
import { runHarness, stashHarness, takeHarness } from './harness-namespace.ts';
import { takeImage, type MemoryImage, type WasmModule } from './memory-image.ts';
import { MESSAGE_CAP } from '../src/lib/verdict.ts';
import { decideStatus, parseDescription, parseReport } from './reply.ts';
import { judgePart } from './plus-part.ts';
import { snapshotBytes } from './snapshot-bytes.ts';
import { guardTimers, type TimerGuard } from './timer-guard.ts';
import { INTERPRETERS } from './interpreters.ts';
import { DEFAULT_PYTHON, type PythonVersion } from '../src/lib/python-version.ts';

type PyCallable = ((...args: unknown[]) => unknown) & { destroy?: () => void };

export interface EngineHost {
  /** Pyodide's loader for one interpreter (each comes from its own npm package). */
  loadPyodide(python: PythonVersion): Promise<typeof LoadPyodide>;
  /**
   * Where this host keeps an interpreter's files when the pool names none (Node): Pyodide 0.25
   * cannot find its own directory when loaded through tsx, and reads its lock file from a path.
   */
  files?(python: PythonVersion): { indexURL?: string; lockFileURL?: string };
  harnessSource: string;
  /** Remove what sample code must never reach from the worker's global scope; runs after boot. */
  sealGlobalScope(): void;
}

/** What `phaseBuffer[0]` says while a request is in the worker. */
const RUNNING = 0;
const TEARING_DOWN = 1;

// A fatal error leaves the interpreter unusable ("Pyodide already fatally failed").
function isFatal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const e = error as { pyodide_fatal_error?: boolean; name?: string };
  if (e.pyodide_fatal_error) return true;
  return e.name !== 'PythonError';
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 4096);
  return String(error).slice(0, 4096);
}

/**
 * Point the JavaScript values Pyodide's bridge starts from (the global scope, its API objects, the
 * scheduler) at one inert object. Python reaches JavaScript only through these table entries, so a
 * JsProxy a sample finds or forges leads nowhere. Nothing the engine calls after boot uses them.
 */
function cutBridge(module: WasmModule): number {
  const inert = Object.freeze(Object.create(null) as object);
  let cut = 0;
  for (let i = 1; ; i++) {
    let value: unknown;
    try {
      value = module.__hiwire_get(i);
    } catch {
      return cut;
    }
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      module.__hiwire_set(i, inert);
      cut++;
    }
  }
}

/**
 * A copy of what a `bytes` proxy holds, the proxy destroyed (so a big output is freed at once);
 * anything else (plus.py rewritten by a sample) is an empty answer, which the part reads as a bad output.
 */
function bytesOf(value: unknown): Uint8Array {
  const proxy = value as { type?: unknown; toJs?: () => unknown; destroy?: () => void };
  if (typeof value !== 'object' || value === null || proxy.type !== 'bytes' || typeof proxy.toJs !== 'function') {
    proxy?.destroy?.();
    return new Uint8Array(0);
  }
  try {
    const bytes = proxy.toJs();
    return bytes instanceof Uint8Array ? bytes : new Uint8Array(0);
  } finally {
    proxy.destroy?.();
  }
}

/** The engine API for one worker; `boot` must resolve before `run` is called. */
export function createEngine(host: EngineHost): EngineApi {
  let pyodide: PyodideInterface | undefined;
  let beginPython: PyCallable | undefined;
  let executePython: PyCallable | undefined;
  let describePython: PyCallable | undefined;
  let explainPython: PyCallable | undefined;
  let plusBeginPython: PyCallable | undefined;
  let plusCallPython: PyCallable | undefined;
  let plusArgsPython: PyCallable | undefined;
  let interrupt: Int32Array | undefined;
  let phase: Int32Array | undefined;
  let image: MemoryImage | undefined;
  let jail: FsJail | undefined;
  let timers: TimerGuard | undefined;
  let outputCap = 64 * 1024;
  let maxHeapBytes = Infinity;
  let dead: string | undefined;

  const wasm = () => (pyodide as unknown as { _module: WasmModule & ModuleTables })._module;
  const heapBytes = (): number => wasm().HEAP8.buffer.byteLength;

  const load = async (python: PythonVersion, givenIndexURL: string | undefined, extra: Record<string, unknown>) => {
    const interpreter = INTERPRETERS[python];
    const files = host.files?.(python) ?? {};
    const indexURL = givenIndexURL ?? files.indexURL;
    const loadPyodide = await host.loadPyodide(python);
    const loaded = await loadPyodide({
      ...(indexURL ? { indexURL } : {}),
      // No packages are ever loaded: an empty lock file (each interpreter takes it its own way)
      // saves a fetch and makes `import numpy` a plain ModuleNotFoundError instead of advice to
      // load it from the network.
      ...interpreter.loadOptions(files.lockFileURL),
      packageBaseUrl: indexURL ?? './',
      stdout: () => {},
      stderr: () => {},
      // What Emscripten would otherwise take from the host (the browser's language): pinned, so an
      // interpreter, and a snapshot made in Node and restored in a browser, look the same everywhere.
      env: { LANG: 'C.UTF-8' },
      ...extra,
    });
    if (loaded.version !== interpreter.pyodide) throw new Error(`Python ${python} expects Pyodide ${interpreter.pyodide}, loaded ${loaded.version}`);
    return loaded;
  };

  /** The type of a Python exception that reached JavaScript; a fatal error is thrown on. */
  const pythonError = (error: unknown): string => {
    if (isFatal(error)) throw error;
    const type = (error as { type?: unknown }).type;
    return typeof type === 'string' ? type : '';
  };

  /**
   * One request: `work` calls into Python and builds the reply. The verdict is taken, then the
   * interpreter is reset (teardown, which the pool does not count against the program), then the
   * reply goes back.
   */
  function session<T>(id: number, work: () => T): T | RunFatal {
    if (!executePython || !image || !jail || !timers || dead) {
      return { id, kind: 'fatal', reason: dead ?? 'engine not booted', durationMs: 0 };
    }
    if (phase) Atomics.store(phase, 0, RUNNING);
    // A deadline that fired just after the previous program ended must not hit this one.
    if (interrupt) Atomics.store(interrupt, 0, 0);
    image.begin();
    timers.enter();
    const started = performance.now();
    let reply: T;
    try {
      reply = work();
    } catch (error) {
      // Python's own exceptions are handled in `work`: what reaches here left the interpreter unusable.
      dead = describe(error);
      return { id, kind: 'fatal', reason: dead, durationMs: performance.now() - started };
    } finally {
      timers.leave();
      if (phase) Atomics.store(phase, 0, TEARING_DOWN);
    }
    const recycle = heapBytes() > maxHeapBytes ? 'the heap grew past its limit' : (image.reset() ?? jail.reset());
    if (recycle) dead = `not reset: ${recycle}`;
    if (phase) Atomics.store(phase, 0, RUNNING);
    return recycle ? { ...reply, recycle } : reply;
  }

  return {
    async makeSnapshot(options: SnapshotOptions): Promise<Blob> {
      // Pyodide's memory snapshots are a private API (`_makeSnapshot`); the pool falls back to
      // plain boots if this fails. The harness runs here, so its imports and its namespace are in
      // the snapshot; `seal()` still runs in every restored worker (boot, below).
      const python = options.python ?? DEFAULT_PYTHON;
      if (!INTERPRETERS[python].snapshots) throw new Error(`Pyodide ${INTERPRETERS[python].pyodide} (Python ${python}) makes no memory snapshots`);
      const maker = await load(python, options.indexURL, { _makeSnapshot: true });
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
      const python = options.python ?? DEFAULT_PYTHON;
      if (snapshot && !INTERPRETERS[python].snapshots) throw new Error(`Pyodide ${INTERPRETERS[python].pyodide} (Python ${python}) restores no memory snapshots`);
      pyodide = await load(python, options.indexURL, snapshot ? { _loadSnapshot: snapshot } : {});
      outputCap = options.outputCap;
      maxHeapBytes = options.maxHeapBytes ?? Infinity;
      pyodide.setStdout(discard);
      pyodide.setStderr(discard);
      pyodide.setStdin({ error: true });
      if (options.interruptBuffer) {
        interrupt = options.interruptBuffer;
        pyodide.setInterruptBuffer(interrupt);
      }
      phase = options.phaseBuffer;
      const namespace =
        (snapshot && takeHarness(pyodide, host.harnessSource)) ?? runHarness(pyodide, host.harnessSource);
      beginPython = namespace.get('begin') as PyCallable;
      const builtins = pyodide.pyimport('builtins');
      // A proxy of its own: an attribute proxy dies with the proxy it was read from.
      executePython = (builtins.exec as PyCallable & { copy(): PyCallable }).copy();
      builtins.destroy();
      describePython = namespace.get('describe') as PyCallable;
      explainPython = namespace.get('explain') as PyCallable;
      plusBeginPython = namespace.get('plus_begin') as PyCallable;
      plusCallPython = namespace.get('plus_call') as PyCallable;
      plusArgsPython = namespace.get('plus_args') as PyCallable;
      // The first proxy of a `bytes` makes its proxy class, which the sealed realm no longer can:
      // made now, plus.py's answers come back as bytes.
      bytesOf(pyodide.runPython("b'0'"));
      const seal = namespace.get('seal') as PyCallable;
      const refreshTimezone = namespace.get('refresh_timezone') as PyCallable;
      const sys = pyodide.pyimport('sys');
      const pythonVersion = (sys.version as string).split(' ')[0];
      sys.destroy();
      refreshTimezone();
      refreshTimezone.destroy?.();
      // Before the seal sets the blocked names in sys.modules to None (3.11: builtin-modules.ts).
      const definitions = extensionDefinitions(wasm());
      pyodide.unregisterJsModule('js');
      pyodide.unregisterJsModule('pyodide_js');
      seal(outputCap, MESSAGE_CAP);
      seal.destroy?.();
      namespace.destroy();
      const module = wasm();
      blockBuiltins(module, undefined, definitions);
      cutBridge(module);
      jail = jailFileSystem(pyodide.FS as unknown as EmscriptenFs);
      timers = guardTimers();
      INTERPRETERS[python].beforeSeal?.(pyodide);
      host.sealGlobalScope();
      // Last: from here on, every program starts from exactly this interpreter.
      image = takeImage(module);
      return {
        python,
        pyodideVersion: pyodide.version,
        pythonVersion,
        bootMs: performance.now() - started,
        heapBytes: heapBytes(),
        imageBytes: image.bytes,
        interruptible: interrupt !== undefined,
        fromSnapshot: options.snapshot !== undefined,
      };
    },

    run(request: RunRequest): RunReply {
      return session(request.id, () => {
        const namespace = beginPython!(request.timeoutMs) as PyCallable;
        const started = performance.now();
        // `exec` itself, called from here: once it returns or raises, no frame of the harness is
        // left where the program (a trace function it set, say) could change how it ended.
        let raised = false;
        try {
          executePython!(request.program, namespace);
        } catch (error) {
          pythonError(error);
          raised = true;
        }
        const durationMs = performance.now() - started;
        let json: unknown;
        let lateError: string | undefined;
        try {
          json = describePython!(raised);
        } catch (error) {
          lateError = pythonError(error);
        }
        const parsed = lateError === undefined ? parseDescription(json, outputCap) : undefined;
        const status =
          decideStatus({ raised, lateError }, parsed?.described, durationMs, request.timeoutMs) ?? 'no result';
        const outputs = parsed?.outputs ?? { stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false };
        const error = parsed?.described?.error;
        return {
          id: request.id,
          kind: 'result' as const,
          status,
          ...outputs,
          ...(error && status !== 'passed' ? { error } : {}),
          ...(status === 'no result' && !parsed?.described?.messageRaised
            ? { noResultReason: 'the harness gave no account of how the program ended' }
            : {}),
          durationMs,
          heapBytes: heapBytes(),
        };
      });
    },

    plus(request: PlusRequest): PlusReply {
      return session(request.id, () => {
        const namespace = plusBeginPython!(request.mode === 'sample') as PyCallable & {
          __contains__?(key: string): unknown;
        };
        return judgePart(request, {
          exec: () => {
            try {
              executePython!(request.solution, namespace);
              return undefined;
            } catch (error) {
              return { type: pythonError(error) };
            }
          },
          hasEntryPoint: () => namespace.__contains__?.(request.entryPoint) === true,
          call: (input, limitMs, keepArgs) => {
            // A deadline written for the previous input must not hit this one.
            if (interrupt) Atomics.store(interrupt, 0, 0);
            try {
              return bytesOf(plusCallPython!(namespace, request.entryPoint, input, limitMs, keepArgs));
            } catch (error) {
              return { raised: pythonError(error) };
              return { raised: pythonError(error) };
            }
          },
          args: () => {
            try {
              return bytesOf(plusArgsPython!());
            } catch (error) {
              return { raised: pythonError(error) };
            }
          },
          heapBytes,
        });
      });
    },

    explain(request: ExplainRequest): ExplainResult | RunFatal {
      return session(request.id, () => {
        let report;
        let late = false;
        try {
          report = parseReport(explainPython!(request.prefix, request.test, request.entryPoint, request.timeoutMs));
        } catch (error) {
          // The limit fired as the explanation run ended.
          late = pythonError(error) === 'TimeoutException';
        }
        return {
          id: request.id,
          kind: 'explain' as const,
          report: report ?? { assertions: [], timedOut: late, unavailable: 'the explanation run gave no report' },
          heapBytes: heapBytes(),
        };
      });
    },
  };
}
