/**
 * The verified reference catalogue (ARCHITECTURE.md, "Known differences from CPython"):
 * each behaviour of a completion on human-eval's README example problem, `def return1():`, and the
 * exact result string openai/human-eval writes for it. One worker runs every case in order, so the
 * cases also show that a timed-out, crashed or killed sample does not disturb the next one.
 *
 * Where Pyodide cannot give what CPython gives (numpy, threads) or the reference's own answer is
 * CPython-version dependent (a busy loop that swallows the timeout), the test pins what we give and
 * says so; elsewhere it keeps the reference's string, and fails if the engine differs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleProgram } from '../../../src/lib/program.ts';
import type { Verdict } from '../../../src/lib/verdict.ts';
import { createNodePool } from '../../../src/runner/node-pool.ts';
import type { EnginePool, PoolStats } from '../../../src/runner/pool.ts';
import { RETURN1, expectSaneVerdict } from './harness-helpers.ts';
import { PYTHON_VERSIONS, type PythonVersion } from '../../../src/lib/python-version.ts';

/** Per-sample limit for the cases that must time out (the reference's 3 s would make this slow). */
const LIMIT = 1000;
/** The pool's grace after the limit before it kills the worker (DEFAULT_POOL_OPTIONS.graceMs). */
const GRACE = 1000;

interface Run {
  v: Verdict;
  /** Wall time seen by the test, in ms. */
  elapsed: number;
  before: PoolStats;
  after: PoolStats;
}

interface Case {
  name: string;
  /** The sample's completion; the program is the reference's assembly on `return1`. */
  completion: string;
  /** The reference's string; per interpreter where CPython 3.11 and 3.14 word it differently (checked on native 3.11.7). */
  expected: string | Readonly<Record<PythonVersion, string>>;
  timeoutMs?: number;
  check?(run: Run): void;
}

const program = (completion: string) => assembleProgram(RETURN1, { completion }).program;

const errorType = (type: string) => (r: Run) => expect(r.v.error?.type).toBe(type);
const timedOutInPlace = (r: Run) => {
  expect(r.v.timedOut).toBe(true);
  expect(r.v.crashed).toBe(false);
  expect(r.elapsed).toBeGreaterThanOrEqual(LIMIT - 20);
  expect(r.elapsed).toBeLessThan(LIMIT + 3000);
  // Stopped through the interrupt buffer: the same worker stays in service.
  expect(r.after.interrupts).toBe(r.before.interrupts + 1);
  expect(r.after.kills).toBe(r.before.kills);
  expect(r.after.crashes).toBe(r.before.crashes);
  expect(r.after.boots).toBe(r.before.boots);
};
/**
 * A sleep past the limit ends in place too, but by either of two clocks: the pool's interrupt, or
 * the reference's own ITIMER_REAL that `begin()` arms and `time.sleep` honours between slices
 * (workers/harness.py). On a loaded machine the pool's timer can fire after the sleep's own check.
 */
const sleptPastLimit = (r: Run) => {
  expect(r.v.timedOut).toBe(true);
  expect(r.v.crashed).toBe(false);
  expect(r.elapsed).toBeGreaterThanOrEqual(LIMIT - 20);
  expect(r.elapsed).toBeLessThan(LIMIT + 3000);
  expect(r.after.interrupts - r.before.interrupts).toBeLessThanOrEqual(1);
  expect(r.after.kills).toBe(r.before.kills);
  expect(r.after.crashes).toBe(r.before.crashes);
  expect(r.after.boots).toBe(r.before.boots);
};
const killedAfterGrace = (r: Run) => {
  expect(r.v.timedOut).toBe(true);
  expect(r.elapsed).toBeGreaterThanOrEqual(LIMIT + GRACE - 20);
  expect(r.elapsed).toBeLessThan(LIMIT + GRACE + 3000);
  expect(r.after.kills).toBe(r.before.kills + 1);
  expect(r.after.interrupts).toBe(r.before.interrupts);
};
const nextSampleStillPasses = (r: Run) => {
  expect(r.v.crashed).toBe(false);
  expect(r.v.timedOut).toBe(false);
};
const NONE_CALLABLE = "failed: 'NoneType' object is not callable";
const halted = (module: string): Case => ({
  name: `import ${module} is halted by the guard`,
  completion: `    import ${module}\n    return 1`,
  expected: `failed: import of ${module} halted; None in sys.modules`,
  check: errorType('ModuleNotFoundError'),
});
const RECURSION = 'failed: maximum recursion depth exceeded';

