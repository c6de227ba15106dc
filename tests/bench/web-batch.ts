/**
 * Batch throughput in headless Chromium against the built site: samples/s for a whole samples file,
 * then the time to run the same file again when every verdict comes from the cache. Prints JSON.
 *
 *   tsx tests/bench/web-batch.ts --samples FILE [--timeout-ms 600000]
 *
 * Standalone it builds nothing: run `npm run build` (with HUMANEVAL_PATH) first; it serves `dist/` with
 * `vite preview` and drives the system Chromium. `tests/bench/web.ts` imports it and calls `run(page, …)`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadProblems } from '../../src/lib/problems.ts';
import { loadSamples } from '../../src/lib/samples.ts';
import { basename, resolve } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';

/** What `run` needs; tests/bench/web.ts passes more (baseURL, browser, args), which is fine. */
export interface WebBatchOptions {
  /** Path of the samples file to evaluate (its tasks must be in the site's problems). */
  samples: string;
  /** Give up after this long per phase (default 10 min, or `--timeout-ms` among `args`). */
  timeoutMs?: number;
  args?: string[];
}

export interface WebBatchResult {
  samples: number;
  /**
   * Distinct (task, code) pairs: a run evaluates each once and copies the verdict, so the engine's
   * own rate is programsPerSecond, not samplesPerSecond. Null without HUMANEVAL_PATH.
   */
  distinctPrograms: number | null;
  programsPerSecond: number | null;
  workers: number;
  /** From choosing the file to the review (parsing in the import worker). */
  importSeconds: number;
  /** From "Evaluate" to the last verdict, cold cache. */
  evaluateSeconds: number;
  samplesPerSecond: number;
  passed: number;
  /** The same file again: import, then "Evaluate" until the report shows, every verdict cached. */
  cachedImportSeconds: number;
  cachedRunSeconds: number;
  cachedTotalSeconds: number;
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const progressDone = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-testid="run-progress"]');
    const report = document.querySelector('[data-testid="pass-at-1"]');
    return { running: el !== null, done: Number(el?.getAttribute('data-done') ?? -1), report: report !== null };
  });

/** Imports the file, waits for the review, clicks Evaluate and waits for the report; times each part. */
async function importAndRun(page: Page, path: string, timeoutMs: number) {
  await page.goto('/#/batch');
  const started = performance.now();
  await page.getByLabel('Import samples').setInputFiles(path);
  const evaluate = page.getByRole('button', { name: /^(Evaluate|Evaluate the valid part)$/ });
  await evaluate.waitFor({ timeout: timeoutMs });
  const imported = performance.now();
  await evaluate.click();
  await page.waitForURL(/#\/runs\//, { timeout: timeoutMs });
  await until('the run to finish', () => progressDone(page), (p) => !p.running && p.report, timeoutMs);
  const finished = performance.now();
  return { importSeconds: (imported - started) / 1000, runSeconds: (finished - imported) / 1000 };
}

/** Runs the benchmark in an open page of the built site (any route). */
export async function run(page: Page, options: WebBatchOptions): Promise<WebBatchResult> {
  const fromArgs = options.args?.[options.args.indexOf('--timeout-ms') + 1];
  const timeoutMs = options.timeoutMs ?? (options.args?.includes('--timeout-ms') ? Number(fromArgs) : 600_000);
  const path = resolve(options.samples);
  await page.goto('/#/batch');
  await page.locator('[data-engine-state="ready"]').waitFor({ timeout: 120_000 });
  // Measure the batch, not the boots: wait until every planned worker is up.
  const workers = await until(
    'every worker to boot',
    () =>
      page.evaluate(() => {
        const el = document.querySelector('[data-stat="workers"]');
        const states = (el?.textContent ?? '').split(',').map((s) => s.trim());
        return { planned: Number(el?.getAttribute('data-planned') ?? 0), up: states.filter((s) => s === 'idle' || s === 'spare').length };
      }),
    (w) => w.planned > 0 && w.up >= w.planned,
    120_000,
    200,
  );
  const cold = await importAndRun(page, path, timeoutMs);
  const counts = await page.evaluate(() => {
    const cells = document.querySelectorAll('table.tasks tbody tr[data-task]');
    let n = 0;
    let c = 0;
    cells.forEach((row) => {
      const tds = row.querySelectorAll('td');
      n += Number(tds[0]?.textContent?.split(' ')[0] ?? 0);
      c += Number(tds[1]?.textContent ?? 0);
    });
    return { n, c };
  });
  const cached = await importAndRun(page, path, timeoutMs);
  const distinct = await distinctPrograms(path);
  return {
    samples: counts.n,
    distinctPrograms: distinct,
    programsPerSecond: distinct === null ? null : +(distinct / cold.runSeconds).toFixed(1),
    workers: workers.planned,
    importSeconds: +cold.importSeconds.toFixed(3),
    evaluateSeconds: +cold.runSeconds.toFixed(3),
    samplesPerSecond: +(counts.n / cold.runSeconds).toFixed(1),
    passed: counts.c,
    cachedImportSeconds: +cached.importSeconds.toFixed(3),
    cachedRunSeconds: +cached.runSeconds.toFixed(3),
    cachedTotalSeconds: +(cached.importSeconds + cached.runSeconds).toFixed(3),
  };
}

/**
 * Distinct (task, code) pairs in a samples file, parsed as the site parses it (any format, gzipped or
 * not) against the problems at HUMANEVAL_PATH; null without them.
 */
async function distinctPrograms(path: string): Promise<number | null> {
  const problemsPath = process.env.HUMANEVAL_PATH;
  if (!problemsPath) return null;
  const { problems } = await loadProblems(readFileSync(problemsPath), problemsPath);
  const { samples } = await loadSamples(readFileSync(path), problems.map((p) => p.task_id), path);
  return new Set(samples.map((s) => JSON.stringify([s.task_id, s.code]))).size;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { samples: { type: 'string' }, 'timeout-ms': { type: 'string' } } });
  if (!values.samples) throw new Error('usage: tsx tests/bench/web-batch.ts --samples FILE');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const port = await freePort();
  const vite = resolve(root, 'node_modules/vite/bin/vite.js');
  const server = spawn(process.execPath, [vite, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: 'ignore',
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const baseURL = `http://127.0.0.1:${port}`;
    await until('vite preview', () => fetch(baseURL).then((r) => r.ok, () => false), (ok) => ok, 30_000, 200);
    const page = await (await browser.newContext({ baseURL })).newPage();
    const result = await run(page, { samples: values.samples, timeoutMs: Number(values['timeout-ms'] ?? 600_000) });
    console.log(JSON.stringify({ file: basename(values.samples), ...result }, null, 2));
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
