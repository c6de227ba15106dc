/**
 * Datasets without the build flag (issue 6): download HumanEval from openai/human-eval with a
 * checksum check, or import a problems file; either is kept in IndexedDB and is there on the next
 * load. This machine has no internet, so the GitHub URL is answered by route interception (with the
 * real file from HUMANEVAL_PATH, read at test time), and the bundled copy is made to 404.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HUMANEVAL_URL } from '../../src/lib/dataset-download.ts';
import { test } from './harness.ts';
import { loadProblem, plainHost } from './offline-server.ts';
import { pasteCompletion, poll, runTests } from './playground.ts';

/** A teacher's own two problems (written here: not HumanEval). */
const CLASS_PROBLEMS = [
  { task_id: 'Class/0', prompt: 'def add(a, b):\n', canonical_solution: '    return a + b\n', test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n', entry_point: 'add' },
  { task_id: 'Class/1', prompt: 'def neg(x):\n', canonical_solution: '    return -x\n', test: 'def check(candidate):\n    assert candidate(2) == -2\n', entry_point: 'neg' },
];

test('HumanEval is downloaded with a checksum check, a problems file imported, both kept offline', async (ctx) => {
  // Service workers off, so route interception sees every request.
  const host = await plainHost(ctx, { serviceWorkers: 'block' });
  const official = readFileSync(resolve(process.env.HUMANEVAL_PATH ?? ''));
  let body = Buffer.from(official);
  body[200] ^= 0xff;
  try {
    await host.context.route(`${host.server.url}/data/HumanEval.jsonl.gz`, (route) => route.fulfill({ status: 404 }));
    await host.context.route(HUMANEVAL_URL, (route) =>
      route.fulfill({ status: 200, body, headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/octet-stream' } }),
    );
    const page = await host.context.newPage();
    await page.goto('/#/settings');
    await page.getByRole('alert').filter({ hasText: 'Could not load the bundled problems' }).waitFor();
    await page.getByText('No problems yet').waitFor();

    // A file that is not the published one is refused and not kept.
    await page.getByRole('button', { name: 'Download HumanEval' }).click();
    await page.getByRole('alert').filter({ hasText: 'checksum mismatch' }).waitFor();
    assert.equal(await page.getByRole('radio').count(), 0);

    body = official;
    await page.getByRole('button', { name: 'Download HumanEval' }).click();
    const humaneval = page.getByRole('radio', { name: 'HumanEval.jsonl.gz' });
    await humaneval.waitFor();
    assert.equal(await humaneval.isChecked(), true);
    assert.equal(await page.getByRole('alert').count(), 0, 'the download replaced the missing bundle');
    assert.equal(await page.getByRole('button', { name: 'Download HumanEval' }).count(), 0);

    // A teacher's file becomes the active dataset and runs like HumanEval.
    await page.getByLabel(/Import a problems file/).setInputFiles({
      name: 'class.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from(CLASS_PROBLEMS.map((p) => JSON.stringify(p)).join('\n') + '\n'),
    });
    const mine = page.getByRole('radio', { name: 'class.jsonl' });
    await mine.waitFor();
    assert.equal(await mine.isChecked(), true);
    await loadProblem(page, 'Class/0');
    await pasteCompletion(page, '    return a + b\n');
    assert.equal((await runTests(page)).result, 'passed');

    // Both survive a reload from IndexedDB (the bundle still 404s), and the choice is remembered.
    await page.reload();
    await loadProblem(page, 'Class/1');
    await page.goto('/#/settings');
    await page.getByRole('radio', { name: 'HumanEval.jsonl.gz' }).check();
    await page.reload();
    await loadProblem(page, 'HumanEval/163');

    // The time limit is a setting too.
    await page.goto('/#/settings');
    const limit = page.getByLabel('Time limit per sample (seconds)');
    await limit.fill('5');
    await limit.press('Enter');
    await poll('the limit to apply', () => page.getByRole('button', { name: 'Reset to 3 s' }).isEnabled(), Boolean, 5000);
    await page.reload();
    await poll('the stored limit to load', () => limit.inputValue(), (v) => v === '5', 5000);

    await page.getByLabel('Also delete my drafts').check();
    await page.getByRole('button', { name: 'Clear cached results' }).click();
    await page.getByText('Cached results and drafts deleted.').waitFor();

    assert.deepEqual(host.external, [HUMANEVAL_URL, HUMANEVAL_URL], 'only the two user-initiated downloads left the site');
  } finally {
    await host.close();
  }
});