const CASES: Case[] = [
  // --- passed
  { name: 'return 1 (4 spaces)', completion: '    return 1', expected: 'passed' },
  { name: 'return 1 (2 spaces)', completion: '  return 1', expected: 'passed' },
  { name: 'return 1 (tab)', completion: '\treturn 1', expected: 'passed' },
  {
    name: 'print() then return 1: output is captured, not judged',
    completion: "    print('hi')\n    return 1",
    expected: 'passed',
    check: (r) => expect(r.v.stdout).toBe('hi\n'),
  },
  {
    name: 'writing to sys.__stdout__',
    completion: "    import sys\n    sys.__stdout__.write('x\\n')\n    return 1",
    expected: 'passed',
  },
  {
    name: 'unicode output',
    completion: "    print('héllo wörld ✓ 日本 🎉')\n    return 1",
    expected: 'passed',
    check: (r) => expect(r.v.stdout).toBe('héllo wörld ✓ 日本 🎉\n'),
  },
  {
    name: 'a million characters of stdout: capped and flagged',
    completion: "    print('x' * 10**6)\n    return 1",
    expected: 'passed',
    check: (r) => {
      expect(r.v.stdoutTruncated).toBe(true);
      expect(r.v.stdout.length).toBeLessThanOrEqual(64 * 1024);
      expect(r.v.stdout.length).toBeGreaterThan(0);
      expect(r.v.stderrTruncated).toBe(false);
    },
  },
  {
    name: 'a million characters of stderr: capped and flagged',
    completion: "    import sys\n    sys.stderr.write('e' * 10**6)\n    return 1",
    expected: 'passed',
    check: (r) => {
      expect(r.v.stderrTruncated).toBe(true);
      expect(r.v.stderr.length).toBeLessThanOrEqual(64 * 1024);
      expect(r.v.stdoutTruncated).toBe(false);
    },
  },
  {
    name: "open('f.txt', 'w') in the scratch cwd",
    completion:
      "    with open('f.txt', 'w') as f:\n        f.write('hi')\n    import os\n    return 1 if os.path.exists('f.txt') else 0",
    expected: 'passed',
  },
  {
    name: 'time.sleep(0.5) then return 1',
    completion: '    import time\n    time.sleep(0.5)\n    return 1',
    expected: 'passed',
    timeoutMs: 3000,
    check: (r) => expect(r.elapsed).toBeGreaterThanOrEqual(480),
  },
  {
    name: 'if __name__ == "__main__" blocks never run (__name__ is builtins)',
    completion: "    return 1\nif __name__ == '__main__':\n    return1 = None",
    expected: 'passed',
  },
  {
    name: "__name__ resolves to 'builtins'",
    completion: "    return 1\nassert __name__ == 'builtins', __name__",
    expected: 'passed',
  },
  {
    name: 'a completion that defines check() itself: the test defines it again, later',
    completion: '    return 1\ndef check(c):\n    pass',
    expected: 'passed',
  },
  {
    name: "a completion's own check() does not replace the test's (return 2 still fails)",
    completion: '    return 2\ndef check(c):\n    pass',
    expected: 'failed: ',
    check: errorType('AssertionError'),
  },
  {
    name: 'module-level globals set by the completion',
    completion: '    return COUNTER + 1\nCOUNTER = 0\nimport math\nfoo = [1, 2]\ncandidate = None',
    expected: 'passed',
  },
  {
    // Verified with the reference's code on CPython 3.11: os.unsetenv is not guarded, so this passes.
    name: 'deleting an environment variable, then return 1',
    completion: "    import os\n    del os.environ['OMP_NUM_THREADS']\n    os.environ.pop('HOME', None)\n    return 1",
    expected: 'passed',
    check: (r) => expect(r.v.crashed, r.v.crashReason).toBe(false),
  },
  {
    name: 'setting an environment variable: os.putenv is None under the guard',
    completion: "    import os\n    os.environ['X'] = 'y'\n    return 1",
    expected: NONE_CALLABLE,
  },
  // --- failed
  { name: 'return 2', completion: '    return 2', expected: 'failed: ', check: errorType('AssertionError') },
  { name: 'generator body', completion: '    yield 1', expected: 'failed: ', check: errorType('AssertionError') },
  { name: 'bare assert', completion: '    assert False', expected: 'failed: ', check: errorType('AssertionError') },
  {
    name: 'assert with a message',
    completion: "    assert False, 'nope'",
    expected: 'failed: nope',
    check: errorType('AssertionError'),
  },
  { name: 'input()', completion: '    return input()', expected: 'failed: ', check: errorType('OSError') },
  {
    name: 'sys.stdin.read()',
    completion: '    import sys\n    return sys.stdin.read()',
    expected: 'failed: ',
    check: errorType('OSError'),
  },
  {
    name: 'sys.stdin.readlines()',
    completion: '    import sys\n    return sys.stdin.readlines()',
    expected: 'failed: ',
    check: errorType('OSError'),
  },
  {
    name: 'sys.exit(0) inside the function',
    completion: '    import sys\n    sys.exit(0)',
    expected: 'failed: 0',
    check: errorType('SystemExit'),
  },
  {
    name: 'sys.exit(0) at top level',
    completion: '    return 1\nimport sys\nsys.exit(0)',
    expected: 'failed: 0',
    check: errorType('SystemExit'),
  },
  { name: 'sys.exit() without a code', completion: '    import sys\n    sys.exit()', expected: 'failed: ' },
  {
    name: "raise SystemExit('bye')",
    completion: "    raise SystemExit('bye')",
    expected: 'failed: bye',
    check: errorType('SystemExit'),
  },
  {
    name: 'raise KeyboardInterrupt is a failure, not a timeout',
    completion: '    raise KeyboardInterrupt',
    expected: 'failed: ',
    check: (r) => {
      expect(r.v.error?.type).toBe('KeyboardInterrupt');
      expect(r.v.timedOut).toBe(false);
    },
  },
  {
    name: "an exception saying 'Timed out!' is a failure, not a timeout",
    completion: "    raise Exception('Timed out!')",
    expected: 'failed: Timed out!',
  },
  { name: 'exit()', completion: '    exit()', expected: NONE_CALLABLE, check: errorType('TypeError') },
  { name: 'quit()', completion: '    quit()', expected: NONE_CALLABLE },
  { name: 'help()', completion: '    help()', expected: NONE_CALLABLE },
  { name: "os.system('ls')", completion: "    import os\n    os.system('ls')", expected: NONE_CALLABLE },
  { name: 'os.getcwd()', completion: '    import os\n    return os.getcwd()', expected: NONE_CALLABLE },
  {
    name: 'subprocess.Popen(...)',
    completion: "    import subprocess\n    subprocess.Popen(['ls'])",
    expected: NONE_CALLABLE,
  },
  {
    name: 'subprocess.check_output(...) (goes through Popen)',
    completion: "    import subprocess\n    subprocess.check_output('rm -rf tmp')",
    expected: NONE_CALLABLE,
  },
  halted('resource'),
  halted('psutil'),
  halted('tkinter'),
  halted('joblib'),
  halted('ipdb'),
  {
    name: '1/0',
    completion: '    return 1/0',
    expected: 'failed: division by zero',
    check: errorType('ZeroDivisionError'),
  },
  {
    name: 'undefined name',
    completion: '    return x',
    expected: "failed: name 'x' is not defined",
    check: errorType('NameError'),
  },
  { name: "{}['a']", completion: "    return {}['a']", expected: "failed: 'a'", check: errorType('KeyError') },
  {
    name: 'multi-line exception message keeps its newline',
    completion: "    raise ValueError('line1\\nline2')",
    expected: 'failed: line1\nline2',
  },
  {
    name: 'infinite recursion',
    completion: '    return return1()',
    expected: RECURSION,
    check: errorType('RecursionError'),
  },
  {
    name: 'recursion 3000 deep',
    completion: '    def f(n):\n        return 0 if n == 0 else 1 + f(n - 1)\n    return f(3000)',
    expected: RECURSION,
  },
  {
    name: 'recursion through functools.lru_cache, 5000 deep',
    completion:
      '    import functools\n    @functools.lru_cache(None)\n    def f(n):\n        return 0 if n == 0 else 1 + f(n - 1)\n    return f(5000)',
    // Pinned, not the reference: native CPython 3.11.7 says RECURSION here; Pyodide 0.25's 3.11.3
    // hits the limit in the C call of the cache wrapper, which adds CPython's own suffix
    // (ARCHITECTURE.md, "Known differences from CPython").
    expected: { '3.11': `${RECURSION} while calling a Python object`, '3.14': RECURSION },
    timeoutMs: 3000,
  },
  // --- CPython's wording, by version (issue 12). The 3.11 strings are the reference's on native
  // CPython 3.11.7 (checked); the 3.14 ones are CPython 3.14's own.
  {
    name: 'max([]): worded by version',
    completion: '    return max([])',
    expected: { '3.11': 'failed: max() arg is an empty sequence', '3.14': 'failed: max() iterable argument is empty' },
  },
  {
    name: 'list.index of a missing value: worded by version',
    completion: '    return [1].index("(")',
    expected: { '3.11': "failed: '(' is not in list", '3.14': 'failed: list.index(x): x not in list' },
  },
  {
    name: 'unpacking too many values: worded by version',
    completion: '    a, b = [1, 2, 3, 4, 5]',
    expected: { '3.11': 'failed: too many values to unpack (expected 2)', '3.14': 'failed: too many values to unpack (expected 2, got 5)' },
  },
  {
    name: 'integer modulo by zero: worded by version',
    completion: '    return 1 % 0',
    expected: { '3.11': 'failed: integer modulo by zero', '3.14': 'failed: division by zero' },
  },
  {
    name: 'math.sqrt(-1): worded by version',
    completion: '    import math\n    return math.sqrt(-1)',
    expected: { '3.11': 'failed: math domain error', '3.14': 'failed: expected a nonnegative input, got -1.0' },
  },
  {
    name: "int.is_integer(): from 3.12 on, so 3.11 fails it",
    completion: '    return int((1).is_integer())',
    expected: { '3.11': "failed: 'int' object has no attribute 'is_integer'", '3.14': 'passed' },
  },
  // --- as Linux prints it, and the reference's timers (issue 12); checked on native CPython 3.11.7
  {
    name: "open('input.txt'): Linux's errno, Emscripten's kept in the note",
    completion: "    return open('input.txt').read()",
    expected: "failed: [Errno 2] No such file or directory: 'input.txt'",
    check: (r) => {
      expect(r.v.error?.type).toBe('FileNotFoundError');
      expect(r.v.error?.note).toBe("Emscripten's errno 44: [Errno 44] No such file or directory: 'input.txt'");
    },
  },
  {
    name: 'an OSError the sample raises itself keeps its number',
    completion: "    raise OSError(44, 'made up')",
    expected: 'failed: [Errno 44] made up',
    check: (r) => expect(r.v.error?.note).toBeUndefined(),
  },
  {
    name: 'signal.alarm(1) then sleep(2): the alarm times it out after 1 s, as the reference',
    completion: '    import signal, time\n    signal.alarm(1)\n    time.sleep(2)\n    return 1',
    expected: 'timed out',
    check: (r) => {
      expect(r.elapsed).toBeGreaterThanOrEqual(1000 - 20);
      expect(r.elapsed).toBeLessThan(1900);
    },
  },
  {
    name: 'setitimer(ITIMER_REAL, 0) disables the timer, then a busy loop: still timed out',
    completion: '    import signal\n    signal.setitimer(signal.ITIMER_REAL, 0)\n    while True: pass',
    expected: 'timed out',
    timeoutMs: LIMIT,
    check: timedOutInPlace,
  },
  {
    name: "the sample's own SIGALRM handler runs when its setitimer fires during a sleep",
    completion: '    import signal, time\n    def h(n, f): raise KeyError("alarm")\n    signal.signal(signal.SIGALRM, h)\n    signal.setitimer(signal.ITIMER_REAL, 0.1)\n    time.sleep(1)\n    return 1',
    expected: "failed: 'alarm'",
  },
  {
    name: "setitimer returns the previous timer (the guard's own 3 s limit), getitimer and alarm(0) read it",
    completion:
      '    import signal\n    old = signal.setitimer(signal.ITIMER_REAL, 5, 1)\n    assert 2.5 < old[0] <= 3 and old[1] == 0.0, old\n    assert signal.getitimer(signal.ITIMER_REAL)[1] == 1.0\n    assert signal.alarm(0) == 5\n    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)\n    return 1',
    expected: 'passed',
  },
  {
    name: 'str(10**5000): the 4300-digit limit',
    completion: '    return str(10**5000)',
    expected:
      'failed: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit',
    check: errorType('ValueError'),
  },
  {
    name: 'bytearray(2**31 - 1): MemoryError, empty message',
    completion: '    x = bytearray(2**31 - 1)\n    return 1',
    expected: 'failed: ',
    check: errorType('MemoryError'),
  },
  {
    // Reference (64-bit CPython): MemoryError. On wasm32 the size overflows Py_ssize_t first
    // (OverflowError "cannot fit 'int' into an index-sized integer"); the harness reports that as
    // the reference's MemoryError.
    name: 'bytearray(10**11): MemoryError, empty message',
    completion: '    return bytearray(10**11)',
    expected: 'failed: ',
    check: errorType('MemoryError'),
  },
  {
    name: '[0] * 10**10: MemoryError, empty message',
    completion: '    return [0] * 10**10',
    expected: 'failed: ',
    check: errorType('MemoryError'),
  },
  {
    name: 'return 1 + (syntax error)',
    completion: '    return 1 +',
    expected: 'failed: invalid syntax (<string>, line 2)',
    check: (r) => {
      expect(r.v.error?.type).toBe('SyntaxError');
      expect(r.v.error?.line).toBe(2);
    },
  },
  {
    name: "unterminated '''",
    completion: "    '''\n    return 1",
    // Same string from the reference's code on CPython 3.11 for this exact program.
    expected: 'failed: unterminated triple-quoted string literal (detected at line 7) (<string>, line 2)',
    check: (r) => {
      expect(r.v.error?.type).toBe('SyntaxError');
      expect(r.v.error?.message).toContain('(<string>, line 2)');
    },
  },
  {
    name: 'empty completion on a prompt without a docstring',
    completion: '',
    expected: 'failed: expected an indented block after function definition on line 1 (<string>, line 3)',
    check: errorType('IndentationError'),
  },
  {
    name: 'tab-indented body after a 4-space docstring: TabError',
    completion: '    """doc"""\n\treturn 1',
    expected: 'failed: inconsistent use of tabs and spaces in indentation (<string>, line 3)',
    check: errorType('TabError'),
  },
  {
    // Not the reference: its CLI imported numpy before forking, so this passed there (measured on
    // CPython). The engine loads no packages, so numpy is a plain ModuleNotFoundError
    // (ARCHITECTURE.md, "Known differences from CPython").
    name: 'import numpy (differs from the reference CLI, which had numpy)',
    completion: '    import numpy\n    return 1',
    expected: "failed: No module named 'numpy'",
    check: errorType('ModuleNotFoundError'),
  },
  {
    // Not the reference (it passes after the join-timeout kill): Pyodide cannot start threads.
    name: 'starting a thread (differs from the reference: Pyodide has no threads)',
    completion: '    import threading, time\n    threading.Thread(target=lambda: time.sleep(30)).start()\n    return 1',
    expected: "failed: can't start new thread",
    check: errorType('RuntimeError'),
  },
  // --- no result: the reference's except block raises, so it records nothing
  {
    name: 'an exception whose __str__ raises: no result, so timed out',
    completion:
      "    class E(Exception):\n        def __str__(self):\n            raise ValueError('no')\n    raise E()",
    expected: 'timed out',
    check: (r) => {
      expect(r.v.timedOut).toBe(false);
      expect(r.v.crashed).toBe(false);
      expect(r.elapsed).toBeLessThan(LIMIT);
    },
  },
  // --- timed out in place (interrupt buffer), worker reused
  { name: 'while True: pass', completion: '    while True: pass', expected: 'timed out', timeoutMs: LIMIT, check: timedOutInPlace },
  { name: 'the worker that was interrupted runs the next sample', completion: '    return 1', expected: 'passed' },
  {
    name: 'infinite loop at module level, after the function',
    completion: '    return 1\nwhile True: pass',
    expected: 'timed out',
    timeoutMs: LIMIT,
    check: timedOutInPlace,
  },
  {
    name: 'time.sleep(10)',
    completion: '    import time\n    time.sleep(10)\n    return 1',
    expected: 'timed out',
    timeoutMs: LIMIT,
    check: sleptPastLimit,
  },
  {
    name: 'a sleep that swallows the timeout passes late, like the reference',
    completion: '    import time\n    try:\n        time.sleep(100)\n    except Exception:\n        pass\n    return 1',
    expected: 'passed',
    timeoutMs: LIMIT,
    check: (r) => {
      expect(r.v.timedOut).toBe(false);
      expect(r.elapsed).toBeGreaterThanOrEqual(LIMIT - 20);
      expect(r.elapsed).toBeLessThan(LIMIT + 3000);
      expect(r.after.kills).toBe(r.before.kills);
    },
  },
  {
    // On Python 3.14 the interrupt lands inside the `try`, so the sample catches it and passes. On
    // 3.11 it lands on the loop's back-edge, outside the try range, so the sample times out: what
    // the reference's code says on native CPython 3.11.7 (checked), and what the 3.11 engine says.
    name: 'a busy loop swallowing the timeout with except BaseException (3.14: passed)',
    completion: '    try:\n        while True: pass\n    except BaseException:\n        return 1',
    expected: { '3.11': 'timed out', '3.14': 'passed' },
    timeoutMs: LIMIT,
    check: (r) => {
      expect(r.elapsed).toBeGreaterThanOrEqual(LIMIT - 20);
      expect(r.after.kills).toBe(r.before.kills);
    },
  },
  {
    name: 'a busy loop swallowing the timeout with except Exception (3.14: passed)',
    completion: '    try:\n        while True: pass\n    except Exception:\n        return 1',
    expected: { '3.11': 'timed out', '3.14': 'passed' },
    timeoutMs: LIMIT,
    check: (r) => expect(r.after.kills).toBe(r.before.kills),
  },
  // --- no result because the interpreter died or had to be killed
  {
    name: 'os._exit(0): no result, so timed out; the worker is replaced',
    completion: '    import os\n    os._exit(0)',
    expected: 'timed out',
    timeoutMs: LIMIT,
    check: (r) => {
      expect(r.v.crashed).toBe(true);
      expect(r.v.timedOut).toBe(false);
      // Reported as soon as the interpreter died, not when the hard kill would have fired.
      expect(r.elapsed).toBeLessThan(LIMIT + GRACE);
      expect(r.after.crashes).toBe(r.before.crashes + 1);
    },
  },
  { name: 'the sample after os._exit passes', completion: '    return 1', expected: 'passed', check: nextSampleStillPasses },
  {
    name: 'SIGINT ignored, then a loop: timed out by the hard kill',
    completion: '    import signal\n    signal.signal(signal.SIGINT, signal.SIG_IGN)\n    while True: pass',
    expected: 'timed out',
    timeoutMs: LIMIT,
    check: killedAfterGrace,
  },
  { name: 'the sample after the SIG_IGN kill passes', completion: '    return 1', expected: 'passed', check: nextSampleStillPasses },
  {
    name: 'a C-level loop (sum(itertools.repeat(1))): timed out by the hard kill',
    completion: '    import itertools\n    return sum(itertools.repeat(1))',
    expected: 'timed out',
    timeoutMs: LIMIT,
    check: killedAfterGrace,
  },
  {
    name: 'the sample after the C-loop kill passes, and a loop is again stopped in place',
    completion: '    return 1',
    expected: 'passed',
    check: nextSampleStillPasses,
  },
  { name: 'while True: pass on the replacement worker', completion: '    while True: pass', expected: 'timed out', timeoutMs: LIMIT, check: timedOutInPlace },
  { name: 'last sample passes', completion: '    return 1', expected: 'passed' },
];

const expectedFor = (c: Case, python: PythonVersion) => (typeof c.expected === 'string' ? c.expected : c.expected[python]);

for (const python of PYTHON_VERSIONS) describe(`the verified reference catalogue, on one worker (Python ${python})`, () => {
  let pool: EnginePool;
  beforeAll(async () => {
    pool = createNodePool({ python, size: 1, spare: false, timeoutMs: 3000 });
    await pool.ready;
  });
  afterAll(() => pool?.close());

  it('has at least 45 behaviours', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const before = pool.stats();
      const started = performance.now();
      const v = await pool.evaluate(program(c.completion), { timeoutMs: c.timeoutMs ?? 3000 });
      const elapsed = performance.now() - started;
      const after = pool.stats();
      expectSaneVerdict(v, c.name);
      if (process.env.CATALOGUE_DUMP) console.log(`CATALOGUE ${python} ${JSON.stringify(c.name)} ${JSON.stringify(v.result)}`);
      expect(v.result).toBe(expectedFor(c, python));
      expect(v.passed).toBe(expectedFor(c, python) === 'passed');
      c.check?.({ v, elapsed, before, after });
    });
  }
});
