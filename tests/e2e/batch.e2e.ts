import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from './harness.ts';
import {
  dataPath,
  humanEval,
  importProblems,
  importSamples,
  openBatch,
  passAtK,
  poll,
  progress,
  waitForRunDone,
} from './batch-page.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'he-batch-e2e-'));

/** The headless CLI on the same input: its results file, line by line. */
function cliResults(samples: string, problems: string): string[] {
  const out = join(scratch(), 'cli_results.jsonl');
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', samples, '--problems', problems, '--workers', '1', '--out', out], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(cli.status, 0, cli.stderr);
  return readFileSync(out, 'utf8').split('\n');
}

test('the reference example gives pass@1 = 0.4999999999999999, and the export equals the CLI', async (ctx) => {
  const { page } = await openBatch(ctx);
  await importProblems(page, dataPath('example_problem.jsonl'), 'example_problem.jsonl');
  await importSamples(page, dataPath('example_samples.jsonl'));
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await page.waitForURL(/#\/runs\//);
  await waitForRunDone(page, 60_000);

  assert.equal(await passAtK(page, 1), '0.5000');
  await page.getByLabel('Full precision').check();
  assert.equal(await passAtK(page, 1), '0.4999999999999999');
  const missing = await page.locator('[data-testid="pass-at-10"]').textContent();
  assert.match(missing ?? '', /not computed: 1 of 1 tasks have fewer than 10 samples \(test\/0\)/);

  // One sample in detail: its code, verdict and the assertion that failed.
  await page.getByRole('button', { name: 'test/0' }).click();
  await page.getByRole('button', { name: '#1 timed out' }).click();
  const panel = page.getByTestId('sample-panel');
  await panel.getByText('time.sleep(10)').waitFor();
  assert.equal(await panel.getByTestId('sample-verdict').textContent(), 'timed out');
  await page.getByRole('button', { name: '#4 passed' }).click();
  await panel.getByTestId('assertions').getByText('assert candidate() == 1').waitFor({ timeout: 30_000 });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export example_samples.jsonl_results.jsonl' }).click(),
  ]);
  const exported = readFileSync(await download.path(), 'utf8').split('\n');
  assert.deepEqual(exported, cliResults(dataPath('example_samples.jsonl'), dataPath('example_problem.jsonl')));

  const [summaryDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export example_samples.jsonl_summary.json' }).click(),
  ]);
  const summary = JSON.parse(readFileSync(await summaryDownload.path(), 'utf8'));
  assert.deepEqual(summary.passAtK, { 'pass@1': 0.4999999999999999 });
  assert.deepEqual(summary.counts, { samples: 6, tasks: 1, passed: 3, failed: 2, timedOut: 1 });
}, { timeoutMs: 240_000 });

test('every bad line is reported with its number; the valid part can be evaluated or the import cancelled', async (ctx) => {
  const { page } = await openBatch(ctx);
  const [first] = humanEval();
  const lines = [
    JSON.stringify({ task_id: first.task_id, completion: first.canonical_solution }),
    '{"task_id": "HumanEval/1", "completion": ',
    JSON.stringify({ task_id: 'HumanEval/9999', completion: '' }),
    JSON.stringify({ completion: 'pass' }),
    JSON.stringify({ task_id: 'HumanEval/2', completion: 7 }),
  ];
  await importSamples(page, { name: 'bad.jsonl', text: lines.join('\n') });
  const issues = await page.getByTestId('import-issues').locator('li').allTextContents();
  assert.equal(issues.length, 4, issues.join('\n'));
  assert.match(issues[0], /^bad\.jsonl:2: invalid JSON/);
  assert.match(issues[1], /^bad\.jsonl:3: unknown task_id "HumanEval\/9999"/);
  assert.match(issues[2], /^bad\.jsonl:4: missing "task_id"/);
  assert.match(issues[3], /^bad\.jsonl:5: "completion" must be a string, got number/);
  assert.match((await page.getByTestId('import-subset').textContent()) ?? '', /cover 1 of 164 problems/);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  assert.equal(await page.getByTestId('import-issues').count(), 0);

  await importSamples(page, { name: 'bad.jsonl', text: lines.join('\n') });
  await page.getByRole('button', { name: 'Evaluate the valid part' }).click();
  await waitForRunDone(page, 60_000);
  assert.equal(await passAtK(page, 1), '1.0000');
  assert.match((await page.getByTestId('report-scope').textContent()) ?? '', /subset: 1 of 164 tasks/);
});

test('a run interrupted by a reload resumes where it stopped', async (ctx) => {
  const { page, errors } = await openBatch(ctx);
  // Canonical solutions that take half a second each, so the reload lands mid-run.
  const problems = humanEval().slice(0, 30);
  const slow = '\nimport time as _t\n_t.sleep(0.5)\n';
  const text = problems.flatMap((p) => [0, 1].map(() => JSON.stringify({ task_id: p.task_id, completion: p.canonical_solution + slow }))).join('\n');
  await importSamples(page, { name: 'slow.jsonl', text });
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await page.waitForURL(/#\/runs\//);
  const before = await poll('some verdicts to be saved', () => progress(page), (p) => p.done >= 12, 60_000);
  assert.equal(before.total, 60);

  await page.reload();
  const after = await poll('the run to resume', () => progress(page), (p) => p.phase === 'running', 60_000);
  // Saved in batches every second: at most a second's worth of verdicts is evaluated again.
  assert.ok(after.done >= 4, `resumed at ${after.done} of 60 (reloaded at ${before.done})`);
  assert.equal(after.total, 60);
  await waitForRunDone(page, 90_000);
  assert.equal(await passAtK(page, 1), '1.0000');
  assert.equal(errors.length, 0, errors.join('; '));

  await page.goto('/#/batch');
  const rows = page.locator('tr[data-run-id]');
  await rows.first().waitFor();
  assert.equal(await rows.first().getByTestId('run-status').textContent(), 'done');
}, { timeoutMs: 240_000 });

test('two runs compared side by side; drop a file anywhere to import it', async (ctx) => {
  const { page } = await openBatch(ctx);
  const problems = humanEval().slice(0, 5);
  const good = problems.map((p) => JSON.stringify({ task_id: p.task_id, completion: p.canonical_solution }));
  const mixed = problems.map((p, i) => JSON.stringify({ task_id: p.task_id, completion: i < 3 ? p.canonical_solution : '    return None\n' }));

  await importSamples(page, { name: 'good.jsonl', text: good.join('\n') });
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await waitForRunDone(page);
  await page.goto('/#/batch');
  // A file dropped on the page, as a user would drag it from the desktop.
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'mixed.jsonl'));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, mixed.join('\n'));
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await waitForRunDone(page);

  await page.goto('/#/batch');
  await page.getByLabel('Choose good.jsonl for comparison').check();
  await page.getByLabel('Choose mixed.jsonl for comparison').check();
  await page.getByRole('button', { name: 'Compare the two chosen runs' }).click();
  const onlyA = page.getByTestId('only-a');
  await onlyA.waitFor();
  // Runs are compared in the order they were chosen: A solved tasks 3 and 4, B did not.
  assert.deepEqual(await onlyA.locator('tbody th').allTextContents(), problems.slice(3).map((p) => p.task_id));
  assert.equal(await page.getByTestId('only-b').count(), 0);
  assert.equal(await passAtK(page, 1, 0), '1.0000');
  assert.equal(await passAtK(page, 1, 1), '0.6000');
  assert.match((await page.locator('[data-testid="pass-at-1"][data-run="0"]').textContent()) ?? '', /subset: 5 of 164 tasks/);
});
