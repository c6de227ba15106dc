/**
 * ARCHITECTURE.md, "Isolation": the reference gets a fresh process per sample; we reuse one interpreter,
 * so a sample must never change the verdict of the next one. One worker (no spare) runs pairs: a
 * hostile sample that changes interpreter state, then a real HumanEval task's canonical solution
 * chosen to depend on what was changed. Every canonical solution must still pass, and a probe
 * program then checks the shared state directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleProgram } from '../../../src/lib/program.ts';
import type { Problem } from '../../../src/lib/problems.ts';
import { createNodePool } from '../../../src/runner/node-pool.ts';
import { PYTHON_VERSIONS } from '../../../src/lib/python-version.ts';
import type { EnginePool } from '../../../src/runner/pool.ts';
import { loadHumanEval } from './dataset.ts';
import { expectSaneVerdict } from './harness-helpers.ts';

interface Template {
  name: string;
  /** Top-level code run after the host task's function; `v` is 0 or 1 (two variants per template). */
  code(v: 0 | 1, host: Problem, victim: Problem): string;
  /** Task numbers whose canonical solution (or test) uses what the template breaks, per variant. */
  victims?: [number, number];
}

const BUILTINS_DICT = '(__builtins__ if isinstance(__builtins__, dict) else vars(__builtins__))';

