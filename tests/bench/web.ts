/**
 * `npm run bench:web [-- --no-build] [--runs 3] [--python 3.11|3.14] [--samples FILE]`: the playground measured in
 * headless Chromium against the built site (vite build + vite preview), printed as JSON:
 * - time until the problem list is interactive (cold: a fresh browser profile each run);
 * - time to the first verdict, from navigation to the verdict on screen, with the run clicked as
 *   soon as the editor exists (it waits for Python): cold (fresh profile) and warm (second visit);
 * - the main thread's longest task (PerformanceObserver `longtask`) while Python runs.
 * With `--samples FILE` it runs in batch mode instead: `./web-batch.ts` (owned by the batch view)
 * exports `run(page, options)`, gets a page already on the site, and its result is printed under
 * `batch`. Needs HUMANEVAL_PATH.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildSite, launchChromium, startPreview } from '../e2e/serve.ts';
import { DEFAULT_PYTHON, PYTHON_KEY, parsePythonVersions, type PythonVersion } from '../../src/lib/python-version.ts';

/** What `tests/bench/web-batch.ts` receives besides the page. */
export interface WebBatchOptions {
  baseURL: string;
  browser: Browser;
  /** Absolute path of the samples file. */
  samples: string;
  /** Every command-line argument, for options of its own. */
  args: string[];
}

/** The shape `tests/bench/web-batch.ts` exports; its result lands under `batch` in the JSON. */
export interface WebBatchModule {
  run(page: Page, options: WebBatchOptions): Promise<unknown>;
}

const TARGETS = { listInteractiveMs: 1000, firstVerdictColdMs: 4000, firstVerdictWarmMs: 1500, longestTaskMs: 50 };
const TASK = 'HumanEval/0';
const LOOP = '    while True: pass\n';
/** A body for HumanEval/0 written here (the dataset never lives in the repo). */
const BODY = '    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n';

interface LongTask {
  start: number;
  duration: number;
}
interface Probe {
  longtasks: LongTask[];
  listAt?: number;
  engineReadyAt?: number;
  /** performance.now() of each result the verdict region showed. */
  results: number[];
}
declare global {
  interface Window {
    __bench: Probe;
  }
}

/** Installed before the page's own scripts: long tasks, and when the list, Python and verdicts appear. */
function probe(): void {
  const bench: Probe = (window.__bench = { longtasks: [], results: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    const now = performance.now();
    if (bench.listAt === undefined && document.querySelector('[data-problem-list] a[data-task-id]')) bench.listAt = now;
    if (bench.engineReadyAt === undefined && document.querySelector('[data-engine-state="ready"]')) bench.engineReadyAt = now;
    const runs = Number(document.querySelector('[role="status"][data-finished-runs]')?.getAttribute('data-finished-runs') ?? 0);
    while (bench.results.length < runs) bench.results.push(now);
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-finished-runs', 'data-engine-state'] });
}

const read = (page: Page) => page.evaluate(() => window.__bench);
const round = (ms: number) => Math.round(ms);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const summary = (values: number[]) => ({ median: round(median(values)), runs: values.map(round) });

function longestIn(tasks: LongTask[], from: number, to: number): number {
  return Math.max(0, ...tasks.filter((t) => t.start < to && t.start + t.duration > from).map((t) => t.duration));
}

/** The interpreter the pages choose before they load (the settings' choice); the default when unset. */
let python: PythonVersion = DEFAULT_PYTHON;

async function freshPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [PYTHON_KEY, python] as const);
  await page.addInitScript(probe);
  return page;
}

async function waitFor(page: Page, what: string, predicate: () => boolean, timeout = 90_000): Promise<void> {
  await page.waitForFunction(predicate, undefined, { timeout, polling: 10 }).catch((error: Error) => {
    throw new Error(`waiting for ${what}: ${error.message}`);
  });
}

/** Cold load of the list; interactive once it is on screen and no long task holds the main thread. */
async function listInteractive(browser: Browser, baseURL: string): Promise<{ interactive: number; filterMs: number }> {
  const context = await browser.newContext({ baseURL });
  const page = await freshPage(context);
  await page.goto('/');
  await waitFor(page, 'the problem list', () => window.__bench.listAt !== undefined);
  // Typing in the filter right away: from the input event to the frame that shows the match.
  const filterMs = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
        const started = performance.now();
        input.value = '12';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        requestAnimationFrame(() =>
          setTimeout(() => {
            const first = document.querySelector('[data-problem-list] a')?.getAttribute('data-task-id');
            if (first === 'HumanEval/12') resolve(performance.now() - started);
            else reject(new Error(`the filter showed ${first} first`));
          }),
        );
      }),
  );
  const { listAt, longtasks } = await read(page);
  const blocking = longtasks.filter((t) => t.start < listAt! + 50 && t.start + t.duration > listAt!);
  await context.close();
  return { interactive: Math.max(listAt!, ...blocking.map((t) => t.start + t.duration)), filterMs };
}

