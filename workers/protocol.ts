/**
 * The one protocol between the pool (src/runner) and an engine worker: types only, imported with
 * `import type` on both sides so the compiler keeps them in step.
 */
import type { AssertionReport } from '../src/lib/assertions.ts';
import type { PackedValues } from '../src/lib/py-marshal.ts';
import type { PyError } from '../src/lib/verdict.ts';
import type { PythonVersion } from '../src/lib/python-version.ts';

/**
 * A memory snapshot as the pool hands it to a worker, raw or gzipped: a Blob (posting one passes a
 * reference instead of copying ~31 MB), or the URL of the one shipped with the site, which the
 * worker downloads itself alongside Pyodide's files.
 */
export type Snapshot = Blob | string;

/** Sent once, right after the worker starts. */
export interface BootOptions {
  /** Which interpreter to boot (workers/interpreters.ts); the default is DEFAULT_PYTHON, 3.11. */
  python?: PythonVersion;
  /** Absolute URL of the directory holding Pyodide's runtime files (browser); Node finds its own. */
  indexURL?: string;
  /** Shared Int32Array[2]: slot 0 is Pyodide's interrupt buffer (the pool writes 2 at the deadline). */
  interruptBuffer?: Int32Array;
  /** Cap on captured stdout and on captured stderr, in characters. */
  outputCap: number;
  /** A memory snapshot made by `makeSnapshot` for the same engine build: boots in a fraction of the time. */
  snapshot?: Snapshot;
  /**
   * Shared Int32Array[1], never handed to Pyodide: the worker writes 1 while it tears down after a
   * program (its verdict already taken), 0 otherwise, so the pool's deadlines skip the teardown.
   */
  phaseBuffer?: Int32Array;
  /** Above this wasm heap size the worker does not reset after a program: the pool replaces it. */
  maxHeapBytes?: number;
}

/** Options for making a memory snapshot; the worker that makes one never runs samples. */
export interface SnapshotOptions {
  /** Only interpreters whose Pyodide makes snapshots (3.14). */
  python?: PythonVersion;
  indexURL?: string;
}

export interface BootInfo {
  /** The interpreter booted. */
  python: PythonVersion;
  pyodideVersion: string;
  pythonVersion: string;
  bootMs: number;
  heapBytes: number;
  /** Bytes of the interpreter's image, copied back over its memory after every program. */
  imageBytes: number;
  /** The worker can be interrupted in place (a shared interrupt buffer was installed). */
  interruptible: boolean;
  /** The interpreter was restored from a memory snapshot. */
  fromSnapshot: boolean;
}

/** One program to execute, already assembled (src/lib/program.ts). */
export interface RunRequest {
  id: number;
  program: string;
  timeoutMs: number;
}

/** Run a program again with every assert of `check` recorded (src/lib/assertions.ts). */
export interface ExplainRequest {
  id: number;
  /** `prompt + completion`, or an EvalPlus solution: everything before the test. */
  prefix: string;
  test: string;
  entryPoint: string;
  timeoutMs: number;
}

export interface ExplainResult {
  id: number;
  kind: 'explain';
  report: AssertionReport;
  heapBytes: number;
  recycle?: string;
}

/** What the interpreter itself reported for a program. */
export interface RunResult {
  id: number;
  kind: 'result';
  /**
   * Decided by the worker's runtime, not by Python: `passed` (the program returned), `failed`
   * (any BaseException), `timed out` (the limit's exception ended it), or `no result` (the
   * reference would have recorded nothing: `str(e)` itself raised, or the harness was tampered with).
   */
  status: 'passed' | 'failed' | 'timed out' | 'no result';
  /** Why there is no result, when the cause is not `str(e)` raising. */
  noResultReason?: string;
  error?: PyError;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  durationMs: number;
  heapBytes: number;
  /** Set when the worker could not be reset after this run: the pool must replace it. */
  recycle?: string;
}

/** The interpreter died while running the program (a fatal Pyodide error); the worker is useless. */
export interface RunFatal {
  id: number;
  kind: 'fatal';
  reason: string;
  durationMs: number;
}

export type RunReply = RunResult | RunFatal;

/**
 * One part (base or plus) of a HumanEval+ evaluation, or the ground truth of one part
 * (ARCHITECTURE.md, "HumanEval+"). Inputs, expected outputs and outputs are marshalled Python
 * values (src/lib/py-marshal.ts): inputs as latin-1 strings, outputs as bytes.
 */
export interface PlusRequest {
  id: number;
  /** `sample`: judged against `expected`, fail-fast, with EvalPlus's guard; `expected`: the canonical
   * solution's outputs, with no limit and no guard beyond the engine's (EvalPlus runs it trusted). */
  mode: 'sample' | 'expected';
  /** The program exec'd once in a fresh namespace. */
  solution: string;
  entryPoint: string;
  /** Each input's argument list, marshalled. */
  inputs: string[];
  /** `sample` mode: each input's expected output, marshalled (shared memory where possible: never copied). */
  expected?: PackedValues;
  /** The task's atol (EvalPlus's comparison starts from it). */
  atol: number;
  /** HumanEval/32: judge with EvalPlus's find_zero oracle instead of the expected output. */
  findZero: boolean;
  /** Each input's limit (`sample` mode); the pool interrupts a call that runs past it. */
  inputLimitsMs?: number[];
  /**
   * Shared Int32Array[1] (when the host has SharedArrayBuffer): the worker writes 2i+1 while input
   * i's call runs and 2i+2 once it returned, so the pool can time each call and read how far a
   * killed part got.
   */
  progress?: Int32Array;
}

/** Why an input of a part failed. */
export type PlusFailureReason = 'value' | 'type' | 'length' | 'tolerance' | 'oracle' | 'error' | 'bad output';

export interface PlusFailure {
  /** 0-based index of the input in its part. */
  index: number;
  reason: PlusFailureReason;
  /** The output, marshalled (absent when it raised, or when it is longer than the cap). */
  actual?: Uint8Array;
  /** What the call raised (type name, and the message of a built-in exception). */
  error?: { type: string; message?: string };
  /** The call ran past its limit (the limit's exception ended it, or it returned after the limit). */
  pastLimit: boolean;
  durationMs: number;
}

export interface PlusResult {
  id: number;
  kind: 'plus';
  /** `pass` or `fail`, decided in the worker's JavaScript; `timeout` is the pool's (a killed part). */
  status: 'pass' | 'fail';
  /** The program itself failed (SyntaxError, an exception at module level) or has no entry point. */
  moduleError?: { type: string; message?: string };
  /** Inputs that finished, passed or failed (EvalPlus's `progress`). */
  completed: number;
  failure?: PlusFailure;
  /** `expected` mode: every output, marshalled. */
  outputs?: PackedValues;
  /** The longest call, and its input. */
  slowestMs: number;
  slowestIndex: number;
  durationMs: number;
  heapBytes: number;
  recycle?: string;
}

export type PlusReply = PlusResult | RunFatal;

/** The API an engine worker exposes through comlink. */
export interface EngineApi {
  boot(options: BootOptions): Promise<BootInfo>;
  /** Boot, import the harness's modules and return a memory snapshot of the interpreter (raw bytes). */
  makeSnapshot(options: SnapshotOptions): Promise<Blob>;
  run(request: RunRequest): RunReply;
  explain(request: ExplainRequest): ExplainResult | RunFatal;
  plus(request: PlusRequest): PlusReply;
}
