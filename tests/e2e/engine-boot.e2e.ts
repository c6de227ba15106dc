/**
 * Issue 3: a first visit boots its first worker from the memory snapshot shipped with the site
 * (made in Node at build time, src/build/engine-snapshot.ts), and that worker is sealed like any
 * other: Python's routes to JavaScript are blocked, and the JavaScript a sample can still reach
 * through the garbage collector is the worker's own, locked realm. Offline, the snapshot comes from
 * the service worker's precache.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from './harness.ts';
import { PYTHON_KEY } from '../../src/lib/python-version.ts';

/** Pyodide 314 (3.14) is the interpreter with memory snapshots: these tests choose it before the page loads. */
const choose314 = ([key]: readonly [string]) => localStorage.setItem(key, '3.14');
import { loadProblem, openProblemPage, plainHost } from './offline-server.ts';
import { datasetProblem, openProblem, pasteCompletion, poll, runTests } from './playground.ts';

const SNAPSHOT_PATH = /\/engine\/[\w.-]+\.snapshot\.gz$/;

/** How the page says its first worker started (the Engine details under the status line). */
async function firstBoot(page: Page): Promise<{ fromSnapshot: string | null; text: string }> {
  await page.locator('.engine details').evaluate((details: HTMLDetailsElement) => (details.open = true));
  const stat = page.locator('[data-stat="first-boot"]');
  await stat.waitFor({ timeout: 10_000 });
  return { fromSnapshot: await stat.getAttribute('data-from-snapshot'), text: ((await stat.textContent()) ?? '').trim() };
}

/** From `sys`, through gc referents, to a real JsProxy; then to `Function` and the worker's globals. */
const GC_WALK = `    import sys, gc
    seen = set(); found = []; todo = [sys] + [m for m in list(sys.modules.values()) if m is not None]
    while todo and not found:
        o = todo.pop()
        if id(o) in seen: continue
        seen.add(id(o))
        if not isinstance(o, type) and hasattr(type(o), 'typeof') and 'Js' in type(o).__name__ and type(o).__name__ != 'JsNull':
            found.append(o)
        try: todo.extend(gc.get_referents(o))
        except Exception: pass
    F = found[0].constructor.constructor
    F('return typeof fetch + typeof postMessage + typeof indexedDB')()
    return 1
`;

test('a first visit boots the default 3.11 plainly (Pyodide 0.25 has no snapshots), and that worker is sealed', async (ctx) => {
  const snapshotRequests: string[] = [];
  const page = await openProblem(
    {
      ...ctx,
      newPage: async () => {
        const p = await ctx.newPage();
        p.on('request', (r) => void (SNAPSHOT_PATH.test(r.url()) && snapshotRequests.push(r.url())));
        return p;
      },
    },
    'HumanEval/0',
  );
  const boot = await firstBoot(page);
  assert.equal(boot.fromSnapshot, 'false', `first boot: ${boot.text}`);
  assert.deepEqual(snapshotRequests, [], 'no snapshot is downloaded for 3.11');
  assert.equal(await page.locator('[data-engine-state]').getAttribute('data-python'), '3.11');
  assert.match((await page.locator('[data-stat="python"]').textContent()) ?? '', /CPython 3\.11\.3, Pyodide 0\.25\.1/);
  await pasteCompletion(page, datasetProblem('HumanEval/0').canonical_solution);
  assert.equal((await runTests(page)).result, 'passed');
  await pasteCompletion(page, '    return int((1).is_integer())\n');
  assert.equal((await runTests(page)).result, "failed: 'int' object has no attribute 'is_integer'");
  await pasteCompletion(page, '    import js\n    return 1\n');
  assert.equal((await runTests(page)).result, 'failed: import of js halted; None in sys.modules');
  await pasteCompletion(page, GC_WALK);
  assert.equal((await runTests(page, { timeoutMs: 30_000 })).result, 'failed: constructor');
});

test('a first visit under 3.14 boots its first worker from the shipped snapshot, and that worker is sealed', async (ctx) => {
  const snapshotRequests: string[] = [];
  const page = await openProblem(
    {
      ...ctx,
      newPage: async () => {
        const p = await ctx.newPage();
        await p.addInitScript(choose314, [PYTHON_KEY] as const);
        p.on('request', (r) => void (SNAPSHOT_PATH.test(r.url()) && snapshotRequests.push(r.url())));
        return p;
      },
    },
    'HumanEval/0',
  );
  const boot = await firstBoot(page);
  assert.equal(boot.fromSnapshot, 'true', `first boot: ${boot.text}`);
  assert.match(boot.text, /from snapshot/);
  assert.ok(snapshotRequests.length > 0, 'the worker downloaded the shipped snapshot');

  await pasteCompletion(page, datasetProblem('HumanEval/0').canonical_solution);
  assert.equal((await runTests(page)).result, 'passed');
  await pasteCompletion(page, '    import js\n    return 1\n');
  assert.equal((await runTests(page)).result, 'failed: import of js halted; None in sys.modules');
  await pasteCompletion(page, '    from pyodide.ffi import to_js\n    return 1\n');
  assert.match((await runTests(page)).result, /^failed: import of pyodide/);
  // The proxies the walk finds point at the inert object the runtime put in place of the
  // bridge's JavaScript values after the restore: not even `constructor` is there.
  await pasteCompletion(page, GC_WALK);
  assert.equal((await runTests(page, { timeoutMs: 30_000 })).result, 'failed: constructor');
});

test(
  'offline, a 3.14 first worker boots from the snapshot the service worker kept from its first use',
  async (ctx) => {
    const host = await plainHost(ctx);
    try {
      await host.context.addInitScript(choose314, [PYTHON_KEY] as const);
      const { page, errors } = await openProblemPage(host.context, 'HumanEval/0');
      // Everything is precached once the page offers the reload that turns on isolation.
      await page.locator('[data-update-prompt="isolation"]').waitFor({ timeout: 90_000 });
      // 3.14 is not the default, so not precached: the service worker keeps its runtime and the
      // snapshot once the page has booted it (KEEP_RUNTIME, src/sw.ts).
      await poll(
        'the 3.14 runtime and snapshot to be kept',
        () => page.evaluate(async () => (await (await caches.open('humaneval-runtimes')).keys()).map((r) => r.url)),
        (urls) => urls.some((u) => /\/pyodide\/314[^/]*\/pyodide\.asm\.wasm$/.test(u)) && urls.some((u) => /\.snapshot\.gz$/.test(u)),
        60_000,
      );

      await host.context.setOffline(true);
      const fromServiceWorker: boolean[] = [];
      page.on('response', (r) => void (SNAPSHOT_PATH.test(r.url()) && fromServiceWorker.push(r.fromServiceWorker())));
      await page.reload();
      await loadProblem(page, 'HumanEval/0', errors);
      const boot = await firstBoot(page);
      assert.equal(boot.fromSnapshot, 'true', `first boot offline: ${boot.text}`);
      assert.ok(fromServiceWorker.length > 0 && fromServiceWorker.every(Boolean), 'the snapshot came from the service worker');
      await pasteCompletion(page, datasetProblem('HumanEval/0').canonical_solution);
      assert.equal((await runTests(page)).result, 'passed');
      assert.deepEqual(errors, []);
    } finally {
      await host.close();
    }
  },
  { timeoutMs: 240_000 },
);