const TEMPLATES: Template[] = [
  {
    name: 'rebind len in builtins',
    code: (v) => `import builtins\nbuiltins.len = ${v ? 'lambda x: 0' : 'None'}`,
    victims: [12, 23],
  },
  {
    name: "__builtins__['print'] / ['sum'] = None",
    code: (v) => `${BUILTINS_DICT}['${v ? 'sum' : 'print'}'] = None`,
    victims: [4, 60],
  },
  {
    name: 'builtins.range replaced',
    code: (v) => `import builtins\nbuiltins.range = ${v ? 'None' : 'lambda *a: []'}`,
    victims: [14, 15],
  },
  {
    name: 'builtins.sorted replaced',
    code: (v) => `import builtins\nbuiltins.sorted = ${v ? 'lambda x, **k: list(x)[::-1]' : 'None'}`,
    victims: [34, 57],
  },
  {
    name: 'builtins.abs replaced',
    code: (v) => `import builtins\nbuiltins.abs = lambda x: ${v ? '-1' : '10**9'}`,
    victims: [0, 4],
  },
  {
    name: "sys.modules['math'] poisoned",
    code: (v) => `import sys\nsys.modules['math'] = ${v ? "type(sys)('math')" : 'None'}`,
    victims: [25, 39],
  },
  {
    name: "sys.modules['collections'] poisoned",
    code: (v) =>
      v
        ? "import sys\nfor k in [k for k in sys.modules if k.startswith('collections')]:\n    sys.modules[k] = type(sys)(k)"
        : "import sys\nsys.modules['collections'] = None",
    victims: [26, 12],
  },
  {
    name: 'sys.modules entries deleted',
    code: (v) =>
      v
        ? "import sys\nfor k in list(sys.modules):\n    if k in ('re', 'hashlib', 'math', 'typing', 'builtins', 'sys'):\n        del sys.modules[k]"
        : "import sys\nfor k in ('re', 'math', 'hashlib'):\n    del sys.modules[k]",
    victims: [91, 162],
  },
  {
    name: 'math functions patched',
    code: (v) => (v ? 'import math\nmath.floor = None\nmath.ceil = None' : 'import math\nmath.sqrt = lambda x: 0'),
    victims: [39, 99],
  },
  {
    name: 're functions patched',
    code: (v) =>
      v ? "import re\nre.split = lambda *a, **k: ['I x']*50" : 'import re\nre.compile = None\nre.split = None',
    victims: [91, 91],
  },
  {
    name: 'itertools functions patched',
    code: (v) =>
      v
        ? 'import itertools\nitertools.combinations = None\nitertools.accumulate = None\nitertools.chain = None'
        : 'import itertools\nitertools.permutations = None',
  },
  {
    name: 'recursion limit lowered',
    code: (v) => `import sys\nsys.setrecursionlimit(${v ? 25 : 10})`,
    victims: [55, 63],
  },
  {
    name: 'recursion limit raised',
    code: (v) => `import sys\nsys.setrecursionlimit(${v ? '10**6' : '100000'})`,
    victims: [55, 139],
  },
  {
    name: 'std streams replaced with None',
    code: (v) =>
      v ? 'import sys\nsys.stderr = None\nsys.stdin = None\nsys.__stdout__ = None' : 'import sys\nsys.stdout = None',
  },
  {
    name: 'sys.stdout replaced with a file',
    code: (v) =>
      v
        ? "import sys\nsys.stdout = open('/tmp/out.txt', 'w')\nsys.stderr = sys.stdout"
        : "import sys\nsys.stdout = open('x', 'w')",
  },
  {
    name: 'cwd changed through posix.chdir (os.chdir is None under the guard)',
    code: (v) => `import posix\nposix.chdir('${v ? '/tmp' : '/'}')`,
  },
  {
    name: 'files written in cwd, /tmp and /home/pyodide',
    code: (v, host) =>
      v
        ? `import posix\nposix.makedirs = None\nimport os\nos.makedirs('/tmp/evil/a/b', exist_ok=True)\nopen('/tmp/evil/a/b/${host.entry_point}.txt', 'w').write('x')\nopen('/home/pyodide/.hidden', 'w').write('x')`
        : `open('local-${host.entry_point}.txt', 'w').write('x')\nopen('/tmp/evil.txt', 'w').write('x')\nopen('/home/pyodide/evil.txt', 'w').write('x')`,
  },
  {
    // The harness checks the modules a program names; `tokenize` keeps itertools as `_itertools`.
    name: "a module patched through another module's name for it",
    code: (v) => `import tokenize\ntokenize._itertools.${v ? "combinations = 'broken'" : 'permutations = None'}`,
  },
  {
    // Module dicts hold classes, functions and instances by identity: their own attributes change
    // without the module's dict changing.
    name: 'a stdlib class, function or module-level object patched',
    code: (v) =>
      v
        ? `import collections, textwrap\ncollections.Counter.most_common, textwrap.wrap.__defaults__ = (lambda self, n=None: []), (5,)`
        : `import json, fractions\njson._default_encoder.item_separator = ';'\nfractions.Fraction.__eq__ = lambda a, b: True`,
  },
  {
    // A directory still carrying the harness's "checked" mtime is not listed again.
    name: 'files hidden behind a forged directory mtime',
    code: (v) =>
      v
        ? `import os\nopen('/home/pyodide/.hidden', 'w').write('x')\nos.utime('/home/pyodide', ns=(1_000_000, 1_000_000))`
        : `import os\nopen('/tmp/evil.txt', 'w').write('x')\nopen('out.txt', 'w').write('x')\nfor d in ('/tmp', '.'):\n    os.utime(d, ns=(1_000_000, 1_000_000))`,
  },
  {
    name: 'a module shadowed from /tmp on sys.path',
    code: (v) => {
      const mod = v ? 'hashlib' : 'math';
      const body = v ? 'def md5(b):\\n    raise ValueError(\\"shadowed\\")\\n' : 'def sqrt(x):\\n    return 0\\n';
      return `import sys\nsys.path.insert(0, '/tmp')\nopen('/tmp/${mod}.py', 'w').write("${body}")\ndel sys.modules['${mod}']\nimport importlib\nimportlib.invalidate_caches()`;
    },
    victims: [25, 162],
  },
  {
    name: 'SIGINT handler replaced',
    code: (v) => `import signal\nsignal.signal(signal.SIGINT, ${v ? 'lambda *a: None' : 'signal.SIG_IGN'})`,
  },
  {
    name: 'trace and profile functions installed',
    code: (v) => (v ? 'import sys\nsys.setprofile(lambda *a: None)' : 'import sys\nsys.settrace(lambda *a: None)'),
  },
  {
    name: 'warnings turned into errors',
    code: (v) =>
      v
        ? "import warnings\nwarnings.filterwarnings('error')\nwarnings.warn = None"
        : "import warnings\nwarnings.simplefilter('error')",
  },
  {
    name: 'decimal context changed',
    code: (v) =>
      v
        ? 'import decimal\ndecimal.getcontext().traps[decimal.Inexact] = True'
        : 'import decimal\ndecimal.getcontext().prec = 2',
  },
  {
    name: 'random state and functions changed',
    code: (v) => (v ? 'import random\nrandom.randint = None' : 'import random\nrandom.seed(0)'),
    victims: [38, 53],
  },
  {
    name: 'environment changed',
    code: (v) =>
      v ? "import os\nos.environ.clear()\nos.environ['PATH'] = '/evil'" : "import os\nos.environ['X'] = 'y'",
  },
  {
    name: 'int/str digit limit changed',
    code: (v) => `import sys\nsys.set_int_max_str_digits(${v ? 0 : 640})`,
  },
  {
    name: 'a collected object rebinds a builtin from its finalizer',
    code: (v) =>
      v
        ? "import builtins, weakref\nclass Box:\n    pass\nb = Box()\nb.me = b\nweakref.finalize(b, setattr, builtins, 'len', None)\ndel b"
        : 'import builtins\nclass Bomb:\n    def __del__(self):\n        builtins.len = lambda x: -1\nb = Bomb()\nb.me = b\ndel b',
    victims: [23, 48],
  },
  {
    name: 'a class body patches stdlib functions',
    code: (v) =>
      v
        ? 'import operator\nclass P:\n    operator.add = None\n    operator.itemgetter = None'
        : 'import functools\nclass P:\n    functools.reduce = lambda *a: 0\n    functools.cmp_to_key = None',
  },
  {
    name: 'threads started to act later',
    code: (v) =>
      v
        ? "import _thread, builtins\ntry:\n    _thread.start_new_thread(setattr, (builtins, 'len', None))\nexcept Exception:\n    pass"
        : "import threading, builtins\ntry:\n    threading.Timer(0.01, lambda: setattr(builtins, 'len', None)).start()\nexcept Exception:\n    pass",
    victims: [23, 4],
  },
  {
    name: "globals named like the victim's functions",
    code: (v, host, victim) =>
      v
        ? `import builtins\nbuiltins.candidate = None\nbuiltins.check = lambda c: None\nbuiltins.${victim.entry_point} = None`
        : `candidate = None\ndef check(c):\n    pass\n${victim.entry_point} = None\n${host.entry_point}_helper = 1`,
  },
  {
    name: 'sys.monitoring tool registered',
    code: (v) =>
      v
        ? 'import sys\nm = sys.monitoring\nm.use_tool_id(5, "y")\nm.register_callback(5, m.events.LINE, lambda *a: None)\nm.set_events(5, m.events.LINE)'
        : 'import sys\nm = sys.monitoring\nm.use_tool_id(3, "x")\nm.register_callback(3, m.events.PY_START, lambda *a: None)\nm.set_events(3, m.events.PY_START)',
  },
  // Last on purpose: a leaked GC threshold would show in every later probe.
  {
    name: 'gc disabled or given a callback',
    code: (v) =>
      v
        ? "import gc, builtins\ngc.callbacks.append(lambda *a: setattr(builtins, 'sorted', None))\ngc.set_threshold(1)"
        : 'import gc\ngc.disable()',
    victims: [34, 57],
  },
];

