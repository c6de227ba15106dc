# The harness that runs one assembled HumanEval program inside a long-lived Pyodide interpreter with
# the semantics of openai/human-eval's execution.py (ARCHITECTURE.md, "The reference semantics").
#
# It never cleans up after a program. After `seal()`, the runtime (workers/runtime.ts) takes an
# image of the interpreter's memory and copies it back after every program, so each one starts
# from the same interpreter whatever the one before did. Nor does it run or judge the program:
# `begin()` arms the limit and hands the runtime a fresh namespace, the runtime calls `exec` itself
# and judges from whether it raised and its own clock, and `describe()` only says how it ended.
# Nothing a program made is freed before the reset (which frees nothing, it overwrites), so no
# `__del__` or weakref callback of the program runs after it has ended.
#
# Loaded once per worker by workers/runtime.ts, which then calls `seal()` once, and per program
# `begin()`, `exec` and `describe()` (or explain.py's `explain()`).
# No `from __future__` import here: `exec` inherits the caller's future flags.
import builtins
import gc
import io
import json
import os
import random
import shutil
import _signal
import signal
import subprocess
import sys
import time

# Modules completions and tests commonly import, loaded before the image is taken so that a
# sample's `import` finds them ready instead of importing them again every time.
_PRELOAD = (
    "abc array ast base64 bisect calendar cmath collections collections.abc contextlib copy "
    "dataclasses datetime decimal enum fractions functools hashlib heapq inspect itertools json "
    "keyword locale math numbers operator re statistics string struct textwrap typing "
    "unicodedata"
).split()
for _name in _PRELOAD:
    __import__(_name)


class TimeoutException(Exception):
    """Raised in the sample when the limit fires, like the reference's SIGALRM handler does."""


class _Capture(io.StringIO):
    """The reference's WriteOnlyStringIO with a cap: output is kept for display, never read back."""

    def __init__(self, cap):
        super().__init__()
        self._room = cap
        self.truncated = False

    def write(self, s):
        n = len(s)
        if self._room > 0:
            super().write(s if n <= self._room else s[: self._room])
        if n > self._room:
            self.truncated = True
        self._room = max(0, self._room - n)
        return n

    def read(self, *args, **kwargs):
        raise OSError

    def readline(self, *args, **kwargs):
        raise OSError

    def readlines(self, *args, **kwargs):
        raise OSError

    def readable(self, *args, **kwargs):
        return False


class _State:
    armed = False
    # perf_counter() before which an interrupt cannot be this run's deadline (see _arm).
    earliest = 0.0
    output_cap = 64 * 1024
    message_cap = 64 * 1024
    out = None
    err = None
    # What the last program left: its exception (or None) and its globals. Held until the reset.
    exception = None
    namespace = None
    # The limit exception the program's own alarm raised (it counts as timed out, as in the reference).
    alarm = None


_state = _State()
_LAST_EXCEPTION = "last_exc" if sys.version_info >= (3, 12) else "last_value"
_getframe = sys._getframe


def _quick_format_exception(real):
    """Pyodide 0.25 (3.11) formats the whole traceback of an exception as it leaves `exec` for
    JavaScript, calling `traceback.format_exception` from C with no Python frame above it; the
    runtime never reads that text (it reads `sys.last_value`). A chain 100,000 long takes seconds
    to format, on the program's clock, and fails in a worker's stack. So that one call, and only
    it, gets an empty text; a program's own call has its frame above and gets the real one."""

    def format_exception(*args, **kwargs):
        if _getframe().f_back is None:
            return [""]
        return real(*args, **kwargs)

    for attr in ("__module__", "__name__", "__qualname__", "__doc__", "__wrapped__"):
        setattr(format_exception, attr, real if attr == "__wrapped__" else getattr(real, attr))
    return format_exception
_perf = time.perf_counter
_sleep = time.sleep


def _on_interrupt(signum, frame):
    # The pool writes the interrupt buffer at the deadline: a one-shot alarm, as in the reference
    # (`setitimer` with no interval). A stale interrupt outside a run is ignored, and so is one
    # that comes too early to be this run's own deadline: the pool queues the next sample in the
    # worker before the current one ends, so a deadline that fires just as a sample finishes can
    # land at the start of the next one.
    if _state.armed and _perf() >= _state.earliest:
        _state.armed = False
        raise TimeoutException("Timed out!")


def _arm(timeout_ms):
    """Start the run's clock; its deadline interrupt is honoured from half the limit on."""
    _state.earliest = _perf() + timeout_ms / 2000 if timeout_ms else 0.0
    _state.armed = True


