/**
 * End-to-end runner: builds the site (with HUMANEVAL_PATH), serves it with `vite preview` on a free
 * port, runs every `tests/e2e/*.e2e.ts` in system Chromium through playwright-core, and ends with
 * `N passed, M failed`. Usage: `tsx tests/e2e/run.ts [--no-build] [name filter]`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { type E2ETest, pageFactory, takeRegistered } from './harness.ts';
import { CHROMIUM, CHROMIUM_ARGS, freePort, ROOT, VITE } from './serve.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with code ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs} ms`);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`test timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const build = !args.includes('--no-build');
  const filter = args.find((a) => !a.startsWith('--'));

  if (!process.env.HUMANEVAL_PATH) {
    console.error('HUMANEVAL_PATH is not set: the e2e tests need the HumanEval problems file.');
    return 1;
  }
  // Relative to where we were started; the build and the tests run from the repository root.
  process.env.HUMANEVAL_PATH = resolvePath(process.env.HUMANEVAL_PATH);
  // HumanEval+ is bundled too when given (the plus tests need it, and skip themselves without it).
  if (process.env.HUMANEVALPLUS_PATH) process.env.HUMANEVALPLUS_PATH = resolvePath(process.env.HUMANEVALPLUS_PATH);
  if (!existsSync(CHROMIUM)) {
    console.error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    return 1;
  }

  const tests: { file: string; test: E2ETest }[] = [];
  for (const file of readdirSync(HERE).filter((f) => f.endsWith('.e2e.ts')).sort()) {
    await import(pathToFileURL(join(HERE, file)).href);
    for (const test of takeRegistered()) {
      if (!filter || `${file} ${test.name}`.includes(filter)) tests.push({ file, test });
    }
  }

  if (build) {
    const result = spawnSync(process.execPath, [VITE, 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error('vite build failed');
      return 1;
    }
  }

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const previewArgs = ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const server = spawn(process.execPath, [VITE, ...previewArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout?.on('data', (chunk) => (serverLog += chunk));
  server.stderr?.on('data', (chunk) => (serverLog += chunk));
  const stopServer = () => server.exitCode === null && server.kill('SIGTERM');
  process.once('SIGINT', () => {
    stopServer();
    process.exit(130);
  });

  let passed = 0;
  let failed = 0;
  try {
    await waitForServer(baseURL, server, 30_000);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      for (const { file, test } of tests) {
        const pages = pageFactory(browser, baseURL);
        const started = Date.now();
        try {
          await withTimeout(test.fn({ baseURL, browser, newPage: pages.newPage }), test.timeoutMs);
          passed++;
          console.log(`ok   ${file} › ${test.name} (${Date.now() - started} ms)`);
        } catch (error) {
          failed++;
          console.log(`FAIL ${file} › ${test.name} (${Date.now() - started} ms)`);
          const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
          console.log(`     ${detail.replaceAll('\n', '\n     ')}`);
        } finally {
          await pages.closeAll();
        }
      }
    } finally {
      await browser.close();
    }
  } catch (error) {
    failed++;
    console.error(error instanceof Error ? error.message : error);
    if (serverLog) console.error(`vite preview said:\n${serverLog}`);
  } finally {
    stopServer();
  }
  if (tests.length === 0) console.log('no e2e tests matched');
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || tests.length === 0 ? 1 : 0;
}

process.exitCode = await main();
