import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from './harness.ts';
import {
  datasetProblem,
  editorText,
  finishedRuns,
  newPage,
  openProblem,
  pasteCompletion,
  poll,
  runTests,
  verdictText,
  waitForEditor,
  waitForEngine,
  waitForResult,
  waitForSavedDraft,
} from './playground.ts';

const heading = (page: Page, taskId: string) => page.getByRole('heading', { level: 2, name: taskId });

/** The `assert` lines of a problem's `check`, as the per-assertion list shows them. */
function assertLines(taskId: string): string[] {
  return datasetProblem(taskId)
    .test.split('\n')
    .filter((line) => line.trim().startsWith('assert '))
    .map((line) => line.trim());
}

test('a deep link opens the problem; back, forward and the page title follow', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/12', { engine: false, editor: false });
  const { entry_point } = datasetProblem('HumanEval/12');
  assert.match(await page.title(), new RegExp(`^HumanEval/12 · ${entry_point} `));
  await page.getByRole('group', { name: 'Prompt' }).getByText(`def ${entry_point}(`).waitFor();

  await page.getByRole('link', { name: 'Next problem: HumanEval/13' }).click();
  await heading(page, 'HumanEval/13').waitFor();
  assert.match(await page.title(), /^HumanEval\/13 · /);
  await page.goBack();
  await heading(page, 'HumanEval/12').waitFor();
  assert.match(await page.title(), /^HumanEval\/12 · /);
  await page.goForward();
  await heading(page, 'HumanEval/13').waitFor();

  await page.getByRole('link', { name: '← All problems' }).click();
  await page.getByRole('heading', { level: 2, name: 'Problems' }).waitFor();
  assert.match(await page.title(), /^Problems — /);
  await page.goBack();
  await heading(page, 'HumanEval/13').waitFor();

  await page.goto('/#/problem/HumanEval/9999');
  await page.getByRole('heading', { name: 'No problem “HumanEval/9999”' }).waitFor();
});

test('a correct body typed in the editor passes, every assertion listed as passing', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  // A fresh problem starts at the body's indentation; typing goes on from there.
  assert.equal(await editorText(page), '    ');
  await page.locator('[data-editor="monaco"] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  const body = 'return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])';
  await page.keyboard.type(body, { delay: 5 });
  assert.equal(await editorText(page), `    ${body}`);

  const run = await runTests(page, { via: 'keyboard' });
  assert.deepEqual([run.result, run.cached], ['passed', false]);
  assert.match((await page.locator('[data-duration]').textContent()) ?? '', /^\d+ ms$|^\d+\.\d\d s$/);
  const items = page.locator('.assertions li');
  await items.first().waitFor();
  assert.deepEqual(
    await items.locator('.source').allTextContents(),
    assertLines('HumanEval/0'),
    'each assert of check, in order',
  );
  assert.deepEqual(
    new Set(await items.evaluateAll((li) => li.map((e) => e.getAttribute('data-status')))),
    new Set(['passed']),
  );
  await page.locator('.title [data-status="passed"]').waitFor();
});

test('a wrong body fails with the failing assertion’s call, expected and actual values', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  await pasteCompletion(page, '    return False\n');
  assert.equal((await runTests(page)).result, 'failed: ');

  const decisive = page.locator('.assertions li[data-decisive]');
  await decisive.waitFor();
  assert.equal(await page.locator('.assertions li[data-decisive]').count(), 1);
  // The first assert expecting True is the one the reference stops at.
  const first = assertLines('HumanEval/0').find((line) => line.endsWith('== True'))!;
  assert.equal(await decisive.locator('.source').textContent(), first);
  assert.equal(await decisive.getAttribute('data-status'), 'failed');
  assert.equal(await decisive.locator('[data-expected]').textContent(), 'True');
  assert.equal(await decisive.locator('[data-actual]').textContent(), 'False');
  assert.equal(await decisive.locator('dd code').first().textContent(), first.slice('assert '.length, first.indexOf(' ==')));
  await decisive.getByText('First failure: this is what the verdict reports.').waitFor();
  const later = page.locator('.assertions li[data-status="failed"]:not([data-decisive])');
  assert.ok((await later.count()) >= 1);
  await later.first().getByText('Also fails (extra information').waitFor();

  // The traceback's test frame opens the tests at that line.
  await page.getByRole('button', { name: /^tests, line \d+$/ }).click();
  assert.equal(await page.getByRole('button', { name: 'Tests', exact: true }).getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('[aria-label="Tests"] .marked .text').textContent(), `    ${first}\n`);
});

test('a traceback line in the user’s code jumps to it in the editor; long output is cut with a mark', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  await pasteCompletion(page, '    x = 1\n    return x / 0\n');
  assert.equal((await runTests(page)).result, 'failed: division by zero');
  const line = datasetProblem('HumanEval/0').prompt.split('\n').length + 1;
  await page.getByRole('button', { name: `your code, line ${line}` }).click();
  assert.equal(await page.locator('[data-cursor]').textContent(), `Ln ${line}, Col 1`);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null), true);
  // The error is also marked in the editor.
  await page.locator('[data-editor="monaco"] .squiggly-error').waitFor();

  await pasteCompletion(page, '    print("x" * 1_000_000)\n    return False\n');
  assert.equal((await runTests(page)).result, 'failed: ');
  await page.locator('[data-truncated]').waitFor();
  const shown = (await page.locator('pre.output').first().textContent()) ?? '';
  assert.ok(shown.length > 1000 && shown.length < 1_000_000, `${shown.length} characters shown`);
});

