/**
 * Issue 12, version sensitivity on the batch page: a run evaluated under the default 3.11 is re-run
 * under 3.14 as a second, linked run, on a second engine (the user's interpreter stays 3.11), and
 * the report lists the one sample whose verdict changed (an `int.is_integer()` call, which exists
 * from 3.12 on) with both result strings, and pass@k under each version.
 */
import assert from 'node:assert/strict';
import { test } from './harness.ts';
import { humanEval, importSamples, openBatch, poll, waitForRunDone } from './batch-page.ts';

test('a run re-run under the other interpreter lists the samples whose verdict changed, and pass@k under each', async (ctx) => {
  const { page, errors } = await openBatch(ctx);
  const problems = humanEval();
  const [p0, p2] = [problems[0], problems[2]];
  const lines = [
    { task_id: p0.task_id, completion: '    assert (2).is_integer()\n' + p0.canonical_solution },
    { task_id: p0.task_id, completion: p0.canonical_solution },
    { task_id: p2.task_id, completion: p2.canonical_solution },
    { task_id: p2.task_id, completion: '    return None\n' },
  ];
  await importSamples(page, { name: 'versions.jsonl', text: lines.map((l) => JSON.stringify(l)).join('\n') });
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await page.waitForURL(/#\/runs\//);
  const firstUrl = page.url();
  await waitForRunDone(page, 90_000);
  assert.match((await page.getByTestId('run-python').textContent()) ?? '', /^Python 3\.11 /);

  const section = page.getByTestId('version-sensitivity');
  await section.getByRole('button', { name: 'Re-run under Python 3.14' }).click();
  await poll('the re-run to open', async () => page.url(), (url) => url !== firstUrl && /#\/runs\//.test(url), 20_000);
  await waitForRunDone(page, 120_000);
  assert.match((await page.getByTestId('run-python').textContent()) ?? '', /^Python 3\.14 /);
  assert.equal(await page.locator('[data-engine-state]').getAttribute('data-python'), '3.11', "the user's interpreter did not change");

  const count = await poll('the comparison', () => section.getByTestId('version-changed-count').count(), (n) => n === 1, 30_000);
  assert.equal(count, 1);
  const rows = section.getByTestId('version-changed');
  assert.equal(await rows.count(), 1);
  const row = rows.first();
  assert.equal(await row.getAttribute('data-index'), '0');
  assert.match((await row.textContent()) ?? '', /^HumanEval\/0#0/);
  assert.equal(await row.getByTestId('version-direction').textContent(), 'failed → passed');
  assert.equal(await row.getByTestId('version-result-a').textContent(), "failed: 'int' object has no attribute 'is_integer'");
  assert.equal(await row.getByTestId('version-result-b').textContent(), 'passed');
  const cell = (run: number) => section.locator(`[data-testid="pass-at-1"][data-run="${run}"] .value`).textContent();
  assert.equal(await cell(0), '0.5000', 'pass@1 under 3.11');
  assert.equal(await cell(1), '0.7500', 'pass@1 under 3.14');

  // The first run shows the same comparison, linked to its re-run, and the list says which ran what.
  await page.goto(firstUrl);
  await section.getByTestId('version-changed').first().waitFor({ timeout: 20_000 });
  assert.equal(await section.getByTestId('version-changed').count(), 1);
  assert.equal(await section.getByRole('button', { name: /^Re-run under/ }).count(), 0, 'no second re-run of a linked run');
  await page.goto('/#/batch');
  await page.locator('tr[data-run-id]').nth(1).waitFor();
  const pythons = await page.locator('tr[data-run-id]').getByTestId('run-python').allTextContents();
  assert.deepEqual(
    pythons.map((t) => t.trim()),
    ['3.14 (re-run)', '3.11'],
  );
  assert.equal(errors.length, 0, errors.join('; '));
}, { timeoutMs: 300_000 });
