# The harness that runs one assembled HumanEval program inside a long-lived Pyodide interpreter with
# the semantics of openai/human-eval's execution.py (DESIGN.md section 3), and puts the interpreter
# back the way it found it afterwards (section 7): the reference gets a fresh process per sample, we
# get speed from reusing one, so everything a sample can change is restored or the worker recycled.
#
# Loaded once per worker by workers/runtime.ts, which then calls `seal()` once and `run()` per sample.
# No `from __future__` import here: `exec` inherits the caller's future flags.
import builtins
import gc
import io
import json
import opcode
import os
import random
import re
import shutil
import signal
import _signal
import stat
import subprocess
import sys
import time
import warnings

# Modules completions and tests commonly import, loaded before the baseline is taken so that a
# sample's `import` finds them ready (and restorable) instead of re-importing them every time.
_PRELOAD = (
    "abc array ast base64 bisect calendar cmath collections collections.abc contextlib copy "
    "dataclasses datetime decimal enum fractions functools hashlib heapq inspect itertools json "
    "keyword locale math numbers operator re statistics string struct textwrap typing "
    "unicodedata"
).split()
for _name in _PRELOAD:
    __import__(_name)
import decimal  # noqa: E402  (after the preload loop on purpose: it is part of the baseline)


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
    runs = 0
    output_cap = 64 * 1024


_state = _State()


def _on_interrupt(signum, frame):
    # The pool writes the interrupt buffer once, at the deadline: a one-shot alarm, as in the
    # reference (`setitimer` with no interval). A stale interrupt outside a run is ignored, and so
    # is one that comes too early to be this run's own deadline: the pool queues the next sample
    # in the worker before the current one ends, so a deadline that fires just as a sample finishes
    # can land at the start of the next one.
    if _state.armed and _perf() >= _state.earliest:
        _state.armed = False
        raise TimeoutException("Timed out!")


def _arm(timeout_ms):
    """Start the run's clock; its deadline interrupt is honoured from half the limit on."""
    _state.earliest = _perf() + timeout_ms / 2000 if timeout_ms else 0.0
    _state.armed = True


# Originals the harness needs after the reliability guard has set them to None.
_chdir = os.chdir
_getcwd = os.getcwd
_mkdir = os.mkdir
_listdir = os.listdir
_unlink = os.unlink
_rmdir = os.rmdir
_stat = os.stat
_lstat = os.lstat
_perf = time.perf_counter
_sleep = time.sleep
_setrecursionlimit = sys.setrecursionlimit
_set_int_max_str_digits = sys.set_int_max_str_digits
# The C function: signal.signal's Python wrapper converts enums on each of two calls a sample.
_set_handler = _signal.signal
_utime = os.utime
_putenv = os.putenv
_unsetenv = os.unsetenv


