import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { test } from './harness.ts';
import { type DatasetProblem, newPage, pasteCompletion, runTests, waitForEditor, waitForEngine } from './playground.ts';

function allProblems(): DatasetProblem[] {
  const raw = readFileSync(resolve(process.cwd(), process.env.HUMANEVAL_PATH ?? ''));
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DatasetProblem);
}

const items = (page: Page) => page.locator('[data-problem-list] a[data-task-id]');
const shownIds = (page: Page) => items(page).evaluateAll((links) => links.map((a) => a.getAttribute('data-task-id')));
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-task-id'));

async function filterBy(page: Page, query: string): Promise<(string | null)[]> {
  await page.getByLabel('Filter problems').fill(query);
  return shownIds(page);
}

test('the problem list filters by id, entry point and prompt text', async (ctx) => {
  const problems = allProblems();
  const { page } = await newPage(ctx);
  await page.goto('/');
  await items(page).first().waitFor();
  assert.equal(await items(page).count(), problems.length);
  assert.match(await page.title(), /^Problems — /);

  assert.equal((await filterBy(page, '12'))[0], 'HumanEval/12', 'a number puts that problem first');
  const entry = problems[7].entry_point;
  assert.equal((await filterBy(page, entry))[0], problems[7].task_id);
  // A few words from inside a docstring: every match holds them, and the source problem is among them.
  const words = problems[23].prompt.split('"""')[1].trim().split(/\s+/).slice(0, 3).join(' ');
  const matches = await filterBy(page, words);
  assert.ok(matches.includes(problems[23].task_id), `${words} finds ${problems[23].task_id}`);
  for (const id of matches) {
    const prompt = problems.find((p) => p.task_id === id)!.prompt.toLowerCase();
    for (const word of words.toLowerCase().split(' ')) assert.ok(prompt.includes(word), `${id} holds ${word}`);
  }
  assert.deepEqual(await filterBy(page, 'no such thing anywhere'), []);
  await page.getByText('No problem matches').waitFor();
});

test('the problem list is keyboard navigable and Enter opens a problem', async (ctx) => {
  const problems = allProblems();
  const { page } = await newPage(ctx);
  await page.goto('/');
  await items(page).first().waitFor();
  await page.getByLabel('Filter problems').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedId(page), problems[0].task_id);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedId(page), problems[2].task_id);
  await page.keyboard.press('ArrowUp');
  assert.equal(await focusedId(page), problems[1].task_id);
  await page.keyboard.press('End');
  assert.equal(await focusedId(page), problems.at(-1)!.task_id);
  await page.keyboard.press('Home');
  assert.equal(await focusedId(page), problems[0].task_id);
  // One tab stop for the whole list: Tab leaves it.
  assert.equal(await items(page).evaluateAll((links) => links.filter((a) => a.tabIndex === 0).length), 1);

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: problems[1].task_id }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), `#/problem/${problems[1].task_id}`);
  // Back in the list, focus returns to the problem that was open.
  await page.goBack();
  await items(page).first().waitFor();
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-task-id') === id, problems[1].task_id);

  // Typing a letter in the list goes to the filter.
  await page.keyboard.type('pal');
  assert.equal(await page.getByLabel('Filter problems').inputValue(), 'pal');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2 }).filter({ hasText: 'HumanEval/' }).waitFor();
});

test('each problem’s status comes from the verdict cache', async (ctx) => {
  const { page, errors } = await newPage(ctx);
  await page.goto('/#/problem/HumanEval/2');
  await waitForEditor(page);
  await waitForEngine(page, errors);
  await pasteCompletion(page, '    return number % 1.0\n');
  assert.equal((await runTests(page)).result, 'passed');
  await page.evaluate(() => (location.hash = '#/problem/HumanEval/4'));
  await waitForEditor(page);
  await pasteCompletion(page, '    return 1\n');
  assert.equal((await runTests(page)).result, 'failed: ');

  const status = (id: string) => page.locator(`[data-problem-list] a[data-task-id="${id}"] [data-status]`).getAttribute('data-status');
  for (const reload of [false, true]) {
    if (reload) await page.reload();
    await page.evaluate(() => (location.hash = '#/'));
    await items(page).first().waitFor();
    await page.waitForFunction(() => document.querySelector('[data-task-id="HumanEval/2"] [data-status="passed"]'));
    assert.deepEqual(
      [await status('HumanEval/2'), await status('HumanEval/4'), await status('HumanEval/0')],
      ['passed', 'failed', 'untried'],
      reload ? 'after a reload' : 'in the same page',
    );
  }
  await page.getByLabel('Status').selectOption('passed');
  assert.deepEqual(await shownIds(page), ['HumanEval/2']);
});
