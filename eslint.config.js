// ESLint: the recommended rules of ESLint, typescript-eslint and eslint-plugin-svelte.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

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
);