/** Put code in the editor: the plain textarea while Monaco loads, else a paste into Monaco. */
async function setCode(page: Page, code: string): Promise<void> {
  await page.locator('[data-editor]').waitFor({ timeout: 60_000 });
  const typed = await page.evaluate((text) => {
    const textarea = document.querySelector<HTMLTextAreaElement>('[data-editor="plain"] textarea');
    if (!textarea) return false;
    textarea.value = text;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    return true;
  }, code);
  if (typed) return;
  await page.locator('[data-editor="monaco"] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
}

/** Run the tests now and wait for the verdict; returns [click, verdict] in page time. */
async function runAndWait(page: Page): Promise<[number, number]> {
  const before = (await read(page)).results.length;
  const clicked = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Run tests' }).click();
  await page.waitForFunction((n) => window.__bench.results.length > n, before, { timeout: 90_000, polling: 10 });
  return [clicked, (await read(page)).results[before]];
}

/** Navigate to a problem, type at once, run (queued until Python is ready): navigation → verdict. */
async function firstVerdict(context: BrowserContext, code: string) {
  const page = await freshPage(context);
  await page.goto(`/#/problem/${TASK}`);
  await setCode(page, code);
  const [clicked, verdictAt] = await runAndWait(page);
  const bench = await read(page);
  const result = await page.locator('[data-verdict]').textContent();
  if (result !== 'passed') throw new Error(`expected passed, got ${result}`);
  return { page, verdictMs: verdictAt, clickedMs: clicked, engineReadyMs: bench.engineReadyAt ?? NaN, longtasks: bench.longtasks };
}

/** Stay until the engine has booted every worker it plans, as a visitor who stayed a little would. */
async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => {
        const workers = document.querySelector('[data-stat="workers"]');
        const planned = Number(workers?.getAttribute('data-planned'));
        const up = (workers?.textContent ?? '').split(',').filter((w) => /idle|busy|spare/.test(w)).length;
        return Number.isFinite(planned) && planned > 0 && up >= planned;
      },
      undefined,
      { timeout: 60_000, polling: 200 },
    )
    .catch(() => {});
}

/** Longest main-thread task while Python runs: a quick passing run (with its explanation) and a 3 s loop. */
async function longestTasks(page: Page, visit: number): Promise<{ passingRunMs: number; loopRunMs: number }> {
  await waitFor(page, 'the editor', () => document.querySelector('[data-editor="monaco"]') !== null);
  await page.locator('.assertions li').first().waitFor({ timeout: 30_000 });
  await setCode(page, `    # probe ${visit}\n${BODY}`);
  const [from, to] = await runAndWait(page);
  await page.locator('.assertions li').first().waitFor({ timeout: 30_000 });
  const explained = await page.evaluate(() => performance.now());
  const passing = longestIn((await read(page)).longtasks, from, Math.max(to, explained));
  await setCode(page, LOOP);
  const [loopFrom, loopTo] = await runAndWait(page);
  const loop = longestIn((await read(page)).longtasks, loopFrom, loopTo);
  return { passingRunMs: round(passing), loopRunMs: round(loop) };
}

/** The playground's measurements: `runs` fresh profiles for the list, and as many two-visit sessions. */
async function playground(browser: Browser, baseURL: string, runs: number): Promise<Record<string, unknown>> {
  const list = [];
  for (let i = 0; i < runs; i++) list.push(await listInteractive(browser, baseURL));
  const cold = [];
  const warm = [];
  const duringRun = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ baseURL });
    const first = await firstVerdict(context, BODY);
    cold.push(first);
    await settle(first.page);
    await first.page.close();
    // A second visit: files cached, a different completion so the verdict cache cannot answer.
    const second = await firstVerdict(context, `    # visit ${i}\n${BODY}`);
    warm.push(second);
    duringRun.push(await longestTasks(second.page, i));
    await context.close();
  }
  return {
    listInteractiveMs: summary(list.map((l) => l.interactive)),
    filterResponseMs: summary(list.map((l) => l.filterMs)),
    firstVerdictColdMs: summary(cold.map((c) => c.verdictMs)),
    firstVerdictWarmMs: summary(warm.map((w) => w.verdictMs)),
    engineReadyMs: { cold: summary(cold.map((c) => c.engineReadyMs)), warm: summary(warm.map((w) => w.engineReadyMs)) },
    longestTaskDuringRunMs: {
      passingRun: summary(duringRun.map((d) => d.passingRunMs)),
      loopRun: summary(duringRun.map((d) => d.loopRunMs)),
    },
    // Not while Python runs: the page and Monaco loading (for the record).
    longestTaskDuringColdLoadMs: summary(cold.map((c) => longestIn(c.longtasks, 0, c.verdictMs))),
    targets: TARGETS,
  };
}

/** Batch mode: hand a page on the site to tests/bench/web-batch.ts. */
async function batch(browser: Browser, baseURL: string, samples: string): Promise<unknown> {
  // A variable specifier: the batch module is optional and may not exist in this checkout.
  const specifier = './web-batch.ts';
  const module = (await import(specifier)) as WebBatchModule;
  const context = await browser.newContext({ baseURL });
  try {
    const page = await freshPage(context);
    await page.goto('/');
    return await module.run(page, { baseURL, browser, samples: resolve(samples), args: process.argv.slice(2) });
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'no-build': { type: 'boolean' }, runs: { type: 'string', default: '3' }, samples: { type: 'string' }, python: { type: 'string' } },
    // Options of web-batch.ts pass through.
    strict: false,
    allowPositionals: true,
  });
  if (!process.env.HUMANEVAL_PATH) throw new Error('set HUMANEVAL_PATH to HumanEval.jsonl.gz');
  if (typeof values.python === 'string') [python] = parsePythonVersions(values.python);
  process.env.HUMANEVAL_PATH = resolve(process.env.HUMANEVAL_PATH);
  if (!values['no-build']) buildSite();
  const preview = await startPreview();
  const browser = await launchChromium();
  try {
    const report: Record<string, unknown> = {
      python,
      machine: { cores: cpus().length, loadAverage: loadavg().map((l) => +l.toFixed(2)), chromium: browser.version() },
    };
    if (typeof values.samples === 'string') {
      report.batch = await batch(browser, preview.baseURL, values.samples);
    } else {
      const runs = Math.max(1, Number(values.runs));
      Object.assign(report, { runs }, await playground(browser, preview.baseURL, runs));
    }
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await browser.close();
    preview.close();
  }
}

await main();