class _Timers:
    """The program's interval timers (Emscripten has no setitimer or alarm): `(deadline, interval)`
    per timer, deadlines on perf_counter. Only ITIMER_REAL ever fires, and only while the program
    sleeps (time.sleep), where a native one would interrupt the sleep; nothing interrupts a
    computation but the harness's own deadline, which these timers never touch."""

    timers = {}


def _setitimer(which, seconds, interval=0.0):
    if which not in (_signal.ITIMER_REAL, _signal.ITIMER_VIRTUAL, _signal.ITIMER_PROF):
        raise _signal.ItimerError(22, "Invalid argument")
    seconds, interval = float(seconds), float(interval)
    if seconds < 0 or interval < 0:
        raise _signal.ItimerError(22, "Invalid argument")
    old = _getitimer(which)
    _Timers.timers[which] = (_perf() + seconds, interval) if seconds > 0 else None
    return old


def _getitimer(which):
    if which not in (_signal.ITIMER_REAL, _signal.ITIMER_VIRTUAL, _signal.ITIMER_PROF):
        raise _signal.ItimerError(22, "Invalid argument")
    timer = _Timers.timers.get(which)
    if timer is None:
        return (0.0, 0.0)
    return (max(0.0, timer[0] - _perf()), timer[1])


def _alarm(seconds):
    left, _ = _setitimer(_signal.ITIMER_REAL, int(seconds))
    return int(left + 0.999999) if left else 0


def _deliver_alarm():
    """Fire ITIMER_REAL if it is due: the program's SIGALRM handler runs, or, as under the
    reference's own handler (the default here), the limit exception is raised."""
    timer = _Timers.timers.get(_signal.ITIMER_REAL)
    if timer is None or _perf() < timer[0]:
        return
    _Timers.timers[_signal.ITIMER_REAL] = (timer[0] + timer[1], timer[1]) if timer[1] else None
    handler = _signal.getsignal(_signal.SIGALRM)
    if handler == _signal.SIG_IGN:
        return
    if callable(handler):
        handler(_signal.SIGALRM, _getframe(2))
        return
    e = TimeoutException("Timed out!")
    _state.alarm = e
    raise e


def _interruptible_sleep(seconds):
    """time.sleep in slices, so the deadline can interrupt it (Pyodide's sleep ignores signals),
    and so can the program's own alarm."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    end = _perf() + seconds
    while True:
        _deliver_alarm()
        left = end - _perf()
        if left <= 0:
            return
        _sleep(min(left, 0.02))


def _reliability_guard():
    """What human-eval's reliability_guard does, minus the parts with no meaning here."""
    os.environ["OMP_NUM_THREADS"] = "1"
    builtins.exit = None
    builtins.quit = None
    builtins.help = None
    for name in (
        "kill system putenv remove removedirs rmdir fchdir setuid fork forkpty killpg rename "
        "renames truncate replace unlink fchmod fchown chmod chown chroot lchflags lchmod lchown "
        "getcwd chdir"
    ).split():
        setattr(os, name, None)
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    subprocess.Popen = None
    for name in ("ipdb", "joblib", "resource", "psutil", "tkinter"):
        sys.modules[name] = None


# Modules through which Python reaches JavaScript, and the C modules that read and write the
# interpreter's memory. The runtime also makes the built-in ones impossible to create again
# (workers/builtin-modules.ts) and points the JavaScript values Pyodide's bridge starts from at
# inert objects, which holds even for a sample that finds another route.
_BLOCKED_PREFIXES = (
    "js", "pyodide_js", "pyodide", "_pyodide", "_pyodide_core", "micropip", "ctypes", "_ctypes",
    "_testcapi", "_testinternalcapi", "_testlimitedcapi", "_testclinic", "_testclinic_limited",
    "_testbuffer", "_xxtestfuzz", "_remote_debugging",
)
# What stays importable from Pyodide's bridge module's copies: nothing that makes a proxy.
_BRIDGE_FUNCTIONS = ("create_proxy", "create_once_callable", "to_js", "destroy_proxies", "run_sync", "run_js")


def _blocked(name):
    return any(name == p or name.startswith(p + ".") for p in _BLOCKED_PREFIXES)


def _quiet_excepthook(*args):
    pass


