// ESLint: the recommended rules of ESLint, typescript-eslint and eslint-plugin-svelte, plus the
// layer rule (eslint/layer-imports.js) that keeps imports pointing the way ARCHITECTURE.md says.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import layerImports from './eslint/layer-imports.js';
import svelteConfig from './svelte.config.js';

/**
 * Which folders each folder may import from (ARCHITECTURE.md, "Layers"): arrows point only
 * components -> state -> lib, with storage and runner under state. src/main.ts and src/App.svelte
 * wire the layers together and are in none.
 */
export const LAYERS = [
  {
    from: 'src/components',
    allow: ['src/components', 'src/state', 'src/lib'],
    why: 'views reach storage, the engine and workers only through src/state',
  },
  { from: 'src/state', deny: ['src/components'], why: 'state never depends on the views over it' },
  { from: 'src/lib', allow: ['src/lib'], why: 'src/lib is pure and imports only src/lib' },
  {
    from: 'src/storage',
    deny: ['src/state', 'src/components', 'src/runner'],
    why: 'storage sits under the state that uses it',
  },
  {
    from: 'src/runner',
    deny: ['src/state', 'src/components', 'src/storage'],
    why: 'the runner sits under the state that uses it',
  },
  {
    from: 'workers',
    deny: ['src/state', 'src/storage', 'src/runner', 'src/components'],
    why: 'the engine knows only its protocol and src/lib',
  },
];

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'public/', 'test-results/', '.scratch/']),
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // TypeScript (npm run check) already reports undefined names, and knows the ambient ones.
      'no-undef': 'off',
      // A caught error may be named for the reader even when unused (ESLint 8's default), and
      // `{#each … as _, i}` names an item it does not use.
      '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none', argsIgnorePattern: '^_$' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
    rules: {
      // The Maps and Sets here are either not reactive at all or `$state.raw` values replaced whole:
      // SvelteMap/SvelteSet would add per-entry reactivity that nothing reads.
      'svelte/prefer-svelte-reactivity': 'off',
      // `{'\n'}` inside <pre> is a visible newline the formatter cannot move; plain strings stay flagged.
      'svelte/no-useless-mustaches': ['error', { ignoreStringEscape: true }],
    },
  },
  {
    plugins: { local: { rules: { 'layer-imports': layerImports } } },
    rules: { 'local/layer-imports': ['error', { root: import.meta.dirname, layers: LAYERS }] },
  },
);
