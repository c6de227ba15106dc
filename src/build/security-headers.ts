/**
 * The response headers the app depends on, in one place for the three servers that send them: the
 * dev server and `vite preview` (src/build plugins), and the service worker (src/sw.ts), which adds
 * them on static hosts that send none. Plain data and one pure function: the service worker
 * bundles this file, so it must import nothing from Node.
 */

/**
 * Cross-origin isolation makes SharedArrayBuffer available, so a runaway sample is interrupted in
 * place instead of killing its worker (ARCHITECTURE.md, "Timeouts"). `require-corp`, not
 * `credentialless`: Safari ignores the latter.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Our own files are only ever embedded by our own pages. */
export const CORP_HEADER: Readonly<Record<string, string>> = {
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The engine worker's policy (ARCHITECTURE.md, "Sandbox"). Sample code can reach JavaScript through Pyodide's FFI;
 * after the worker seals its global scope it could still build code from strings (`eval`,
 * `Function`) or `import()` a script from another origin and smuggle data out in its URL. This
 * policy forbids both and every connection to another origin. Pyodide itself needs only its own
 * files and `'wasm-unsafe-eval'` to compile its wasm (verified in tests/e2e/offline-csp.e2e.ts).
 */
export const ENGINE_WORKER_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

/**
 * The engine worker's script, built (`assets/engine.worker-<hash>.js`) or in dev
 * (`/workers/engine.worker.ts`). Only its response's CSP governs the worker: the modules it
 * imports run under the worker's policy whatever their own headers say.
 */
const ENGINE_WORKER_PATH = /\/engine\.worker(?:-[\w-]+)?\.(?:js|ts)$/;

/** Whether a URL path (no query) is the engine worker's script. */
export function isEngineWorkerPath(pathname: string): boolean {
  return ENGINE_WORKER_PATH.test(pathname);
}

/** The headers the service worker adds to a same-origin response for `pathname`. */
export function serviceWorkerHeaders(pathname: string): Record<string, string> {
  return {
    ...ISOLATION_HEADERS,
    ...CORP_HEADER,
    ...(isEngineWorkerPath(pathname) ? { 'Content-Security-Policy': ENGINE_WORKER_CSP } : {}),
  };
}
