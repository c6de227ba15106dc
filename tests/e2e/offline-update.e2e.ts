/**
 * A new version of the site (a changed sw.js) is found, offered, and taken only when the user says
 * so: until then every tab keeps running the version it loaded; the tab that accepts reloads into
 * the new one, and another open tab is told it now runs an outdated page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from './harness.ts';
import { DIST, plainHost } from './offline-server.ts';

/** Asks the controlling service worker which version it is; only the published "v2" answers. */
const VERSION_PROBE = `
self.addEventListener('message', (event) => {
  if (event.data === 'version?') event.source.postMessage('v2');
});`;

function controllerVersion(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        navigator.serviceWorker.addEventListener('message', (event) => resolve(String(event.data)), { once: true });
        navigator.serviceWorker.controller?.postMessage('version?');
        setTimeout(() => resolve('v1'), 1000);
      }),
  );
}

test('a new version waits for the user, then every tab moves to it or is told to reload', async (ctx) => {
  const host = await plainHost(ctx);
  try {
    const first = await host.context.newPage();
    await first.goto('/');
    await first.locator('[data-update-prompt="isolation"]').waitFor({ timeout: 90_000 });
    await first.reload();
    const second = await host.context.newPage();
    await second.goto('/');
    assert.equal(await controllerVersion(first), 'v1');

    // Publish v2: the same app with a different service worker script.
    const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
    host.server.override = (path) => (path === '/sw.js' ? sw + VERSION_PROBE : undefined);
    await first.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    for (const page of [first, second]) {
      await page.locator('[data-update-prompt="update"]').waitFor({ timeout: 60_000 });
    }
    // Nothing switched on its own: both tabs still run v1 and were not reloaded.
    await first.evaluate(() => ((window as { marker?: number }).marker = 1));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await controllerVersion(first), 'v1');
    assert.equal(await first.evaluate(() => (window as { marker?: number }).marker), 1);

    await Promise.all([
      first.waitForEvent('load'),
      first.locator('[data-update-prompt="update"]').getByRole('button', { name: 'Reload' }).click(),
    ]);
    assert.equal(await first.evaluate(() => (window as { marker?: number }).marker), undefined, 'the tab reloaded');
    assert.equal(await controllerVersion(first), 'v2');
    assert.equal(await first.evaluate(() => globalThis.crossOriginIsolated), true);
    await second.locator('[data-update-prompt="taken-over"]').waitFor({ timeout: 10_000 });
  } finally {
    await host.close();
  }
});
