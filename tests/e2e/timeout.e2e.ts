import assert from 'node:assert/strict';
import { test } from './harness.ts';
import {
  INFINITE_LOOP,
  datasetProblem,
  lastLoss,
  openProblem,
  pasteCompletion,
  poll,
  readStats,
  runTests,
  settledStats,
  verdictText,
} from './playground.ts';

test('an infinite loop times out in place and the same interpreter runs the next sample', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  const before = await settledStats(page);
  const running = () => page.locator('[data-stat="workers"]').getAttribute('data-running-ids');
  const workers = await running();

  await pasteCompletion(page, INFINITE_LOOP);
  const loop = await runTests(page);
  assert.equal(loop.result, 'timed out');
  assert.ok(loop.elapsedMs >= 2900 && loop.elapsedMs < 5000, `timed out after ${loop.elapsedMs} ms`);
  // The loop was stopped in place: no worker booted, killed or lost, and the same ones run samples.
  const counters = await readStats(page);
  assert.deepEqual(counters, { ...before, interrupts: before.interrupts + 1 }, await lastLoss(page));
  assert.equal(await running(), workers, 'the workers running samples');

  await pasteCompletion(page, datasetProblem('HumanEval/0').canonical_solution);
  assert.equal((await runTests(page)).result, 'passed');
  assert.deepEqual(await readStats(page), counters, `no worker was killed or lost (${await lastLoss(page)})`);
  assert.equal(await running(), workers, 'the same interpreter ran the next sample');
});

test('the page stays responsive while a sample loops', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  // Measure against the loop alone, not against a spare worker booting on the same cores.
  await settledStats(page);
  await pasteCompletion(page, INFINITE_LOOP);
  await page.getByRole('button', { name: 'Run tests' }).click();
  await page.locator('[role="status"][data-phase="running"]').waitFor();
  // Let the loop get going inside the worker.
  await new Promise((r) => setTimeout(r, 500));

  let started = Date.now();
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  const evaluateMs = Date.now() - started;

  started = Date.now();
  await page.getByText('Engine', { exact: true }).click();
  await poll('the Engine details to open', () => page.locator('details[open]').count(), (n) => n > 0, 1000, 10);
  const clickMs = Date.now() - started;

  assert.equal(await verdictText(page), '', 'the loop was still running during the checks');
  // Both answered while Python was still looping (the verdict above was still empty). The bounds are
  // loose on purpose: main-thread latency is measured by `npm run bench:web`, not asserted here.
  assert.ok(evaluateMs < 1000, `page.evaluate took ${evaluateMs} ms`);
  assert.ok(clickMs < 1000, `opening the Engine details took ${clickMs} ms`);
  await poll('the loop to time out', () => verdictText(page), (t) => t === 'timed out', 10_000);
});
