import assert from 'node:assert/strict';
import { test } from './harness.ts';
import { datasetProblem, editorText, openProblem, pasteCompletion, poll, runTests } from './playground.ts';

test('the page is cross-origin isolated and canonical solutions pass', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  await page.getByText('Timeouts: interrupt in place').waitFor();

  for (const taskId of ['HumanEval/0', 'HumanEval/12', 'HumanEval/161']) {
    await page.evaluate((id) => (location.hash = `#/problem/${id}`), taskId);
    await page.getByRole('heading', { level: 2, name: taskId }).waitFor();
    await page.getByRole('button', { name: 'Reveal solution' }).click();
    await page.getByRole('button', { name: 'Put it in the editor' }).click();
    // Monaco shows the new text a moment after the click, and sooner or later depending on the load.
    const solution = datasetProblem(taskId).canonical_solution;
    await poll(`${taskId} in the editor`, () => editorText(page), (text) => text === solution, 5000);
    const { result } = await runTests(page);
    assert.equal(result, 'passed', taskId);
  }
});

test('a wrong completion fails with the reference string', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  await pasteCompletion(page, '    return 1 +\n');
  // The completion's line in the assembled program: the prompt ends with a newline.
  const line = datasetProblem('HumanEval/0').prompt.split('\n').length;
  assert.equal((await runTests(page)).result, `failed: invalid syntax (<string>, line ${line})`);
});

test('program output is shown as text, never as HTML', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  const markup = '<img id="injected" src="x" onerror="window.__injected = 1">';
  await pasteCompletion(page, `    print(${JSON.stringify(markup)})\n    return False\n`);
  assert.equal((await runTests(page)).result, 'failed: ');
  await page.getByText(markup).waitFor();
  assert.equal(await page.locator('#injected').count(), 0);
  assert.equal(await page.evaluate(() => (window as { __injected?: number }).__injected), undefined);
});