/** Checks the shared state a hostile sample could have changed, from inside a sample. */
const STATE_PROBE = `
import builtins, sys, os, posix, math, re, itertools, functools, collections, random, decimal, warnings, gc, signal, hashlib, operator
problems = []
def expect(ok, what):
    if not ok:
        problems.append(what)
for name in ('len', 'print', 'range', 'sorted', 'abs', 'sum', 'min', 'max', 'open', 'input'):
    expect(type(getattr(builtins, name, None)).__name__ in ('builtin_function_or_method', 'type'), 'builtins.' + name)
for name in ('candidate', 'check'):
    expect(not hasattr(builtins, name), 'builtins.' + name + ' defined')
expect(builtins.exit is None and builtins.quit is None and builtins.help is None, 'guard: exit/quit/help')
expect(len([1, 2]) == 2 and list(range(3)) == [0, 1, 2] and sorted([2, 1]) == [1, 2] and abs(-3) == 3, 'builtins work')
expect(math.sqrt(4) == 2.0 and math.floor(1.5) == 1 and math.ceil(1.5) == 2, 'math')
expect(type(math.sqrt).__name__ == 'builtin_function_or_method', 'math.sqrt')
expect(sys.modules.get('math') is math and sys.modules.get('collections') is collections, 'sys.modules')
expect(callable(re.compile) and callable(re.split), 're')
expect(callable(itertools.permutations) and callable(itertools.combinations) and callable(itertools.chain), 'itertools')
expect(functools.reduce(lambda a, b: a + b, [1, 2, 3]) == 6 and callable(functools.cmp_to_key), 'functools')
expect(callable(operator.add) and callable(operator.itemgetter), 'operator')
expect(collections.Counter('aab')['a'] == 2, 'collections')
expect(hashlib.md5(b'').hexdigest() == 'd41d8cd98f00b204e9800998ecf8427e', 'hashlib')
import json, fractions, textwrap
expect(collections.Counter('aab').most_common(1) == [('a', 2)], 'collections.Counter')
expect(json.dumps([1, 2]) == '[1, 2]', 'json encoder')
expect(fractions.Fraction(1, 2) != fractions.Fraction(1, 3), 'fractions.Fraction')
expect(textwrap.wrap('aaaa bbbb cccc') == ['aaaa bbbb cccc'], 'textwrap.wrap defaults')
expect(callable(random.randint), 'random')
expect(sys.getrecursionlimit() == 1000, 'recursion limit %d' % sys.getrecursionlimit())
expect(sys.get_int_max_str_digits() == 4300, 'int digits')
expect(decimal.getcontext().prec == 28 and not decimal.getcontext().traps[decimal.Inexact], 'decimal')
expect(not any(f[0] == 'error' for f in warnings.filters) and callable(warnings.warn), 'warnings')
expect(os.environ.get('X') is None and os.environ.get('PATH') != '/evil' and os.environ.get('OMP_NUM_THREADS') == '1', 'environ')
expect(gc.isenabled() and gc.callbacks == [], 'gc disabled or callbacks left')
expect(gc.get_threshold()[0] > 1, 'gc threshold %r' % (gc.get_threshold(),))
expect(sys.gettrace() is None and sys.getprofile() is None, 'trace/profile')
expect(not hasattr(sys, 'monitoring') or all(sys.monitoring.get_tool(t) is None for t in range(6)), 'monitoring')
expect(signal.getsignal(signal.SIGINT) not in (signal.SIG_IGN, signal.SIG_DFL), 'SIGINT handler')
expect(posix.getcwd() == '/tmp/sample' and posix.listdir('.') == [], 'cwd %s holds %r' % (posix.getcwd(), posix.listdir('.')))
expect('/tmp' not in sys.path, 'sys.path')
for path in ('/tmp/math.py', '/tmp/hashlib.py', '/tmp/evil.txt', '/tmp/evil', '/tmp/out.txt', '/home/pyodide/evil.txt', '/home/pyodide/.hidden'):
    expect(not os.path.exists(path), path + ' exists')
expect(os.system is None and os.getcwd is None and os.chdir is None, 'guard: os')
expect(sys.modules.get('resource', 0) is None, 'guard: resource')
expect(sys.stdout is not None and sys.stdout is not sys.__stdout__ and not sys.stdout.readable(), 'stdout')
expect(sys.stderr is not None and sys.stdin is not None, 'stderr/stdin')
expect(__name__ == 'builtins', '__name__')
expect('candidate' not in globals() and 'check' not in globals(), 'globals leaked')
assert not problems, '; '.join(problems)
`;