def seal(output_cap, message_cap):
    """Apply the guard, cut the bridge to JavaScript, and leave the interpreter as every program
    finds it: the runtime takes its image right after this returns."""
    _state.output_cap = int(output_cap)
    _state.message_cap = int(message_cap)
    _reliability_guard()
    time.sleep = _interruptible_sleep
    # The reference's guard calls setitimer and alarm; Emscripten provides neither (and its
    # getitimer reports a timer nobody can set), so the program gets these.
    for module in (_signal, signal):
        module.setitimer, module.getitimer, module.alarm = _setitimer, _getitimer, _alarm
    for name, module in list(sys.modules.items()):
        if module is not None and _blocked(name):
            attributes = getattr(module, "__dict__", None) if type(module) is type(sys) else None
            for attr in _BRIDGE_FUNCTIONS if type(attributes) is dict else ():
                attributes.pop(attr, None)
            sys.modules[name] = None
    for name in _BLOCKED_PREFIXES:
        sys.modules[name] = None
    # typing keeps every @overload stub by module; Pyodide's stubs lead to their modules' globals.
    registry = getattr(sys.modules.get("typing"), "_overload_registry", None)
    for module_name in [m for m in registry or () if _blocked(m)]:
        del registry[module_name]
    sys.meta_path[:] = [f for f in sys.meta_path if "JsFinder" not in type(f).__name__]
    if sys.version_info < (3, 12):
        import traceback

        traceback.format_exception = _quick_format_exception(traceback.format_exception)
    _signal.signal(_signal.SIGINT, _on_interrupt)
    # Pyodide prints an exception that reaches JavaScript through sys.excepthook (after setting
    # sys.last_exc, where describe() finds it); the program's captured stderr must not get it.
    sys.excepthook = _quiet_excepthook
    _state.out = _Capture(_state.output_cap)
    _state.err = _Capture(_state.output_cap)
    sys.stdout, sys.stderr, sys.stdin = _state.out, _state.err, _state.out
    gc.collect()
    # Objects alive now are the image's: collections during a program only walk what it made.
    gc.freeze()


def begin(timeout_ms):
    """Start a run: reseed `random`, arm the limit; returns the program's fresh globals. The
    runtime then calls the `exec` builtin itself, so no frame of this harness is left for the
    program to rewrite (with a trace function, say) between its last bytecode and the runtime."""
    random.seed()
    namespace = _state.namespace = {}
    # The reference's guard runs every program under its own ITIMER_REAL, which the program can
    # read, replace or cancel; cancelling it does not cancel this harness's deadline.
    _Timers.timers = {_signal.ITIMER_REAL: (_perf() + timeout_ms / 1000, 0.0)} if timeout_ms else {}
    _arm(timeout_ms)
    return namespace


def disarm():
    """The run is over: an interrupt from now on is stale."""
    _state.armed = False


def keep(exception):
    """Hold what a run raised until the reset, so nothing it made is freed (and none of its code
    runs) before then."""
    _state.exception = exception


def message_of(e):
    """`str(e)` as the reference takes it, capped; None when that raises."""
    return _message(e)[0]


def _frames(tb, limit=40):
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append({"file": code.co_filename, "line": tb.tb_lineno, "name": code.co_name})
        tb = tb.tb_next
    # The runtime calls `exec` itself, so the first frame is the program's; the innermost are the
    # useful ones.
    return frames[-limit:]


# Emscripten numbers errno its own way (ENOENT is 44, EACCES 2); the reference runs on Linux, whose
# numbers and glibc texts these are (read on Linux, CPython 3.11.7). An OSError raised with
# Emscripten's number and text reads as Linux prints it; the original goes in the rich error's note.
_LINUX_ERRNO = {
    'EPERM': (1, 'Operation not permitted'),
    'ENOENT': (2, 'No such file or directory'),
    'ESRCH': (3, 'No such process'),
    'EINTR': (4, 'Interrupted system call'),
    'EIO': (5, 'Input/output error'),
    'ENXIO': (6, 'No such device or address'),
    'E2BIG': (7, 'Argument list too long'),
    'ENOEXEC': (8, 'Exec format error'),
    'EBADF': (9, 'Bad file descriptor'),
    'ECHILD': (10, 'No child processes'),
    'EAGAIN': (11, 'Resource temporarily unavailable'),
    'ENOMEM': (12, 'Cannot allocate memory'),
    'EACCES': (13, 'Permission denied'),
    'EFAULT': (14, 'Bad address'),
    'EBUSY': (16, 'Device or resource busy'),
    'EEXIST': (17, 'File exists'),
    'EXDEV': (18, 'Invalid cross-device link'),
    'ENODEV': (19, 'No such device'),
    'ENOTDIR': (20, 'Not a directory'),
    'EISDIR': (21, 'Is a directory'),
    'EINVAL': (22, 'Invalid argument'),
    'ENFILE': (23, 'Too many open files in system'),
    'EMFILE': (24, 'Too many open files'),
    'ENOTTY': (25, 'Inappropriate ioctl for device'),
    'ETXTBSY': (26, 'Text file busy'),
    'EFBIG': (27, 'File too large'),
    'ENOSPC': (28, 'No space left on device'),
    'ESPIPE': (29, 'Illegal seek'),
    'EROFS': (30, 'Read-only file system'),
    'EMLINK': (31, 'Too many links'),
    'EPIPE': (32, 'Broken pipe'),
    'EDOM': (33, 'Numerical argument out of domain'),
    'ERANGE': (34, 'Numerical result out of range'),
    'EDEADLK': (35, 'Resource deadlock avoided'),
    'ENAMETOOLONG': (36, 'File name too long'),
    'ENOLCK': (37, 'No locks available'),
    'ENOSYS': (38, 'Function not implemented'),
    'ENOTEMPTY': (39, 'Directory not empty'),
    'ELOOP': (40, 'Too many levels of symbolic links'),
    'ENOTSUP': (95, 'Operation not supported'),
    'ETIMEDOUT': (110, 'Connection timed out'),
    'ECONNREFUSED': (111, 'Connection refused'),
    'EADDRINUSE': (98, 'Address already in use'),
    'ENOTSOCK': (88, 'Socket operation on non-socket'),
    'ECONNRESET': (104, 'Connection reset by peer'),
    'EHOSTUNREACH': (113, 'No route to host'),
    'ENETUNREACH': (101, 'Network is unreachable'),
    'EINPROGRESS': (115, 'Operation now in progress'),
    'EALREADY': (114, 'Operation already in progress'),
    'EOVERFLOW': (75, 'Value too large for defined data type'),
    'EILSEQ': (84, 'Invalid or incomplete multibyte or wide character'),
}
_ERRNO_NAMES = dict(__import__("errno").errorcode)
_strerror = os.strerror


