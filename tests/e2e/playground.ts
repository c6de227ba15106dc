/** Helpers that drive the playground page the way a user would. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { E2EContext } from './harness.ts';

/** Pyodide boots in ~3 s warm, much longer on a cold, busy CI machine. */
export const BOOT_TIMEOUT_MS = 60_000;

/** Without a spare worker to wait for, how long the counters must hold still to count as settled. */
const STATS_SETTLE_MS = 8_000;

export const INFINITE_LOOP = '    while True:\n        pass\n';

export interface Stats {
  boots: number;
  interrupts: number;
  kills: number;
  crashes: number;
}

/** Poll `read` until `done` holds; on timeout, throw with the last value seen. */
export async function poll<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
    value = await read();
  }
  return value;
}

interface DatasetProblem {
  task_id: string;
  prompt: string;
  canonical_solution: string;
}

/** A problem from the file the build bundled (read at test time; the dataset never lives in the repo). */
export function datasetProblem(taskId: string): DatasetProblem {
  const path = resolve(process.cwd(), process.env.HUMANEVAL_PATH ?? '');
  const raw = readFileSync(path);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const problem = JSON.parse(line) as DatasetProblem;
    if (problem.task_id === taskId) return problem;
  }
  throw new Error(`${taskId} is not in ${path}`);
}

/** Open the playground and wait until both the problems and Python are ready. */
export async function openPlayground(ctx: E2EContext): Promise<Page> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await page.getByLabel('Problem', { exact: true }).waitFor({ timeout: 30_000 });
  await poll(
    'the engine to be ready',
    async () => {
      if (errors.length) throw new Error(`page error: ${errors.join('; ')}`);
      const alert = await page.getByRole('alert').allTextContents();
      if (alert.length) throw new Error(`page shows an alert: ${alert.join('; ')}`);
      return page.locator('[data-engine-state]').getAttribute('data-engine-state');
    },
    (state) => state === 'ready',
    BOOT_TIMEOUT_MS,
    200,
  );
  return page;
}

/** The verdict element's text (the reference's result string, or empty while running). */
export function verdictText(page: Page): Promise<string> {
  return page.getByRole('status').textContent().then((t) => t ?? '');
}

/** Click "Run tests" and wait for a verdict; returns it and the wall time from the click. */
export async function runTests(page: Page, timeoutMs = 15_000): Promise<{ result: string; elapsedMs: number }> {
  const status = page.getByRole('status');
  const finished = async () => Number(await status.getAttribute('data-finished-runs'));
  const before = await finished();
  await page.getByRole('button', { name: 'Run tests' }).click();
  const started = Date.now();
  await poll('the run to finish', finished, (n) => n > before, timeoutMs, 20);
  return { result: await verdictText(page), elapsedMs: Date.now() - started };
}

export async function readStats(page: Page): Promise<Stats> {
  const read = async (name: string) => Number(await page.locator(`[data-stat="${name}"]`).textContent());
  return {
    boots: await read('boots'),
    interrupts: await read('interrupts'),
    kills: await read('kills'),
    crashes: await read('crashes'),
  };
}

/**
 * Wait until no worker is booting: as many workers are up as the engine plans to keep (its spare,
 * booted last, included), or, when it does not say, the counters have held still for a while.
 */
export async function settledStats(page: Page): Promise<Stats> {
  let last = '';
  let since = Date.now();
  return poll(
    'the engine to finish booting',
    async () => {
      const stats = await readStats(page);
      const element = page.locator('[data-stat="workers"]');
      const workers = ((await element.textContent()) ?? '').trim();
      const planned = Number((await element.getAttribute('data-planned')) ?? NaN);
      const up = workers === 'none' ? 0 : workers.split(', ').length;
      const key = JSON.stringify(stats) + workers;
      if (key !== last) [last, since] = [key, Date.now()];
      return { stats, workers, done: Number.isNaN(planned) ? Date.now() - since >= STATS_SETTLE_MS : up >= planned };
    },
    ({ done }) => done,
    60_000,
    200,
  ).then(({ stats }) => stats);
}
