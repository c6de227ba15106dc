import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type E2EContext, test } from './harness.ts';

/** Open the Learn view and collect every request that leaves the preview server's origin. */
async function openLearn(ctx: E2EContext, options: { reducedMotion?: boolean } = {}): Promise<{ page: Page; offsite: string[] }> {
  const page = await ctx.newPage();
  if (options.reducedMotion) await page.emulateMedia({ reducedMotion: 'reduce' });
  const offsite: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(ctx.baseURL) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) offsite.push(r.url());
  });
  await page.goto('/#/learn');
  await page.getByRole('heading', { name: 'Learn pass@k', exact: true }).waitFor();
  return { page, offsite };
}

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.trim() ?? '';

test('learn: the sliders drive the unbiased and naive estimates', async (ctx) => {
  const { page, offsite } = await openLearn(ctx);
  const n = page.getByLabel('n (samples)', { exact: true });
  const c = page.getByLabel('c (correct)', { exact: true });
  const k = page.getByLabel('k (drawn)', { exact: true });

  await n.fill('20');
  await c.fill('4');
  await k.fill('7');
  assert.equal(await page.getByLabel('n (samples), exact value').inputValue(), '20');
  // Back to n = 10, c = 3, k = 5: by the number box, then the keyboard on the sliders.
  await page.getByLabel('n (samples), exact value').fill('10');
  await c.focus();
  await page.keyboard.press('ArrowLeft');
  await k.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual([await n.inputValue(), await c.inputValue(), await k.inputValue()], ['10', '3', '5']);

  // 1 - C(7,5)/C(10,5) = 1 - 21/252 = 11/12; naive 1 - 0.7^5 = 0.83193.
  assert.equal(await text(page, '#learn-unbiased'), '0.9166666666666666');
  assert.ok(Math.abs(Number(await text(page, '#learn-naive')) - 0.83193) < 1e-12);
  assert.equal(await text(page, '#learn-gap'), '+0.0847');

  // k > n - c: every draw holds a correct sample.
  await k.fill('8');
  assert.equal(await text(page, '#learn-unbiased'), '1');
  await page.getByText('so every draw passes').waitFor();

  // The plots load lazily; each has a numbers table.
  await page.locator('.learn figure svg').first().waitFor();
  assert.ok((await page.locator('.learn figure table caption').count()) >= 4);
  assert.deepEqual(offsite, []);
});

test('learn: the same seed gives the same simulation, animated or not', async (ctx) => {
  const runOnce = async (page: Page) => {
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByText('Done: 3000 draws.').waitFor({ timeout: 30_000 });
    return text(page, '#learn-sim-rate');
  };
  const { page } = await openLearn(ctx);
  await page.getByLabel('Seed', { exact: true }).fill('7');
  await page.getByLabel('Draws', { exact: true }).fill('3000');
  const first = await runOnce(page);
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByText('Not started.').waitFor();
  const second = await runOnce(page);
  assert.equal(second, first);
  // Near the unbiased 11/12, not the naive 0.832.
  assert.ok(Math.abs(Number(first) - 11 / 12) < 0.03, first);

  const { page: still } = await openLearn(ctx, { reducedMotion: true });
  await still.getByLabel('Seed', { exact: true }).fill('7');
  await still.getByLabel('Draws', { exact: true }).fill('3000');
  assert.equal(await runOnce(still), first);
});

test('learn: runs show which tasks move the curve, with a way into a task', async (ctx) => {
  const { page } = await openLearn(ctx);
  await page.getByText('Synthetic teaching data.').waitFor();
  // "Explain" sets the sliders to that task's counts.
  const firstRow = page.locator('table:has(caption:text("tasks that add most")) tbody tr').first();
  const [taskN, taskC] = await Promise.all([firstRow.locator('td').nth(0).textContent(), firstRow.locator('td').nth(1).textContent()]);
  await firstRow.getByRole('button', { name: /^Explain/ }).click();
  assert.equal(await page.getByLabel('n (samples)', { exact: true }).inputValue(), taskN);
  assert.equal(await page.getByLabel('c (correct)', { exact: true }).inputValue(), taskC);

  const link = page.getByRole('link', { name: 'HumanEval/12 in the playground' });
  assert.equal(await link.getAttribute('href'), '#/problem/HumanEval/12');

  await page.getByLabel('Data').selectOption({ label: 'Synthetic example, temperature 0.2' });
  await page.locator('table:has(caption:text("against temperature")) tbody tr').nth(2).waitFor();
});
