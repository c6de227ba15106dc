/**
 * The engine worker's Content-Security-Policy (src/build/security-headers.ts): sent by `vite
 * preview` and by the service worker; Pyodide boots and runs samples under it; and Chromium then
 * refuses code from strings and every other origin, which it allows a worker without the policy.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Response } from 'playwright-core';
import { ENGINE_WORKER_CSP } from '../../src/build/security-headers.ts';
import { test } from './harness.ts';
import { plainHost } from './offline-server.ts';
import { datasetProblem, openProblem, pasteCompletion, runTests } from './playground.ts';

test('vite preview sends the engine worker its CSP, and Pyodide runs samples under it', async (ctx) => {
  const responses: Response[] = [];
  const page = await openProblem(
    {
      ...ctx,
      newPage: async () => {
        const p = await ctx.newPage();
        p.on('response', (r) => void (/engine\.worker-[\w-]+\.js$/.test(r.url()) && responses.push(r)));
        return p;
      },
    },
    'HumanEval/0',
  );
  assert.ok(responses.length > 0, 'the engine worker script was loaded');
  for (const response of responses) {
    const headers = await response.allHeaders();
    assert.equal(headers['content-security-policy'], ENGINE_WORKER_CSP);
    // A later worker's script can be a revalidation (a 304, reported with the cached 200's status):
    // it carries only what the server sent again, and the browser keeps the cached COEP.
    if (await response.request().headerValue('if-none-match')) continue;
    assert.equal(headers['cross-origin-embedder-policy'], 'require-corp');
  }
  await pasteCompletion(page, datasetProblem('HumanEval/0').canonical_solution);
  assert.equal((await runTests(page)).result, 'passed');
});

/** A worker script that tries what an escaped sample would, and reports each outcome. */
function probeScript(sink: string): string {
  return `
    const out = { violations: [] };
    self.addEventListener('securitypolicyviolation', (e) => out.violations.push(e.effectiveDirective));
    const attempt = async (name, fn) => {
      try { out[name] = 'allowed:' + (await fn()); } catch (e) { out[name] = 'blocked:' + e.name; }
    };
    await attempt('eval', () => (0, eval)('1 + 1'));
    await attempt('Function', () => new Function('return 2')());
    await attempt('crossFetch', async () => (await fetch('${sink}/leak?fetch')).status);
    await attempt('crossImport', async () => (await import('${sink}/leak.js?import')).default);
    await attempt('wasm', async () => (await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))) && 'ok');
    await new Promise((r) => setTimeout(r, 100));
    postMessage(out);
  `;
}

/** Start a worker from `path` in the page and wait for its report. */
function probe(page: Page, path: string): Promise<Record<string, unknown>> {
  return page.evaluate(
    (url) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const worker = new Worker(url, { type: 'module' });
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => resolve({ error: event.message });
      }),
    path,
  );
}

test('under the service worker, the engine path gets a CSP that blocks eval and other origins', async (ctx) => {
  // Another origin that would gladly receive data: CORS and CORP both allow it.
  const leaks: string[] = [];
  const sink = createServer((req, res) => {
    leaks.push(req.url ?? '');
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Type': 'text/javascript',
    });
    res.end('export default "leaked";');
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  // `localhost` is another origin than the site's `127.0.0.1`.
  const sinkURL = `http://localhost:${(sink.address() as AddressInfo).port}`;
  const host = await plainHost(ctx);
  // The same probe under the engine worker's path and under an ordinary one.
  host.server.override = (path) =>
    path === '/assets/engine.worker-probe.js' || path === '/assets/other-probe.js' ? probeScript(sinkURL) : undefined;
  try {
    const page = await host.context.newPage();
    await page.goto('/');
    await page.locator('[data-update-prompt="isolation"]').waitFor({ timeout: 90_000 });
    await page.reload();
    assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true);

    const control = await probe(page, '/assets/other-probe.js');
    assert.deepEqual(
      { eval: control.eval, Function: control.Function, fetch: control.crossFetch, import: control.crossImport },
      { eval: 'allowed:2', Function: 'allowed:2', fetch: 'allowed:200', import: 'allowed:leaked' },
      'without the policy a worker can do all of it (so the blocks below come from the CSP)',
    );
    leaks.length = 0;

    const engine = await probe(page, '/assets/engine.worker-probe.js');
    assert.equal(engine.eval, 'blocked:EvalError');
    assert.equal(engine.Function, 'blocked:EvalError');
    assert.match(String(engine.crossFetch), /^blocked:/);
    assert.match(String(engine.crossImport), /^blocked:/);
    assert.equal(engine.wasm, 'allowed:ok', "'wasm-unsafe-eval' lets Pyodide compile its wasm");
    assert.deepEqual(leaks, [], 'nothing reached the other origin');
    const violations = new Set(engine.violations as string[]);
    assert.ok(violations.has('script-src') && violations.has('connect-src'), `violations: ${[...violations]}`);
  } finally {
    await host.close();
    await new Promise((resolve) => sink.close(resolve));
  }
});
