# Per-assertion feedback (loaded after harness.py, in the same namespace, whose public names it
# uses: `begin`, `disarm`, `keep`, `message_of` and `TimeoutException`). After the verdict is
# known, the program runs again in a fresh namespace with every `assert` of `check` replaced by a
# call that records the assertion's outcome and goes on, so one run shows every assertion: the
# call, the expected and the actual value of a failing comparison. The verdict is never touched,
# and the runtime resets the interpreter after this run as after any other.
import ast
import json
import operator
import reprlib

_COMPARE = {
    "Eq": ("==", operator.eq),
    "NotEq": ("!=", operator.ne),
    "Lt": ("<", operator.lt),
    "LtE": ("<=", operator.le),
    "Gt": (">", operator.gt),
    "GtE": (">=", operator.ge),
    "Is": ("is", operator.is_),
    "IsNot": ("is not", operator.is_not),
    "In": ("in", lambda a, b: a in b),
    "NotIn": ("not in", lambda a, b: a not in b),
}

_repr = reprlib.Repr()
_repr.maxstring = _repr.maxother = 400
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 40
_repr.maxlevel = 4


def _safe_repr(value):
    try:
        return _repr.repr(value)
    except BaseException as e:
        return f"<repr failed: {type(e).__name__}>"


def _exc(e):
    return {"type": type(e).__name__, "message": message_of(e) or ""}


class _Recorder:
    def __init__(self, records):
        self.records = records
        self.decided = False

    def _fail(self, record, **fields):
        if record["status"] in ("failed", "error"):
            return  # an assert in a loop: the first failure is the one shown
        record.update(fields)
        if not self.decided:
            record["decisive"] = True
            self.decided = True

    def compare(self, index, left, right, op):
        record = self.records[index]
        record["runs"] += 1
        symbol, fn = _COMPARE[op]
        try:
            actual = left()
            expected = right()
            ok = bool(fn(actual, expected))
        except TimeoutException:
            raise
        except BaseException as e:
            self._fail(record, status="error", error=_exc(e), operator=symbol)
            return
        if ok:
            if record["status"] == "not reached":
                record["status"] = "passed"
        else:
            self._fail(record, status="failed", operator=symbol, actual=_safe_repr(actual), expected=_safe_repr(expected))

    def truth(self, index, test):
        record = self.records[index]
        record["runs"] += 1
        try:
            value = test()
            ok = bool(value)
        except TimeoutException:
            raise
        except BaseException as e:
            self._fail(record, status="error", error=_exc(e))
            return
        if ok:
            if record["status"] == "not reached":
                record["status"] = "passed"
        else:
            self._fail(record, status="failed", actual=_safe_repr(value))


def _thunk(expr):
    return ast.Lambda(
        args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=expr
    )


class _Instrument(ast.NodeTransformer):
    def __init__(self, index_of):
        self.index_of = index_of

    def visit_Assert(self, node):
        index = self.index_of[id(node)]
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]).__name__ in _COMPARE:
            call = ast.Call(
                func=ast.Attribute(value=ast.Name("__he_record__", ast.Load()), attr="compare", ctx=ast.Load()),
                args=[ast.Constant(index), _thunk(test.left), _thunk(test.comparators[0]), ast.Constant(type(test.ops[0]).__name__)],
                keywords=[],
            )
        else:
            call = ast.Call(
                func=ast.Attribute(value=ast.Name("__he_record__", ast.Load()), attr="truth", ctx=ast.Load()),
                args=[ast.Constant(index), _thunk(test)],
                keywords=[],
            )
        return ast.copy_location(ast.Expr(call), node)


def _report(records, timed_out=False, unavailable=None, stopped=None):
    report = {"assertions": records, "timedOut": timed_out}
    if unavailable:
        report["unavailable"] = unavailable
    if stopped:
        report["stopped"] = stopped
    return json.dumps(report)


def explain(prefix, test, entry_point, timeout_ms=None):
    """Run prefix (prompt + completion) and the instrumented test; return an AssertionReport as JSON."""
    try:
        tree = ast.parse(test)
    except SyntaxError as e:
        return _report([], unavailable=f"the test does not parse: {e}")
    checks = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "check"]
    if not checks:
        return _report([], unavailable="the test defines no check function")
    asserts = sorted((n for n in ast.walk(checks[-1]) if isinstance(n, ast.Assert)), key=lambda n: (n.lineno, n.col_offset))
    lines = test.splitlines()
    records = [
        {
            "line": n.lineno,
            "source": ast.get_source_segment(test, n) or lines[n.lineno - 1].strip(),
            "status": "not reached",
            "runs": 0,
            "decisive": False,
        }
        for n in asserts
    ]
    for record, node in zip(records, asserts):
        test_node = node.test
        if isinstance(test_node, ast.Compare) and len(test_node.ops) == 1:
            record["call"] = ast.get_source_segment(test, test_node.left)
    tree = ast.fix_missing_locations(_Instrument({id(n): i for i, n in enumerate(asserts)}).visit(tree))
    instrumented = compile(tree, "<test>", "exec")

    exec_globals = begin(timeout_ms)
    timed_out, stopped = False, None
    try:
        try:
            exec(compile(prefix, "<string>", "exec"), exec_globals)
            exec_globals["__he_record__"] = _Recorder(records)
            exec(instrumented, exec_globals)
            exec_globals["check"](eval(entry_point, exec_globals))
        except TimeoutException:
            timed_out = True
        except BaseException as e:
            keep(e)
            stopped = _exc(e)
            tb = e.__traceback__
            while tb is not None:
                if tb.tb_frame.f_code.co_filename == "<test>":
                    stopped["line"] = tb.tb_lineno
                tb = tb.tb_next
        finally:
            disarm()
    except TimeoutException:
        timed_out = True
    return _report(records, timed_out=timed_out, stopped=stopped)
