import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { humanevalData } from './src/build/humaneval-data.ts';
import { pyodideAssets } from './src/build/pyodide-assets.ts';

// Cross-origin isolation makes SharedArrayBuffer available, so a runaway sample can be interrupted
// in place instead of killing its worker (DESIGN.md §7).
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte(), pyodideAssets(), humanevalData()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  // Pyodide 314 runs only in module workers, and `es` is required once a worker code-splits.
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['pyodide'] },
});
