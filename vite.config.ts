import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { engineBuild } from './src/build/engine-build-id.ts';
import { engineSnapshot } from './src/build/engine-snapshot.ts';
import { humanevalData } from './src/build/humaneval-data.ts';
import { pwa } from './src/build/pwa.ts';
import { PYODIDE_025_NODE_IMPORTS, pyodideAssets } from './src/build/pyodide-assets.ts';
import { ISOLATION_HEADERS } from './src/build/security-headers.ts';
import { sizeReport } from './src/build/size-report.ts';
import { engineWorkerCsp } from './src/build/worker-csp.ts';

// The dev and preview servers send the isolation headers themselves; on a static host that sends
// none, the service worker adds them (src/sw.ts).
export default defineConfig({
  plugins: [
    svelte(),
    pyodideAssets(),
    humanevalData(),
    engineBuild(),
    engineSnapshot(),
    engineWorkerCsp(),
    pwa(),
    sizeReport(),
  ],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  // Pyodide 314 runs only in module workers, and `es` is required once a worker code-splits.
  // Pyodide 0.25's loader imports Node's modules (and node-fetch) by bare name on its Node path
  // only; a browser worker never reaches those imports, so they stay external instead of failing the build.
  worker: {
    format: 'es',
    rolldownOptions: { external: PYODIDE_025_NODE_IMPORTS },
  },
  optimizeDeps: { exclude: ['pyodide', 'pyodide-0.25'] },
});
