/**
 * HumanEval+ without the bundled file (issue 13): downloaded from the official release with a
 * checksum check, or imported; a bad file is refused with its line and the stored one is kept; the
 * file is there after a reload, from IndexedDB. This machine has no internet, so the release URL is
 * answered by route interception with the real file (HUMANEVALPLUS_PATH), and the bundle 404s.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HUMANEVALPLUS_URL } from '../../src/lib/plus.ts';
import { test } from './harness.ts';
import { plainHost } from './offline-server.ts';

test('HumanEval+ is downloaded with a checksum check, kept offline, and a bad import changes nothing', async (ctx) => {
  if (!process.env.HUMANEVALPLUS_PATH) throw new Error('HUMANEVALPLUS_PATH is not set');
  const host = await plainHost(ctx, { serviceWorkers: 'block' });
  const official = readFileSync(resolve(process.env.HUMANEVALPLUS_PATH));
  let body = Buffer.from(official);
  body[300] ^= 0xff;
  try {
    await host.context.route(`${host.server.url}/data/HumanEvalPlus.jsonl.gz`, (route) =>
      route.fulfill({ status: 404 }),
    );
    await host.context.route(HUMANEVALPLUS_URL, (route) =>
      route.fulfill({
        status: 200,
        body,
        headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/octet-stream' },
      }),
    );
    const page = await host.context.newPage();
    await page.goto('/#/settings');
    const section = page.getByRole('region', { name: 'HumanEval+' });
    const state = section.locator('[data-plus-dataset]');
    await poll(() => state.getAttribute('data-plus-dataset'), 'absent');

    const download = section.getByRole('button', { name: /^Download the HumanEval\+ release/ });
    await download.click();
    await section.getByRole('alert').filter({ hasText: 'checksum mismatch' }).waitFor();
    assert.equal(await state.getAttribute('data-plus-dataset'), 'absent');

    body = official;
    await download.click();
    await poll(() => state.getAttribute('data-plus-dataset'), 'ready');
    assert.match((await state.textContent())!, /HumanEvalPlus\.jsonl\.gz: 164 tasks/);
    assert.equal(await section.getByRole('alert').count(), 0);

    // A file with a bad second line: refused with its line; the downloaded file stays.
    await section.locator('[data-plus-import]').setInputFiles({
      name: 'bad-plus.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from(
        `{"task_id": "X/0", "prompt": "", "contract": "", "canonical_solution": "", "base_input": [], "plus_input": [], "atol": 0, "entry_point": "f"}\n{"task_id": "X/1"}\n`,
      ),
    });
    const alert = section.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent())!, /bad-plus\.jsonl:2: missing fields/);
    assert.match((await state.textContent())!, /HumanEvalPlus\.jsonl\.gz: 164 tasks/);

    await page.reload();
    await poll(() => state.getAttribute('data-plus-dataset'), 'ready');
    assert.match((await state.textContent())!, /HumanEvalPlus\.jsonl\.gz: 164 tasks/);
    assert.deepEqual(
      host.external,
      [HUMANEVALPLUS_URL, HUMANEVALPLUS_URL],
      'only the two user-initiated downloads left the site',
    );
  } finally {
    await host.close();
  }
});

async function poll(read: () => Promise<string | null>, want: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== want) {
    if (Date.now() > deadline) throw new Error(`waited for ${want}, last ${value}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
}