// Under each interpreter (3.11 has no sys.monitoring: that template fails on its own there, and the
// probe skips it).
for (const python of PYTHON_VERSIONS)
  describe(`isolation between samples on one reused worker (Python ${python})`, () => {
    let pool: EnginePool;
    let problems: Problem[];
    beforeAll(async () => {
      problems = await loadHumanEval();
      pool = createNodePool({ python, size: 1, spare: false, timeoutMs: 3000 });
      await pool.ready;
    });
    afterAll(() => {
      if (pool) console.info('isolation pool stats', JSON.stringify({ ...pool.stats(), workers: undefined }));
      pool?.close();
    });

    // Pairs: each template twice (variant 0 and 1), each with its own host task; the victim is the
    // template's chosen task or, failing that, the next task of a walk through the dataset.
    // HumanEval/75 (CPU-heavy, slow on a cold worker) is left to canonical.test.ts.
    const pairs = TEMPLATES.flatMap((template, t) =>
      ([0, 1] as const).map((variant) => ({ template, variant, index: t * 2 + variant })),
    );
    const hostOf = (index: number) => (index * 37 + 101) % 164;
    const victimOf = (index: number, template: Template, variant: 0 | 1) => {
      const chosen = template.victims?.[variant];
      if (chosen !== undefined) return chosen;
      const walk = (index * 7 + 3) % 164;
      return walk === 75 ? 76 : walk;
    };

    it('has at least 50 distinct hostile samples from at least 25 templates', () => {
      expect(TEMPLATES.length).toBeGreaterThanOrEqual(25);
      expect(pairs.length).toBeGreaterThanOrEqual(50);
      const programs = pairs.map(({ template, variant, index }) => {
        const host = problems[hostOf(index)];
        return template.code(variant, host, problems[victimOf(index, template, variant)]);
      });
      expect(new Set(programs).size).toBe(programs.length);
    });

    for (const { template, variant, index } of pairs) {
      it(`${template.name} (variant ${variant}), then a canonical solution`, async () => {
        const host = problems[hostOf(index)];
        const victim = problems[victimOf(index, template, variant)];
        const code = template.code(variant, host, victim);
        const hostile = assembleProgram(host, { completion: `${host.canonical_solution}\n${code}\n` }).program;
        const hv = await pool.evaluate(hostile, { timeoutMs: 3000 });
        expectSaneVerdict(hv, `hostile sample ${host.task_id}`);
        expect(hv.timedOut, `hostile sample should not hang: ${hv.result}`).toBe(false);
        expect(hv.crashed, `hostile sample crashed the worker: ${hv.crashReason}`).toBe(false);

        const cv = await pool.evaluate(assembleProgram(victim, { completion: victim.canonical_solution }).program);
        expectSaneVerdict(cv);
        expect(
          cv.result,
          `${victim.task_id} after "${template.name}" v${variant} (hostile gave ${JSON.stringify(hv.result)})`,
        ).toBe('passed');

        const pv = await pool.evaluate(STATE_PROBE);
        expect(pv.result, `shared state after "${template.name}" v${variant}`).toBe('passed');
      });
    }
  });
