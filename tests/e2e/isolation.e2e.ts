/**
 * In Chromium: a batch whose every hostile sample (tests/fixtures/hostile-samples.ts) is followed
 * by the honest ones, evaluated by the site's own workers, gives every line the verdict it would
 * get alone, and the exported results file says so.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HONEST, HOSTILE, expectedFor } from '../fixtures/hostile-samples.ts';
import { PYTHON_VERSIONS } from '../../src/lib/python-version.ts';
import { dataPath, importProblems, importSamples, openBatch, waitForRunDone } from './batch-page.ts';
import { test } from './harness.ts';

for (const python of PYTHON_VERSIONS) test(
  `hostile samples change nothing the samples after them see (Python ${python})`,
  async (ctx) => {
    const { page, errors } = await openBatch(ctx, '#/batch', python);
    await importProblems(page, dataPath('example_problem.jsonl'), 'example_problem.jsonl');
    const lines = HOSTILE.flatMap((hostile) => [hostile, ...HONEST]);
    // A comment makes every line a distinct program: a run evaluates identical programs only once.
    const text = lines.map((s, i) => JSON.stringify({ task_id: 'test/0', completion: `${s.completion}\n    # line ${i}\n`, name: s.name })).join('\n');
    await importSamples(page, { name: 'hostile.jsonl', text });
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await page.waitForURL(/#\/runs\//);
    await waitForRunDone(page, 240_000);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export hostile.jsonl_results.jsonl' }).click(),
    ]);
    const results = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; result: string });
    assert.deepEqual(
      results.map((r) => r.name),
      lines.map((s) => s.name),
    );
    results.forEach((r, i) => {
      const expected = expectedFor(lines[i], python);
      const after = HOSTILE.find((_, h) => h === Math.floor(i / (HONEST.length + 1)))?.name;
      if (typeof expected === 'string') assert.equal(r.result, expected, `${r.name} (after: ${after})`);
      else assert.match(r.result, expected, `${r.name} (after: ${after}): ${r.result}`);
    });
    assert.deepEqual(errors, []);
  },
  { timeoutMs: 300_000 },
);