test('while True: pass times out, the page answers clicks meanwhile, and the next run works', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/0');
  await pasteCompletion(page, '    while True: pass\n');
  const before = await finishedRuns(page);
  const started = Date.now();
  await page.getByRole('button', { name: 'Run tests' }).click();
  await page.locator('[role="status"][data-phase="running"]').waitFor();
  // A main thread held by the loop would answer these clicks only after the 3 s limit; the bound is
  // loose because other processes share this machine's two cores.
  const tests = page.getByRole('button', { name: 'Tests', exact: true });
  for (const expanded of ['true', 'false', 'true']) {
    const clicked = Date.now();
    await tests.click();
    assert.equal(await tests.getAttribute('aria-expanded'), expanded);
    assert.ok(Date.now() - clicked < 1000, `a click took ${Date.now() - clicked} ms during the loop`);
  }
  assert.equal(await verdictText(page), '', 'the loop was still running during the clicks');
  assert.equal(await waitForResult(page, before), 'timed out');
  assert.ok(Date.now() - started >= 2900, 'not before the 3 s limit');
  await page.getByRole('button', { name: 'Check them anyway' }).waitFor();

  await pasteCompletion(page, datasetProblem('HumanEval/0').canonical_solution);
  assert.equal((await runTests(page)).result, 'passed');
});

test('a reload restores the draft and its verdict, marked as cached', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/3');
  const body = '    return len(operations) > 99\n';
  await pasteCompletion(page, body);
  await waitForSavedDraft(page);
  const result = (await runTests(page)).result;
  assert.equal(result, 'failed: ');

  await page.reload();
  await heading(page, 'HumanEval/3').waitFor();
  await waitForEditor(page);
  assert.equal(await editorText(page), body);
  await page.locator('[role="status"] [data-verdict]').waitFor();
  assert.equal(await verdictText(page), result);
  await page.locator('[role="status"] [data-cached-mark]').waitFor();
  await page.locator('.assertions li[data-decisive]').waitFor({ timeout: 30_000 });
});

test('unchanged code answers from the cache; Run again runs it afresh', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/2');
  await pasteCompletion(page, '    return number % 1.0\n');
  const first = await runTests(page);
  assert.deepEqual([first.result, first.cached], ['passed', false]);
  const second = await runTests(page);
  assert.deepEqual([second.result, second.cached], ['passed', true]);

  const before = await finishedRuns(page);
  await page.getByRole('button', { name: 'Run again' }).click();
  assert.equal(await waitForResult(page, before), 'passed');
  assert.equal(await page.locator('[role="status"] [data-cached-mark]').count(), 0);

  // Any edit makes the verdict on screen stale until the next run.
  await pasteCompletion(page, '    return number % 1\n');
  await page.getByText('for an earlier version of your code').waitFor();
});

test('a run started while Python loads waits for it, then runs', async (ctx) => {
  const { page, errors } = await newPage(ctx);
  // Python boots from a snapshot in about a second, which can beat the click: hold its wasm until
  // the run is queued.
  let release = () => {};
  let holding = 0;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/pyodide.asm.wasm', async (route) => {
    holding++;
    await held;
    await route.continue();
  });
  await page.goto('/#/problem/HumanEval/0');
  await heading(page, 'HumanEval/0').waitFor();
  await page.getByRole('button', { name: 'Plain text editor' }).click();
  await page.getByRole('textbox', { name: 'Completion' }).fill(datasetProblem('HumanEval/0').canonical_solution);
  assert.equal(await page.locator('[data-engine-state]').getAttribute('data-engine-state'), 'loading');
  const before = await finishedRuns(page);
  await page.getByRole('button', { name: 'Run tests' }).click();
  await page.getByText('Waiting for Python to load; the tests run as soon as it is ready.').waitFor();
  assert.ok(holding > 0, "the engine worker's wasm request was held");
  release();
  assert.equal(await waitForResult(page, before, 90_000), 'passed');
  await waitForEngine(page, errors);
});

test('Reset asks first, then forgets the draft', async (ctx) => {
  const page = await openProblem(ctx, 'HumanEval/4');
  await pasteCompletion(page, '    return 0.0\n');
  await waitForSavedDraft(page);

  await page.getByRole('button', { name: 'Reset…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Reset HumanEval/4?' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await editorText(page), '    return 0.0\n');

  await page.getByRole('button', { name: 'Reset…' }).click();
  await dialog.getByRole('button', { name: 'Reset' }).click();
  await poll('the editor to be reset', () => editorText(page), (text) => text === '    ', 5000);
  await page.reload();
  await waitForEditor(page);
  assert.equal(await editorText(page), '    ');
});
