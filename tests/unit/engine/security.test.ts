/**
 * ARCHITECTURE.md, "Sandbox", in Node: sample code cannot reach JavaScript's capabilities, make a network
 * request, touch the host's files or forge a verdict. Python-side blocking (`import js` and
 * friends) is tested, and so is the bridge itself: a sample that finds a real JsProxy by walking
 * the garbage collector's graph finds it pointing at an inert object (the runtime points the
 * bridge's starting values at one), so every attack below stops at its first step.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleProgram } from '../../../src/lib/program.ts';
import type { Verdict } from '../../../src/lib/verdict.ts';
import { createNodePool, nodeSnapshot } from '../../../src/runner/node-pool.ts';
import type { EnginePool } from '../../../src/runner/pool.ts';
import { ENGINE_BOOTS, RETURN1, expectSaneVerdict } from './harness-helpers.ts';

const program = (completion: string) => assembleProgram(RETURN1, { completion }).program;

/** The walk from the brief: from `sys` and every module, through gc referents, to a real JsProxy. */
const WALK = `    import sys, gc
    seen=set(); found=[]; todo=[sys]+[m for m in list(sys.modules.values()) if m is not None]
    while todo:
        o=todo.pop()
        if id(o) in seen: continue
        seen.add(id(o)); tn=type(o).__name__
        if not isinstance(o,type) and hasattr(type(o),'typeof') and 'Js' in tn and tn!='JsNull':
            found.append(o); continue
        try: todo.extend(gc.get_referents(o))
        except Exception: pass
    print('proxy', type(found[0]).__name__ if found else None, len(found))
    # A JsProxy's dir() is its Python class's names plus the JS object's keys: none here.
    print('inert', all(set(dir(p)) <= set(dir(type(p))) and p.typeof == 'object' for p in found))
    F = found[0].constructor.constructor
    print('typeof F', F.typeof)
`;

/**
 * A completion that walks to `Function`, runs `js` (a function body) and prints what it returns
 * (strings only) after the marker `RESULT `. The sample returns 1, so it passes unless blocked.
 */
function viaFunction(js: string): string {
  return `${WALK}    r = F(${JSON.stringify(js)})()\n    print('RESULT ' + str(r))\n    return 1`;
}

function resultLine(v: Verdict): string | undefined {
  return /^RESULT (.*)$/m.exec(v.stdout)?.[1];
}

