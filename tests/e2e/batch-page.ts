/** Helpers for the batch e2e tests: open the batch view, import files, wait for a run to finish. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { E2EContext } from './harness.ts';
import { PYTHON_KEY, type PythonVersion } from '../../src/lib/python-version.ts';

/** Pyodide boots in ~3 s warm, much longer on a cold, busy machine. */
const BOOT_TIMEOUT_MS = 60_000;

/** The shared data folder (beside HUMANEVAL_PATH): the reference's example files. */
export function dataPath(name: string): string {
  return resolve(process.env.HUMANEVAL_PATH ?? '', '..', name);
}

export interface DatasetProblem {
  task_id: string;
  prompt: string;
  canonical_solution: string;
}

/** The HumanEval problems the build bundled, read at test time (the dataset never lives in the repo). */
export function humanEval(): DatasetProblem[] {
  const raw = readFileSync(resolve(process.env.HUMANEVAL_PATH ?? ''));
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DatasetProblem);
}

/** Poll `read` until `done` holds; on timeout, throw with the last value seen. */
export async function poll<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** Opens the batch view in a fresh context and waits for Python; page errors fail the test. */
/** Open the batch page; with `python`, the page's interpreter is that one (the settings' choice, stored before it loads). */
export async function openBatch(ctx: E2EContext, hash = '#/batch', python?: PythonVersion): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  if (python) await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [PYTHON_KEY, python] as const);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`/${hash}`);
  await waitForEngine(page, errors);
  return { page, errors };
}

export async function waitForEngine(page: Page, errors: string[]): Promise<void> {
  await poll(
    'the engine to be ready',
    async () => {
      if (errors.length) throw new Error(`page error: ${errors.join('; ')}`);
      return page.locator('[data-engine-state]').getAttribute('data-engine-state');
    },
    (state) => state === 'ready',
    BOOT_TIMEOUT_MS,
  );
}

/** Switches the session's problems to a file, through the batch view's own control. */
export async function importProblems(page: Page, path: string, name: string): Promise<void> {
  await page.getByLabel('Import problems file').setInputFiles(path);
  await poll('the problems to load', () => page.getByTestId('problems-source').textContent(), (t) => t === name, 20_000);
}

/** Imports a samples file (a path, or a name and its text) and waits for the review. */
export async function importSamples(page: Page, file: string | { name: string; text: string }): Promise<void> {
  const input = page.getByLabel('Import samples');
  if (typeof file === 'string') await input.setInputFiles(file);
  else await input.setInputFiles({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.text) });
  await page.getByRole('button', { name: /^(Evaluate|Evaluate the valid part)$/ }).waitFor({ timeout: 30_000 });
}

export interface ProgressState {
  phase: string | null;
  done: number;
  total: number;
}

/** The progress bar's state, read in one step (the bar goes away the moment a run finishes). */
export async function progress(page: Page): Promise<ProgressState> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="run-progress"]');
    if (!el) return { phase: null, done: -1, total: -1 };
    return { phase: el.getAttribute('data-phase'), done: Number(el.getAttribute('data-done')), total: Number(el.getAttribute('data-total')) };
  });
}

/** Waits until the viewed run has every verdict (its progress bar goes away). */
export async function waitForRunDone(page: Page, timeoutMs = 90_000): Promise<void> {
  await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor({ timeout: 20_000 });
  await poll('the run to finish', () => progress(page), (p) => p.phase === null, timeoutMs);
}

/** The pass@k cell's text (`0.5000`, or the full value once "Full precision" is on). */
export async function passAtK(page: Page, k: number, run = 0): Promise<string> {
  return (await page.locator(`[data-testid="pass-at-${k}"][data-run="${run}"] .value`).textContent()) ?? '';
}