def _interruptible_sleep(seconds):
    """time.sleep in slices, so the deadline can interrupt it (Pyodide's sleep ignores signals)."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    end = _perf() + seconds
    while True:
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


# Modules through which Python reaches JavaScript. Blocking them stops the obvious routes
# (`import js`, `pyodide.ffi`, `pyodide.http.pyfetch`); the worker also removes the network,
# storage and messaging from its JS global scope, which holds even if a sample finds another route.
_BLOCKED_PREFIXES = ("js", "pyodide_js", "pyodide", "_pyodide", "_pyodide_core", "micropip")


def _warnings_mutated():
    # The filters list is cached by version; tell the C side it changed (the name moved in 3.14).
    for name in ("_filters_mutated_lock_held", "_filters_mutated"):
        fn = getattr(warnings, name, None)
        if fn is not None:
            try:
                fn()
            except BaseException:
                continue
            return


def _blocked(name):
    return any(name == p or name.startswith(p + ".") for p in _BLOCKED_PREFIXES)


class _Baseline:
    pass


_base = _Baseline()
# Every sample's cwd; emptied after any sample that put something in it.
_SCRATCH = "/tmp/sample"
_WATCHED_DIRS = ("/tmp", "/home/pyodide", "/home", "/")
# The mtime the harness gives a directory it has checked. Pyodide's in-memory file system sets a
# directory's mtime to now whenever an entry is created, renamed or removed in it, so a directory
# still carrying this stamp has the entries it had: no listing needed.
_CHECKED_NS = 1_000_000


def seal(output_cap):
    """Apply the guard, cut the JS bridge, and record the state every later sample starts from."""
    _state.output_cap = int(output_cap)
    _reliability_guard()
    time.sleep = _interruptible_sleep
    for name in list(sys.modules):
        if _blocked(name):
            sys.modules[name] = None
    for name in _BLOCKED_PREFIXES:
        sys.modules[name] = None
    sys.meta_path[:] = [f for f in sys.meta_path if "JsFinder" not in type(f).__name__]
    _base.modules = dict(sys.modules)
    _base.dicts = [(m, dict(m.__dict__)) for m in _base.modules.values() if m is not None]
    _base.holders = {id(m): _holders_of(snap) for m, snap in _base.dicts}
    _base.by_word = _index_by_word(_base.dicts)
    _base.builtins = dict(builtins.__dict__)
    _base.path = list(sys.path)
    _base.meta_path = list(sys.meta_path)
    _base.path_hooks = list(sys.path_hooks)
    _base.path_importer_cache = dict(sys.path_importer_cache)
    _base.environ = dict(os.environ._data)
    _base.gc_threshold = gc.get_threshold()
    _base.warning_filters = list(warnings.filters)
    _base.decimal = decimal.getcontext().copy()
    _base.home = _getcwd()
    _mkdir(_SCRATCH)
    _base.listings = {d: set(_listdir(d)) for d in _WATCHED_DIRS}
    for d in (_SCRATCH, *_WATCHED_DIRS):
        _stamp(d)
    _base.path_dirs = {d: _mtime(d) for d in sys.path[1:]}
    _base.stdlib_zip = _zip_stamp()
    _base.gc_callbacks = list(gc.callbacks)
    gc.collect()
    # Objects alive now are the baseline: later collections only walk what samples create.
    gc.freeze()


# Py_TPFLAGS_IMMUTABLETYPE: built-in and most C types; their attributes cannot be set at all.
_IMMUTABLE_TYPE = 1 << 8
_FunctionType = type(lambda: None)
_ModuleType = type(sys)


def _holders_of(snap):
    """What a module holds whose attributes a program can rebind: classes, functions (their
    defaults too) and other objects with a __dict__ (`json._default_encoder`), each with a copy."""
    found = {}
    for v in snap.values():
        if isinstance(v, type):
            if not v.__flags__ & _IMMUTABLE_TYPE:
                found[id(v)] = (v, dict(v.__dict__), None)
        elif isinstance(v, _FunctionType):
            found[id(v)] = (v, dict(v.__dict__), (v.__defaults__, v.__kwdefaults__))
        elif not isinstance(v, _ModuleType):
            try:
                d = object.__getattribute__(v, "__dict__")
            except BaseException:
                continue
            if type(d) is dict:
                found[id(v)] = (v, dict(d), None)
    return list(found.values())


def _index_by_word(entries):
    """Each baseline module under every word a program could reach it by: each part of its name
    (`collections.abc` as `abc` too), each attribute name other modules hold it under (`tokenize`
    keeps `itertools` as `_itertools`), and the name of each class it holds (`Counter`)."""
    by_module = {id(m): (m, snap) for m, snap in entries}
    index = {}
    for m, snap in entries:
        for part in m.__name__.split("."):
            index.setdefault(part, {})[id(m)] = (m, snap)
        for attr, value in snap.items():
            entry = by_module.get(id(value))
            if entry is not None:
                index.setdefault(attr, {})[id(value)] = entry
        for holder, _, _ in _base.holders[id(m)]:
            if isinstance(holder, type):
                index.setdefault(holder.__name__, {})[id(m)] = (m, snap)
    return {word: tuple(found.values()) for word, found in index.items()}


def _restore_holder(holder, snapshot, defaults):
    """Put an object's attributes back. Classes through type's own setattr, since a metaclass
    (Enum's) may refuse; functions get their defaults back too."""
    if defaults is not None and (holder.__defaults__, holder.__kwdefaults__) != defaults:
        holder.__defaults__, holder.__kwdefaults__ = defaults
    is_class = isinstance(holder, type)
    d = holder.__dict__ if is_class else object.__getattribute__(holder, "__dict__")
    try:
        if d == snapshot:
            return
    except BaseException:
        pass
    if not is_class:
        d.clear()
        d.update(snapshot)
        return
    for name in [n for n in d if n not in snapshot]:
        type.__delattr__(holder, name)
    for name, value in snapshot.items():
        if d.get(name, _base) is not value:
            type.__setattr__(holder, name, value)


def _stamp(path):
    _utime(path, ns=(_CHECKED_NS, _CHECKED_NS))


def _mtime(path):
    try:
        return _stat(path).st_mtime_ns
    except BaseException:
        return None


def _zip_stamp():
    for d in sys.path:
        if d.endswith(".zip"):
            st = _stat(d)
            return (d, st.st_size, st.st_mtime_ns)
    return None


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Words that let a program reach a module it does not name (or the interpreter's insides): seeing
# one makes the harness check every module, not only those the program names.
_INDIRECT = frozenset(
    "__dict__ setattr delattr getattr globals vars modules __globals__ gc ctypes __builtins__ "
    "__import__ importlib exec eval compile __class__ __subclasses__ __base__ __bases__ __mro__ "
    "f_globals f_back tb_frame __code__ __closure__ inspect _getframe reload __loader__ __spec__ "
    "__setattr__ __delattr__ __getattribute__"
    .split()
)
# Without an attribute store or delete in its bytecode, an indirect route, or one of these helpers
# that set attributes on what they are given, a program cannot rebind the attributes of what a
# module holds, so those are only checked after one.
_ATTRIBUTE_WRITERS = frozenset(
    "setattr delattr dataclass dataclasses total_ordering update_wrapper wraps final runtime_checkable "
    "no_type_check update_abstractmethods mock patch".split()
)
_ATTR_OPS = frozenset((opcode.opmap["STORE_ATTR"], opcode.opmap["DELETE_ATTR"]))
_CodeType = type(_holders_of.__code__)


def _sets_attributes(code):
    """Whether compiled code (or code nested in it) stores or deletes an attribute."""
    stack = [code]
    while stack:
        c = stack.pop()
        if not _ATTR_OPS.isdisjoint(c.co_code[::2]):
            return True
        stack.extend(k for k in c.co_consts if type(k) is _CodeType)
    return False
# Modules the harness itself depends on, checked after every sample.
_ALWAYS_WORDS = frozenset(("builtins", "sys", "os", "posixpath", "time", "signal", "random", "shutil",
                           "subprocess", "warnings", "gc", "io", "json", "stat", "re", "decimal"))


def _modules_to_check(words, indirect):
    """The baseline modules a program could have changed: all of them, or those it names."""
    if indirect:
        return _base.dicts
    index = _base.by_word
    found = {}
    for word in _ALWAYS_WORDS.union(words.intersection(index)):
        for entry in index.get(word, ()):
            found[id(entry[0])] = entry
    return found.values()


def _restore(words, indirect, stores):
    """Put back everything a sample may have changed; return a reason if something cannot be.
    `indirect`: the program may reach any module; `stores`: it may have set attributes (then what
    the checked modules hold is checked too)."""
    reasons = []
    b = builtins.__dict__
    if b != _base.builtins:
        b.clear()
        b.update(_base.builtins)
    mods = sys.modules
    if len(mods) != len(_base.modules) or mods != _base.modules:
        for name in [n for n in mods if n not in _base.modules]:
            if name in ("ctypes", "_ctypes"):
                reasons.append("loaded ctypes")
            del mods[name]
        for name, mod in _base.modules.items():
            if mods.get(name, _base) is not mod:
                mods[name] = mod
    restored = set()
    for mod, snapshot in _modules_to_check(words, indirect):
        d = mod.__dict__
        try:
            same = d == snapshot
        except BaseException:
            same = False
        if not same:
            d.clear()
            d.update(snapshot)
        for holder, attrs, defaults in _base.holders[id(mod)] if stores else ():
            if id(holder) not in restored:
                restored.add(id(holder))
                try:
                    _restore_holder(holder, attrs, defaults)
                except BaseException:
                    reasons.append(f"could not restore {mod.__name__}.{getattr(holder, '__qualname__', type(holder).__qualname__)}")
    sys.path[:] = _base.path
    sys.meta_path[:] = _base.meta_path
    sys.path_hooks[:] = _base.path_hooks
    if sys.path_importer_cache != _base.path_importer_cache:
        sys.path_importer_cache.clear()
        sys.path_importer_cache.update(_base.path_importer_cache)
    env = os.environ._data
    if env != _base.environ:
        # Straight to the mapping and the saved originals: os.environ's own methods call the
        # os.putenv the guard set to None.
        for key in [k for k in env if k not in _base.environ]:
            del env[key]
            _unsetenv(key)
        for key, value in _base.environ.items():
            if env.get(key) != value:
                env[key] = value
                _putenv(key, value)
    if warnings.filters != _base.warning_filters:
        warnings.filters[:] = _base.warning_filters
        _warnings_mutated()
    gc.callbacks[:] = _base.gc_callbacks
    if not gc.isenabled():
        gc.enable()
    if gc.get_threshold() != _base.gc_threshold:
        gc.set_threshold(*_base.gc_threshold)
    decimal.setcontext(_base.decimal.copy())
    sys.settrace(None)
    sys.setprofile(None)
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is not None:
        for tool in range(6):
            if monitoring.get_tool(tool) is not None:
                clear = getattr(monitoring, "clear_tool_id", None)
                if clear:
                    clear(tool)
                monitoring.free_tool_id(tool)
    _setrecursionlimit(1000)
    _set_int_max_str_digits(4300)
    if _zip_stamp() != _base.stdlib_zip:
        reasons.append("the standard library archive was modified")
    return reasons


def _remove(path):
    """rm -rf with the originals the guard took away (shutil.rmtree calls the guarded os.unlink)."""
    if stat.S_ISDIR(_lstat(path).st_mode):
        for name in _listdir(path):
            _remove(path + "/" + name)
        _rmdir(path)
    else:
        _unlink(path)


def _clean_files(words, indirect):
    """Remove what the program left in its cwd or the watched directories; say what cannot be."""
    # A program that can set mtimes could forge the stamp: check it the slow way.
    thorough = indirect or "utime" in words
    _chdir(_base.home)
    reasons = []
    if thorough or _mtime(_SCRATCH) != _CHECKED_NS:
        try:
            for name in _listdir(_SCRATCH):
                _remove(_SCRATCH + "/" + name)
            _stamp(_SCRATCH)
        except BaseException:
            reasons.append(f"could not empty {_SCRATCH}")
    for d, names in _base.listings.items():
        if not thorough and _mtime(d) == _CHECKED_NS:
            continue
        try:
            extra = set(_listdir(d)) - names
        except BaseException:
            extra = {"?"}
        for name in extra:
            path = d.rstrip("/") + "/" + name
            try:
                _remove(path)
            except BaseException:
                reasons.append(f"left {path} behind")
        try:
            _stamp(d)
        except BaseException:
            reasons.append(f"could not check {d}")
    if set(_listdir(_SCRATCH.rsplit("/", 1)[0])) != _base.listings["/tmp"]:
        reasons.append(f"{_SCRATCH} was removed")
    for d, stamp in _base.path_dirs.items():
        if _mtime(d) != stamp:
            reasons.append(f"changed {d}")
    return reasons


def _frames(tb, limit=40):
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append({"file": code.co_filename, "line": tb.tb_lineno, "name": code.co_name})
        tb = tb.tb_next
    # The first frame is this harness's exec call; the innermost frames are the useful ones.
    return frames[1:][-limit:]


# Pyodide is wasm32: sizes from 2**31 up overflow Py_ssize_t before any allocation is tried, where
# the reference's 64-bit CPython attempts the allocation and raises MemoryError (with no message).
_WASM32_SIZE_OVERFLOW = "cannot fit 'int' into an index-sized integer"


def _describe(e, message):
    info = {"type": type(e).__name__, "message": message, "traceback": _frames(e.__traceback__)}
    if type(e) is OverflowError and message == _WASM32_SIZE_OVERFLOW:
        info["type"], info["message"] = "MemoryError", ""
        info["note"] = f"wasm32: OverflowError({message!r}) reported as the MemoryError 64-bit CPython raises"
    if isinstance(e, SyntaxError):
        info["line"] = e.lineno
        info["offset"] = e.offset
    return info


def _begin():
    """Empty scratch cwd, reseeded random, our interrupt handler, captured I/O."""
    _state.runs += 1
    try:
        _chdir(_SCRATCH)
    except BaseException:
        # Gone (a program found a way to remove it): make it again.
        _mkdir(_SCRATCH)
        _stamp(_SCRATCH)
        _chdir(_SCRATCH)
    for _ in range(2):
        pass  # lets a stale interrupt from the previous run fire now, while disarmed
    random.seed()
    _set_handler(_signal.SIGINT, _on_interrupt)
    out = _Capture(_state.output_cap)
    err = _Capture(_state.output_cap)
    sys.stdout, sys.stderr, sys.stdin = out, err, out
    return out, err


def _end(exec_globals, source, codes=()):
    """Undo everything the program did; returns the reasons the worker must be replaced, if any.
    `codes`: what was compiled and run (a program that did not compile ran nothing)."""
    exec_globals.clear()
    gc.collect()
    sys.stdout, sys.stderr, sys.stdin = sys.__stdout__, sys.__stderr__, sys.__stdin__
    _set_handler(_signal.SIGINT, _on_interrupt)
    words = set(_WORD.findall(source))
    indirect = not words.isdisjoint(_INDIRECT)
    stores = indirect or not words.isdisjoint(_ATTRIBUTE_WRITERS) or any(_sets_attributes(code) for code in codes)
    return _restore(words, indirect, stores) + _clean_files(words, indirect)


def run(program, timeout_ms=None):
    """Execute one program as the reference does; return the outcome as a JSON string."""
    out, err = _begin()
    status, error = "passed", None
    exec_globals = {}
    code = None
    start = _perf()
    try:
        try:
            _arm(timeout_ms)
            # What exec(program) does, in two steps: the harness reads the code afterwards.
            code = compile(program, "<string>", "exec")
            exec(code, exec_globals)
        except TimeoutException:
            status = "timed out"
        except BaseException as e:
            try:
                message = f"{e}"
            except BaseException:
                # The reference's `f"failed: {e}"` would raise inside its except block, so its
                # child would record nothing: "timed out".
                status, message = "no result", ""
            else:
                status = "failed"
            error = _describe(e, message)
            e = None
        finally:
            _state.armed = False
    except TimeoutException:
        # The one-shot alarm fired between the program's end and disarming.
        status = "timed out"
    duration = (_perf() - start) * 1000
    reasons = _end(exec_globals, program, (code,) if code is not None else ())
    reply = {
        "status": status,
        "stdout": out.getvalue(),
        "stderr": err.getvalue(),
        "stdoutTruncated": out.truncated,
        "stderrTruncated": err.truncated,
        "durationMs": duration,
    }
    if error is not None:
        reply["error"] = error
    if reasons:
        reply["recycle"] = "; ".join(reasons)
    return json.dumps(reply)