def _linux_errno(e, message):
    """`str(e)` with Linux's errno number and text, or None when `e` is not an OSError that
    Emscripten's C library raised (its own __str__, Emscripten's text for its number)."""
    try:
        if type(e).__str__ is not OSError.__str__ or type(e.errno) is not int or type(e.strerror) is not str:
            return None
        linux = _LINUX_ERRNO.get(_ERRNO_NAMES.get(e.errno))
        if linux is None or e.strerror != _strerror(e.errno) or linux == (e.errno, e.strerror):
            return None
        if OSError.__str__(e) != message:
            return None
        text = f"[Errno {linux[0]}] {linux[1]}"
        if e.filename is not None:
            text += f": {e.filename!r}"
            if e.filename2 is not None:
                text += f" -> {e.filename2!r}"
        return text
    except BaseException:
        return None


# Pyodide is wasm32: sizes from 2**31 up overflow Py_ssize_t before any allocation is tried, where
# the reference's 64-bit CPython attempts the allocation and raises MemoryError (with no message).
_WASM32_SIZE_OVERFLOW = "cannot fit 'int' into an index-sized integer"


def _message(e):
    """`str(e)` as the reference's f"failed: {e}" takes it, capped; None when that raises (the
    reference's child then dies in its except block and records nothing)."""
    try:
        message = f"{e}"
    except BaseException:
        return None, False
    cap = _state.message_cap
    return (message[:cap], True) if len(message) > cap else (message, False)


def describe(raised):
    """Disarm; then how the program's exception reads (`raised`: `exec` raised into the runtime,
    which left the exception in `sys.last_exc`), as JSON for the runtime, with the captured output."""
    _state.armed = False
    if raised:
        # Where Pyodide leaves the exception that reached JavaScript: `sys.last_exc` from 3.12 on,
        # `sys.last_value` before (3.11, Pyodide 0.25).
        _state.exception = getattr(sys, _LAST_EXCEPTION, None)
    reply = {
        "stdout": _state.out.getvalue(),
        "stderr": _state.err.getvalue(),
        "stdoutTruncated": _state.out.truncated,
        "stderrTruncated": _state.err.truncated,
    }
    e = _state.exception
    if e is not None:
        message, truncated = _message(e)
        info = {"type": type(e).__name__, "message": message, "timeout": type(e) is TimeoutException}
        if e is _state.alarm:
            info["alarm"] = True
        linux = _linux_errno(e, message) if isinstance(e, OSError) and message is not None else None
        if linux is not None:
            info["note"] = f"Emscripten's errno {e.errno}: {message}"
            info["message"] = message = linux
        if truncated:
            info["messageTruncated"] = True
        if type(e) is OverflowError and message == _WASM32_SIZE_OVERFLOW:
            info["type"], info["message"] = "MemoryError", ""
            info["note"] = f"wasm32: OverflowError({message!r}) reported as the MemoryError 64-bit CPython raises"
        if isinstance(e, SyntaxError):
            info["line"] = e.lineno
            info["offset"] = e.offset
        try:
            info["traceback"] = _frames(e.__traceback__)
        except BaseException:
            info["traceback"] = []
        reply["error"] = info
    return json.dumps(reply)
