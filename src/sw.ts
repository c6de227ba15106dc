/// <reference lib="webworker" />
/**
 * The app's service worker (built by vite-plugin-pwa's `injectManifest`, see src/build/pwa.ts).
 * Workbox precaches the whole build, Pyodide and the dataset included, so a second visit works with
 * the network off. Every same-origin response it hands out gets COOP/COEP/CORP (and the engine
 * worker its CSP), so the page is cross-origin isolated on hosts that send no headers at all.
 * A new version waits until the page asks for it (`SKIP_WAITING`), so no tab mixes two builds.
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { serviceWorkerHeaders } from './build/security-headers.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

/** Where the interpreters that are not precached, and the memory snapshot, are kept once fetched. */
const RUNTIMES_CACHE = 'humaneval-runtimes';
const isRuntimeURL = (url: URL) => url.origin === self.location.origin && /\/(pyodide|engine)\//.test(url.pathname);

/** The response with our headers added; opaque responses cannot be rebuilt and go out as they are. */
function withHeaders(request: Request, response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(serviceWorkerHeaders(new URL(request.url).pathname))) {
    headers.set(name, value);
  }
  // A new Response, not a mutated one: the headers of a cached or fetched response are immutable.
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const addSecurityHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ request, response }) => withHeaders(request, response),
};

// The page sends this when the user accepts the new version (workbox-window's messageSkipWaiting).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The page asks to keep the runtime of the interpreter it runs (src/runner/browser-pool.ts):
// only files of ours under the runtime paths are fetched and kept.
self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; urls?: unknown } | null;
  if (data?.type !== 'KEEP_RUNTIME' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u): u is string => typeof u === 'string' && isRuntimeURL(new URL(u, self.location.href)));
  event.waitUntil(
    caches.open(RUNTIMES_CACHE).then(async (cache) => {
      for (const url of urls) if (!(await cache.match(url))) await cache.add(url).catch(() => {});
    }),
  );
});

// Earlier versions kept a memory snapshot of their own (~31 MB) in Cache Storage; the snapshot now
// ships with the site and is precached with the rest.
self.addEventListener('activate', (event) => event.waitUntil(caches.delete('humaneval-engine-snapshot')));

// Take the first page at once, so what it loads later (the editor, Pyodide) is served from here.
clientsClaim();
cleanupOutdatedCaches();
addPlugins([addSecurityHeaders]);
precacheAndRoute(self.__WB_MANIFEST);

// Hash routes mean every page is index.html; this also covers `/?source=…` from an installed app.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// The interpreters not precached (src/build/pwa.ts: all but the default) and the memory snapshot:
// fetched the first time a worker asks for them, then kept. Their paths are versioned, so a kept
// file is never stale; a new build's files are new paths.
registerRoute(
  ({ url }) => isRuntimeURL(url),
  async ({ request }) => {
    const cache = await caches.open(RUNTIMES_CACHE);
    const kept = await cache.match(request);
    if (kept) return withHeaders(request, kept);
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return withHeaders(request, response);
  },
);

// Anything else of ours goes to the network, still with the headers: without them a COEP page
// could not load it. Other origins (the user-initiated dataset download) are left alone.
registerRoute(
  ({ url }) => url.origin === self.location.origin,
  async ({ request }) => withHeaders(request, await fetch(request)),
);