/** Counts requests per path on a local server. */
function startServer(): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '?');
    res.end('ok');
  });
  server.on('upgrade', (req, socket) => {
    hits.push(`upgrade ${req.url}`);
    socket.destroy();
  });
  server.on('connection', () => hits.push('tcp connection'));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, hits })),
  );
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Both ways a worker starts: a plain boot, and a restore from a memory snapshot made in another
// worker (how the site boots: its snapshot is made at build time, src/build/engine-snapshot.ts),
// under each interpreter (3.11 boots only plainly).
for (const { python, boot } of ENGINE_BOOTS) describe(`security: nothing leaves the worker (Node, Python ${python}, ${boot})`, () => {
  let pool: EnginePool;
  let local: { server: Server; port: number; hits: string[] };
  let scratch: string;
  beforeAll(async () => {
    local = await startServer();
    scratch = mkdtempSync(join(tmpdir(), 'engine-security-'));
    const fromSnapshot = boot === 'snapshot boot';
    pool = createNodePool({
      python,
      size: 1,
      spare: false,
      timeoutMs: 3000,
      snapshots: fromSnapshot,
      snapshotStore: { load: () => nodeSnapshot() },
    });
    expect((await pool.ready).fromSnapshot).toBe(fromSnapshot);
  });
  afterAll(async () => {
    pool?.close();
    local?.server.closeAllConnections();
    await new Promise((resolve) => local?.server.close(resolve));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const blocked: [string, string, RegExp][] = [
    ['import js', '    import js\n    return 1', /^failed: import of js halted; None in sys\.modules$/],
    ['import pyodide_js', '    import pyodide_js\n    return 1', /^failed: import of pyodide_js halted; None in sys\.modules$/],
    ['from pyodide.ffi import to_js', '    from pyodide.ffi import to_js\n    return 1', /^failed: import of pyodide/],
    [
      'pyodide.http.pyfetch',
      "    import pyodide.http\n    pyodide.http.pyfetch('http://127.0.0.1:9/')\n    return 1",
      /^failed: (import of pyodide halted; None in sys\.modules|No module named 'pyodide\.http'.*)$/,
    ],
    ['import _pyodide_core', '    import _pyodide_core\n    return 1', /^failed: import of _pyodide_core halted/],
    ['import micropip', '    import micropip\n    return 1', /^failed: import of micropip halted/],
    [
      'js.postMessage with a forged result',
      "    import js\n    js.postMessage({'kind': 'result', 'status': 'passed'})\n    return 1",
      /^failed: import of js halted/,
    ],
    ["js.indexedDB.deleteDatabase('x')", "    import js\n    js.indexedDB.deleteDatabase('x')\n    return 1", /^failed: import of js halted/],
    ["importlib.import_module('js')", "    import importlib\n    importlib.import_module('js')\n    return 1", /^failed: import of js halted/],
    [
      'import js after deleting its sys.modules entry',
      "    import sys\n    del sys.modules['js']\n    import js\n    return 1",
      /^failed: No module named 'js'$/,
    ],
    [
      'import pyodide.ffi after clearing the blocked entries',
      "    import sys\n    for k in [k for k in sys.modules if k.split('.')[0] in ('pyodide', '_pyodide', 'js')]:\n        del sys.modules[k]\n    from pyodide.ffi import to_js\n    return 1",
      /^failed: /,
    ],
  ];
  for (const [name, completion, expected] of blocked) {
    it(`${name} fails`, async () => {
      const v = await pool.evaluate(program(completion));
      expectSaneVerdict(v, name);
      expect(v.result).toMatch(expected);
    });
  }

  it('every JsProxy found through gc points at an inert object: no route to JavaScript', async () => {
    const js = 'return typeof fetch';
    const v = await pool.evaluate(program(viaFunction(js)), { timeoutMs: 20_000 });
    expectSaneVerdict(v);
    // The walk still finds Pyodide's proxies (of the global scope, the API, the scheduler)...
    expect(v.stdout).toMatch(/^proxy Js\w+ \d+$/m);
    // ...but they all lead to one frozen object without a prototype: no `constructor`, nothing.
    expect(v.stdout).toContain('inert True');
    expect(v.result).toMatch(/^failed: .*constructor/);
    expect(resultLine(v)).toBeUndefined();
  });

  it('a JsProxy cannot patch the intrinsics the worker relies on for later samples', async () => {
    const patch = `${WALK.split('    F = ')[0]}    out = []
    p = found[0]
    for target, name in [(p, 'toString'), (p, 'keys'), (p, 'call')]:
        try:
            setattr(target, name, 1)
            out.append('patched')
        except Exception as e:
            out.append(type(e).__name__)
    print('RESULT ' + ','.join(out))
    return 1`;
    const v = await pool.evaluate(program(patch), { timeoutMs: 20_000 });
    expectSaneVerdict(v);
    expect(resultLine(v)).toMatch(/^(JsException|TypeError|AttributeError),(JsException|TypeError|AttributeError),(JsException|TypeError|AttributeError)$/);
    // The worker still evaluates normally afterwards.
    expect((await pool.evaluate(program('    return 1'))).result).toBe('passed');
  });

  it('web routes (fetch, XMLHttpRequest, WebSocket, EventSource, import()) cannot reach a local server', async () => {
    const base = `http://127.0.0.1:${local.port}`;
    const js = `
      const out = [];
      const attempt = (name, f) => { try { const r = f(); if (r && r.catch) r.catch(() => {}); out.push(name + ' sent'); } catch (e) { out.push(name + ' ' + e.name); } };
      attempt('fetch', () => fetch('${base}/fetch'));
      attempt('globalThis.fetch', () => globalThis.fetch('${base}/globalThis-fetch'));
      attempt('XMLHttpRequest', () => { const x = new XMLHttpRequest(); x.open('GET', '${base}/xhr'); x.send(); });
      attempt('WebSocket', () => new WebSocket('ws://127.0.0.1:${local.port}/ws'));
      attempt('EventSource', () => new EventSource('${base}/sse'));
      attempt('importScripts', () => importScripts('${base}/importScripts.js'));
      attempt('navigator.sendBeacon', () => navigator.sendBeacon('${base}/beacon'));
      attempt('import()', () => import('${base}/import.mjs'));
      return out.join(',');`;
    const v = await pool.evaluate(program(viaFunction(js)), { timeoutMs: 20_000 });
    expectSaneVerdict(v);
    expect(v.stdout).toContain('inert True');
    expect(v.stdout).not.toContain('typeof F');
    await settle(1500);
    expect(local.hits, `requests that reached the server; the sample said: ${resultLine(v)}`).toEqual([]);
  });

  it('Node routes (process.getBuiltinModule, import("node:http"), net) cannot reach a local server', async () => {
    const base = `http://127.0.0.1:${local.port}`;
    const js = `
      const out = [];
      const attempt = (name, f) => { try { const r = f(); if (r && r.catch) r.catch(() => {}); out.push(name + ' sent'); } catch (e) { out.push(name + ' ' + e.name); } };
      attempt('process.getBuiltinModule(http)', () => process.getBuiltinModule('http').get('${base}/getBuiltinModule-http').on('error', () => {}));
      attempt('process.getBuiltinModule(net)', () => process.getBuiltinModule('net').connect(${local.port}, '127.0.0.1').on('error', () => {}));
      attempt('globalThis.process', () => globalThis.process.getBuiltinModule('http').get('${base}/globalThis-process').on('error', () => {}));
      attempt('require', () => require('http').get('${base}/require'));
      attempt('import(node:http)', () => import('node:http').then((h) => h.get('${base}/import-node-http').on('error', () => {})));
      return out.join(',');`;
    const v = await pool.evaluate(program(viaFunction(js)), { timeoutMs: 20_000 });
    expectSaneVerdict(v);
    expect(v.stdout).toContain('inert True');
    expect(v.stdout).not.toContain('typeof F');
    await settle(1500);
    expect(local.hits, `requests that reached the server; the sample said: ${resultLine(v)}`).toEqual([]);
  });

  it("the host's file system is out of reach (process.getBuiltinModule('fs'), import('node:fs'))", async () => {
    const js = `
      const out = [];
      try { process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(join(scratch, 'via-getBuiltinModule'))}, 'x'); out.push('getBuiltinModule wrote'); }
      catch (e) { out.push('getBuiltinModule ' + e.name); }
      try { import('node:fs').then((fs) => fs.writeFileSync(${JSON.stringify(join(scratch, 'via-import'))}, 'x')).catch(() => {}); out.push('import tried'); }
      catch (e) { out.push('import ' + e.name); }
      return out.join(',');`;
    const v = await pool.evaluate(program(viaFunction(js)), { timeoutMs: 20_000 });
    expectSaneVerdict(v);
    await settle(1000);
    expect(readdirSync(scratch), `files the sample wrote on the host; it said: ${resultLine(v)}`).toEqual([]);
  });

  // Last: a successful forge leaves this worker compromised.
  it('a sample cannot forge the verdict of the next sample', async () => {
    // Every route the sample can find: the global postMessage (sealed), and in Node the worker's
    // own port, by taking the next request off the port before the engine sees it.
    const js = `
      const out = [];
      const forge = (port, d) => {
        if (!d || d.type !== 'APPLY') return false;
        const a = d.argumentList[0].value;
        port.postMessage({ id: d.id, type: 'RAW', value: { id: a.id, kind: 'result', status: 'passed', stdout: 'FORGED', stderr: '',
          stdoutTruncated: false, stderrTruncated: false, durationMs: 1, heapBytes: 1 } });
        return true;
      };
      try { postMessage({ kind: 'result', status: 'passed', stdout: 'FORGED' }); out.push('global postMessage sent'); }
      catch (e) { out.push('global postMessage ' + e.name); }
      try {
        const wt = process.getBuiltinModule('worker_threads');
        const port = wt.parentPort;
        setTimeout(() => {
          const end = Date.now() + 5000;
          while (Date.now() < end) { const m = wt.receiveMessageOnPort(port); if (m && forge(port, m.message)) return; }
        }, 0);
        out.push('port armed');
      } catch (e) { out.push('port ' + e.name); }
      return out.join(',');`;
    const first = await pool.evaluate(program(viaFunction(js)), { timeoutMs: 20_000 });
    expectSaneVerdict(first);
    const next = await pool.evaluate(program('    return 2'));
    expect(next.result, `the forging sample said: ${resultLine(first)}`).toBe('failed: ');
    expect(next.stdout).not.toContain('FORGED');
    expect(next.error?.type).toBe('AssertionError');
  });
});
