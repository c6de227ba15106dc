/**
 * Build the site and serve it with `vite preview` on a free port, and launch the system Chromium:
 * what the e2e runner does, as functions for other drivers (tests/bench/web.ts).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `vite build` into dist/ (HUMANEVAL_PATH must be set for the problems to be bundled). */
export function buildSite(): void {
  const result = spawnSync(process.execPath, [VITE, 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('vite build failed');
}

export interface Preview {
  baseURL: string;
  close(): void;
}

/** Serve dist/ with `vite preview` (which sends the COOP/COEP headers) on a free port. */
export async function startPreview(timeoutMs = 30_000): Promise<Preview> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const args = ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const server: ChildProcess = spawn(process.execPath, [VITE, ...args], { cwd: ROOT, stdio: 'ignore' });
  const close = () => void (server.exitCode === null && server.kill('SIGTERM'));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with code ${server.exitCode}`);
    try {
      if ((await fetch(baseURL)).ok) return { baseURL, close };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  close();
  throw new Error(`vite preview did not answer at ${baseURL} within ${timeoutMs} ms`);
}

/** The system Chromium, headless, as the e2e tests run it. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
