/**
 * The service worker and web app manifest, through vite-plugin-pwa with the `injectManifest`
 * strategy: Workbox precaches the whole build, and our own src/sw.ts adds the isolation and CSP
 * headers that `generateSW` could not (src/build/security-headers.ts).
 */
import { VitePWA } from 'vite-plugin-pwa';
import type { PluginOption } from 'vite';
import { DEFAULT_PYTHON, PYTHON_VERSIONS } from '../lib/python-version.ts';
import { PYODIDE_VERSIONS } from './pyodide-assets.ts';
import { SHIPPED_SNAPSHOT_DIR } from '../runner/shipped-snapshot.ts';

/** The service worker's file name in dist/ (the page registers `${BASE_URL}sw.js`). */
export const SERVICE_WORKER_FILE = 'sw.js';

/**
 * Workbox's defaults would silently leave the engine out (ARCHITECTURE.md, "Hosts"):
 * `globPatterns` covers only js/css/html, so Pyodide's wasm, stdlib zip and lock file, the
 * engine's memory snapshot and the dataset would be skipped; and files over 2 MiB are dropped with
 * only a warning (`pyodide.asm.wasm` is ~9.6 MB, the snapshot ~6.2 MB, the Monaco chunk ~3.3 MB,
 * `python_stdlib.zip` ~2.5 MB). Monaco's icon font is a .ttf.
 */
const GLOB_PATTERNS = ['**/*.{html,js,mjs,css,wasm,zip,json,gz,svg,png,ico,ttf,woff,woff2,webmanifest}'];
const MAX_PRECACHED_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Only the default interpreter is precached (issue 12): every other one's runtime, and the
 * memory snapshot (Pyodide 314's, so 3.14's), is fetched the first time it is chosen and then
 * kept by src/sw.ts (its "runtimes" cache).
 */
const OTHER_INTERPRETERS = PYTHON_VERSIONS.filter((python) => python !== DEFAULT_PYTHON);
const GLOB_IGNORES = [
  ...OTHER_INTERPRETERS.map((python) => `pyodide/${PYODIDE_VERSIONS[python]}/**`),
  ...(OTHER_INTERPRETERS.includes('3.14') ? [`${SHIPPED_SNAPSHOT_DIR}**`] : []),
];

/** vite-plugin-pwa configured for this app; the service worker is disabled in dev. */
export function pwa(): PluginOption {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src',
    filename: 'sw.ts',
    // The page registers the worker itself (src/state/app-updates.svelte.ts), after
    // the first load, and asks the user before switching versions.
    injectRegister: false,
    registerType: 'prompt',
    // The glob already holds the icons; listing them twice would only duplicate manifest entries.
    includeManifestIcons: false,
    injectManifest: {
      globPatterns: GLOB_PATTERNS,
      globIgnores: GLOB_IGNORES,
      maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
      // A classic script: it registers everywhere, module service workers do not.
      rollupFormat: 'iife',
    },
    manifest: {
      name: 'HumanEval Playground',
      short_name: 'HumanEval',
      description: 'Evaluate HumanEval completions in your browser, offline, with Pyodide.',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#2f6fde',
      icons: [
        { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    devOptions: { enabled: false },
  });
}
