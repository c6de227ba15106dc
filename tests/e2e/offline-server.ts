/**
 * The plainest static host for the offline tests: serves a folder over node:http with a content type
 * and nothing else. No COOP/COEP/CORP, no CSP, no cache headers, so whatever isolation and policy
 * the page gets must come from its own service worker (src/sw.ts), as on GitHub Pages or a USB stick
 * served by `python -m http.server`.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { E2EContext } from './harness.ts';
import { waitForEditor, waitForEngine } from './playground.ts';

/** What `npm run build` (run.ts) produced. */
export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
};

/** Replaces a file's body for one path (e.g. to publish a "new version" of sw.js). */
export type Override = (pathname: string) => string | Buffer | undefined;

export interface StaticServer {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Every path requested, in order (the service worker's own fetches included). */
  requests: string[];
  override: Override | undefined;
  close(): Promise<void>;
}

/** Serve `root` on a free port of 127.0.0.1 (a secure context, so service workers are allowed). */
export async function serveStatic(root: string): Promise<StaticServer> {
  const state: StaticServer = { url: '', requests: [], override: undefined, close: async () => {} };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    state.requests.push(pathname);
    const replaced = state.override?.(pathname);
    if (replaced !== undefined) {
      res.writeHead(200, { 'Content-Type': TYPES[extname(pathname)] ?? 'application/octet-stream' });
      return void res.end(replaced);
    }
    const file = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return void res.end('not found\n');
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export interface PlainHost {
  server: StaticServer;
  context: BrowserContext;
  /** Every request the context made to another origin (pages, workers and the service worker). */
  external: string[];
  close(): Promise<void>;
}

/** dist/ on a header-less static server, and a fresh browser context pointed at it. */
export async function plainHost(ctx: E2EContext, options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<PlainHost> {
  const server = await serveStatic(DIST);
  const context = await ctx.browser.newContext({ baseURL: server.url, serviceWorkers: options.serviceWorkers });
  const external: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${server.url}/`) && !/^(data|blob):/.test(url)) external.push(url);
  });
  return {
    server,
    context,
    external,
    close: async () => {
      await context.close().catch(() => {});
      await server.close();
    },
  };
}

/** A new page on the host that records the page's uncaught errors, opened on `taskId`. */
export async function openProblemPage(context: BrowserContext, taskId: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await loadProblem(page, taskId, errors);
  return { page, errors };
}

/** Load (or reload) a problem's page and wait for its editor and for Python. */
export async function loadProblem(page: Page, taskId: string, errors: string[] = []): Promise<void> {
  await page.goto(`/#/problem/${taskId}`);
  await page.getByRole('heading', { level: 2, name: taskId }).waitFor({ timeout: 30_000 });
  await waitForEditor(page);
  await waitForEngine(page, errors);
}
