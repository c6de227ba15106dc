/**
 * Issue 10, part 3: the engine worker's global scope after boot is exactly the allowlist in
 * workers/seal-scope.ts. The names are read inside real, sealed engine workers through the DevTools
 * protocol (Playwright's own `worker.evaluate` needs `eval`, which the seal removed), by the same
 * `survivingNames` the worker module exports. A capability Chromium adds makes this fail until it
 * is reviewed and either pruned (the default) or listed.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, CDPSession } from 'playwright-core';
import { GLOBAL_ALLOWLIST, NAVIGATOR_ALLOWLIST } from '../../workers/seal-scope.ts';
import { test } from './harness.ts';
import { openProblem, settledStats } from './playground.ts';

const SEAL_SCOPE = fileURLToPath(new URL('../../workers/seal-scope.ts', import.meta.url));

/** An expression that lists the scope's names with seal-scope.ts's survivingNames, touching nothing. */
async function enumeration(): Promise<string> {
  const bundled = await build({
    stdin: {
      contents: `import { survivingNames } from ${JSON.stringify(SEAL_SCOPE)};\nconst sealed = typeof eval === 'undefined';\nconst result = JSON.stringify({ sealed, names: survivingNames(globalThis) });`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
  });
  // Inside a function, its declarations stay local: the enumeration adds no name of its own.
  return `(() => { ${bundled.outputFiles[0].text}; return result; })()`;
}

/** Evaluate `expression` in every engine worker of the browser, through a browser-level CDP session. */
async function inEngineWorkers(browser: Browser, expression: string): Promise<{ url: string; value: string }[]> {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const replies = new Map<string, (message: { result?: { result: { value: string } }; error?: unknown }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    if (message.id === 1) replies.get(event.sessionId)?.(message);
  });
  const { targetInfos } = await cdp.send('Target.getTargets');
  const out: { url: string; value: string }[] = [];
  for (const target of targetInfos.filter((t) => t.type === 'worker' && /engine\.worker-[\w-]+\.js$/.test(t.url))) {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    const reply = new Promise<{ result?: { result: { value: string } }; error?: unknown }>((resolve) => replies.set(sessionId, resolve));
    const params = { expression, returnByValue: true };
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params }) });
    const message = await reply;
    if (!message.result) throw new Error(`Runtime.evaluate failed in ${target.url}: ${JSON.stringify(message.error)}`);
    out.push({ url: target.url, value: message.result.result.value });
  }
  await cdp.detach();
  return out;
}

test('every sealed engine worker has exactly the allowlisted names on its scope and navigator', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0', { editor: false });
  // Every worker the engine plans (its spare included) has booted and sealed.
  await settledStats(page);
  const workers = await inEngineWorkers(ctx.browser, await enumeration());
  assert.ok(workers.length >= 1, 'found the engine workers');
  const expected = [
    ...[...GLOBAL_ALLOWLIST].map((name) => `global:${name}`),
    ...[...NAVIGATOR_ALLOWLIST].map((name) => `navigator:${name}`),
  ];
  for (const { url, value } of workers) {
    const { sealed, names } = JSON.parse(value) as { sealed: boolean; names: string[] };
    assert.ok(sealed, `${url} is sealed (eval is gone)`);
    const unexpected = names.filter((n) => !expected.includes(n));
    assert.deepEqual(unexpected, [], `names on the sealed scope that are not on the allowlist (review each one)`);
    // Node-only entries (setImmediate) and engine-dependent ones (Temporal) may be absent; nothing else is.
    const missing = expected.filter((n) => !names.includes(n) && !OPTIONAL.has(n));
    assert.deepEqual(missing, [], 'allowlisted names Chromium does not have (stale allowlist entries)');
  }
});

/** Allowlisted for another host or a newer engine. */
const OPTIONAL = new Set(['global:setImmediate', 'global:clearImmediate']);
