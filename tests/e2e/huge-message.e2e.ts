/**
 * A sample raising a huge message must not freeze or crash the page: 10**8 characters crashed the
 * tab, 3 * 10**7 froze it for 15 s on every later visit. The engine cuts `str(e)` at MESSAGE_CAP
 * before the reply leaves the worker, and the page caps again whatever arrives (capVerdict), so what
 * is rendered and cached is short; the longest main-thread task is measured from the page with a
 * 'longtask' observer.
 */
import assert from 'node:assert/strict';
import { MESSAGE_CAP } from '../../src/lib/verdict.ts';
import { test } from './harness.ts';
import { openProblem, pasteCompletion, runTests, verdictText, waitForEditor, waitForSavedDraft } from './playground.ts';

test('a 10**8-character exception message leaves the page responsive and shows the capped text', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  await page.evaluate(() => {
    const w = window as unknown as { longest: number };
    w.longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longest = Math.max(w.longest, entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await pasteCompletion(page, "    raise ValueError('x' * 10**8)\n");
  // The reload below must find the draft, or it shows no verdict at all.
  await waitForSavedDraft(page);
  const run = await runTests(page, { timeoutMs: 60_000 });
  // The engine cut `str(e)` at the cap; the page, which cuts at the same place, keeps it as it came.
  assert.equal(run.result, `failed: ${'x'.repeat(MESSAGE_CAP)}`);
  // The page still answers, and a reload answers from the cache with the capped text at once.
  const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
  assert.ok(longest < 1000, `longest main-thread task while the verdict arrived: ${Math.round(longest)} ms`);
  console.log(`     longest main-thread task: ${Math.round(longest)} ms; run took ${run.elapsedMs} ms`);
  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'HumanEval/0' }).waitFor({ timeout: 30_000 });
  await waitForEditor(page);
  const cached = page.locator('[role="status"] [data-verdict]');
  await cached.waitFor({ timeout: 30_000 });
  const shown = await verdictText(page);
  assert.equal(shown, run.result, `after reload: …${shown.slice(-60)} / before: …${run.result.slice(-60)}`);
}, { timeoutMs: 180_000 });
