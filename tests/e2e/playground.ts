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
  recycles: number;
  /** Workers that stopped on their own while idle or spare. */
  lost: number;
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

export interface DatasetProblem {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
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

/** A HumanEval+ task from the file the build bundled (HUMANEVALPLUS_PATH), as plain JSON. */
export function plusTask(taskId: string): { task_id: string; entry_point: string; base_input: unknown[][]; plus_input: unknown[][] } {
  if (!process.env.HUMANEVALPLUS_PATH) throw new Error('HUMANEVALPLUS_PATH is not set: the HumanEval+ tests need the file');
  const raw = readFileSync(resolve(process.cwd(), process.env.HUMANEVALPLUS_PATH));
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  for (const line of text.split('\n')) {
    if (line.includes(`"task_id": ${JSON.stringify(taskId)}`)) return JSON.parse(line) as ReturnType<typeof plusTask>;
  }
  throw new Error(`${taskId} is not in HUMANEVALPLUS_PATH`);
}

/** A new page that fails the test on any uncaught page error. */
export async function newPage(ctx: E2EContext): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/** Wait until Python is ready (and no alert or page error showed up meanwhile). */
export async function waitForEngine(page: Page, errors: string[] = []): Promise<void> {
  await poll(
    'the engine to be ready',
    async () => {
      if (errors.length) throw new Error(`page error: ${errors.join('; ')}`);
      // Monaco keeps empty role="alert" regions for its own screen-reader announcements.
      const alert = (await page.getByRole('alert').allTextContents()).filter((text) => text.trim());
      if (alert.length) throw new Error(`page shows an alert: ${alert.join('; ')}`);
      return page.locator('[data-engine-state]').getAttribute('data-engine-state');
    },
    (state) => state === 'ready',
    BOOT_TIMEOUT_MS,
    200,
  );
}

/** Wait until Monaco has replaced the plain textarea. */
/** Waits until the editor's text is saved as the problem's draft (what a reload restores). */
export async function waitForSavedDraft(page: Page): Promise<void> {
  await page.locator('[data-draft="saved"]').waitFor({ timeout: 5000 });
}

export async function waitForEditor(page: Page): Promise<void> {
  // Monaco is ~3.7 MB of script, parsed on a main thread that shares two cores with the workers'
  // boots on every reload; a failed load shows its reason instead, and that is the failure then.
  const failed = page.getByRole('alert').filter({ hasText: 'The code editor could not load' });
  await page.locator('[data-editor="monaco"]').or(failed).first().waitFor({ timeout: 60_000 });
  if ((await failed.count()) > 0) throw new Error(`no code editor: ${await failed.textContent()}`);
}

/**
 * Open a problem by deep link; by default wait for Python and for the editor. The page title
 * follows the problem.
 */
export async function openProblem(
  ctx: E2EContext,
  taskId: string,
  { engine = true, editor = true } = {},
): Promise<Page> {
  const { page, errors } = await newPage(ctx);
  await page.goto(`/#/problem/${taskId}`);
  await page.getByRole('heading', { level: 2, name: taskId }).waitFor({ timeout: 30_000 });
  if (editor) await waitForEditor(page);
  if (engine) await waitForEngine(page, errors);
  return page;
}

/** The editor's text as displayed (Monaco renders spaces as no-break spaces, one element per line). */
export async function editorText(page: Page): Promise<string> {
  const lines = await page.$$eval('[data-editor="monaco"] .view-lines .view-line', (elements) =>
    elements.map((e) => ({ top: parseFloat((e as HTMLElement).style.top), text: e.textContent ?? '' })),
  );
  return lines
    .sort((a, b) => a.top - b.top)
    .map((l) => l.text.replace(/\u00a0/g, ' '))
    .join('\n');
}

/** Focus the editor and select everything in it. */
async function selectAll(page: Page): Promise<void> {
  await page.locator('[data-editor="monaco"] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
}

/**
 * Replace the completion by pasting `text` into the editor: a paste keeps indentation as it is,
 * where typing a newline auto-indents the next line.
 */
export async function pasteCompletion(page: Page, text: string): Promise<void> {
  await selectAll(page);
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await poll('the editor to hold the pasted text', () => editorText(page), (t) => t === text, 5000);
}

/** Replace the completion by typing `text` key by key (the editor auto-indents after a newline). */
export async function typeCompletion(page: Page, text: string): Promise<void> {
  await selectAll(page);
  await page.keyboard.press('Delete');
  await page.keyboard.type(text, { delay: 5 });
}

/** The verdict's reference string (empty while nothing is shown). */
export async function verdictText(page: Page): Promise<string> {
  const verdict = page.locator('[role="status"] [data-verdict]');
  return (await verdict.count()) ? ((await verdict.textContent()) ?? '') : '';
}

/** The number of results the verdict region has shown. */
export async function finishedRuns(page: Page): Promise<number> {
  return Number(await page.locator('[role="status"][data-finished-runs]').getAttribute('data-finished-runs'));
}

/** Wait for the verdict region to show a result beyond `before` runs. */
export async function waitForResult(page: Page, before: number, timeoutMs = 15_000): Promise<string> {
  await poll('the run to finish', () => finishedRuns(page), (n) => n > before, timeoutMs, 20);
  return verdictText(page);
}

/** Run the tests (button or Ctrl+Enter) and wait for a verdict; returns it and the wall time from the click. */
export async function runTests(
  page: Page,
  { timeoutMs = 15_000, via = 'button' }: { timeoutMs?: number; via?: 'button' | 'keyboard' } = {},
): Promise<{ result: string; elapsedMs: number; cached: boolean }> {
  const before = await finishedRuns(page);
  if (via === 'keyboard') await page.keyboard.press('ControlOrMeta+Enter');
  else await page.getByRole('button', { name: 'Run tests' }).click();
  const started = Date.now();
  const result = await waitForResult(page, before, timeoutMs);
  const cached = (await page.locator('[role="status"] [data-cached-mark]').count()) > 0;
  return { result, elapsedMs: Date.now() - started, cached };
}

const STAT_NAMES = ['boots', 'interrupts', 'kills', 'crashes', 'recycles', 'lost', 'workers'];

/**
 * The engine's counters and workers as the status shows them, read in one go: the page refreshes
 * them twice a second, and counters read one by one could mix two refreshes (boots from before a
 * spare was placed, workers from after), so a settled engine looked one boot short.
 */
async function readEngineStatus(page: Page): Promise<{ stats: Stats; workers: string; planned: number }> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  const read = await page.evaluate((names) => {
    const values: Record<string, string> = {};
    for (const name of names) values[name] = document.querySelector(`[data-stat="${name}"]`)?.textContent?.trim() ?? '';
    return { values, planned: document.querySelector('[data-stat="workers"]')?.getAttribute('data-planned') ?? '' };
  }, STAT_NAMES);
  const { values } = read;
  return {
    stats: {
      boots: Number(values.boots),
      interrupts: Number(values.interrupts),
      kills: Number(values.kills),
      crashes: Number(values.crashes),
      recycles: Number(values.recycles),
      lost: Number(values.lost),
    },
    workers: values.workers,
    planned: read.planned === '' ? NaN : Number(read.planned),
  };
}

export async function readStats(page: Page): Promise<Stats> {
  return (await readEngineStatus(page)).stats;
}

/** Why the last worker that stopped on its own did, as the engine status says (for failure messages). */
export async function lastLoss(page: Page): Promise<string> {
  const element = page.locator('[data-stat="last-loss"]');
  return (await element.count()) > 0 ? `last stopped worker: ${await element.textContent()}` : 'no worker stopped on its own';
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
      const { stats, workers, planned } = await readEngineStatus(page);
      const up = workers === 'none' || workers === '' ? 0 : workers.split(', ').length;
      const key = JSON.stringify(stats) + workers;
      if (key !== last) [last, since] = [key, Date.now()];
      return { stats, workers, done: Number.isNaN(planned) ? Date.now() - since >= STATS_SETTLE_MS : up >= planned };
    },
    ({ done }) => done,
    60_000,
    200,
  ).then(({ stats }) => stats);
}
