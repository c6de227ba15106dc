import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { engineBuild } from './src/build/engine-build-id.ts';
import { PYODIDE_VERSIONS } from './src/build/pyodide-assets.ts';

export default defineConfig({
  // Compiles runes in *.svelte.ts so state classes are unit-tested in Node like any module; the
  // versions every cache key holds are defined as the app's build defines them.
  plugins: [svelte(), engineBuild()],
  define: { __PYODIDE_VERSIONS__: JSON.stringify(PYODIDE_VERSIONS) },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Engine tests boot Pyodide workers (about 2 s each on this machine).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files that boot pools run one at a time: two cores cannot boot many interpreters at once.
    fileParallelism: false,
  },
});
