/**
 * A tiny e2e test registry: test files call `test()` at import time, `run.ts` runs what they
 * registered, one at a time, against one browser and one preview server.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface E2EContext {
  /** Origin of the preview server, e.g. `http://127.0.0.1:41234`. */
  baseURL: string;
  browser: Browser;
  /** A page in a fresh browser context, closed after the test. */
  newPage(): Promise<Page>;
}

export interface E2ETest {
  name: string;
  fn: (ctx: E2EContext) => Promise<void>;
  timeoutMs: number;
}

const registered: E2ETest[] = [];

/** Register a test; it gets two minutes unless told otherwise (Pyodide boots take a few seconds each). */
export function test(name: string, fn: E2ETest['fn'], options: { timeoutMs?: number } = {}): void {
  registered.push({ name, fn, timeoutMs: options.timeoutMs ?? 120_000 });
}

/** Take the tests registered since the last call (one file's worth). */
export function takeRegistered(): E2ETest[] {
  return registered.splice(0);
}

/** Contexts opened by `newPage`, so the runner can close them whatever the test did. */
export function pageFactory(
  browser: Browser,
  baseURL: string,
): { newPage(): Promise<Page>; closeAll(): Promise<void> } {
  const contexts: BrowserContext[] = [];
  return {
    async newPage() {
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      return context.newPage();
    },
    async closeAll() {
      await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
    },
  };
}
