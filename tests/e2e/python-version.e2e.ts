/**
 * Issue 12 in Chromium: the page runs 3.11 by default, the settings switch it to 3.14, and a
 * verdict computed under one interpreter is never served, from the cache or the screen, under the
 * other: the same completion gives each interpreter's own verdict, and switching back serves the
 * 3.11 verdict from the cache.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from './harness.ts';
import { openProblem, pasteCompletion, poll, runTests } from './playground.ts';

const IS_INTEGER = '    return [x for x in numbers if float(x).is_integer() and int(x).is_integer()][:0] == [] and False\n';

async function switchTo(page: Page, python: string): Promise<void> {
  await page.goto('/#/settings');
  await page.getByLabel('Interpreter the samples run under').selectOption(python);
  await poll(
    `the engine to run Python ${python}`,
    async () => [await page.locator('[data-engine-state]').getAttribute('data-python'), await page.locator('[data-engine-state]').getAttribute('data-engine-state')],
    ([running, state]) => running === python && state === 'ready',
    90_000,
  );
  await page.goto('/#/problem/HumanEval/0');
  await page.getByRole('heading', { level: 2, name: 'HumanEval/0' }).waitFor();
}

test('switching the interpreter never serves a verdict computed under the other', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0', { editor: true });
  assert.equal(await page.locator('[data-engine-state]').getAttribute('data-python'), '3.11');
  await pasteCompletion(page, IS_INTEGER);
  const under311 = await runTests(page);
  assert.equal(under311.result, "failed: 'int' object has no attribute 'is_integer'");
  assert.equal(under311.cached, false);

  await switchTo(page, '3.14');
  const under314 = await runTests(page);
  assert.equal(under314.cached, false, 'not the 3.11 verdict from the cache');
  assert.equal(under314.result, 'failed: ');

  await switchTo(page, '3.11');
  const again = await runTests(page);
  assert.equal(again.result, under311.result);
  assert.equal(again.cached, true, "3.11's own verdict, from the cache");
});
