/**
 * Monaco, Python only (ARCHITECTURE.md, "Hosts"): the tree-shakeable `monaco-editor/editor` entry,
 * the Python grammar and the few editor features the playground uses. Python has no language
 * service, so the editor worker is the only worker, and word-based suggestions are left out (their
 * pop-ups get in the way more than they help); native copy and paste need no clipboard feature.
 * Everything here is behind one dynamic import (`loadMonaco` in load.ts), so neither the problem
 * list nor the Pyodide boot waits for it.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/placeholderText/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/wordOperations/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

export type Monaco = typeof monaco;

/** Theme names, one per colour scheme, close to the page's own palette. */
export const THEMES = { light: 'playground-light', dark: 'playground-dark' } as const;

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

/** Let input through between the big steps of starting Monaco, each a long task of its own. */
const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));

async function start(): Promise<Monaco> {
  await yieldToPage();
  // The first theme call starts Monaco's services.
  monaco.editor.defineTheme(THEMES.light, {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#fbfbfc', 'editorLineNumber.foreground': '#6b7079' },
  });
  monaco.editor.defineTheme(THEMES.dark, {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#1b1d21', 'editorLineNumber.foreground': '#8a909a' },
  });
  await yieldToPage();
  // The Python grammar is itself lazy: `tokenize` answers with plain tokens until it has loaded,
  // and `colorize` is the public call that waits for it.
  await monaco.editor.colorize('', 'python', {});
  await yieldToPage();
  return monaco;
}

let started: Promise<Monaco> | undefined;

/** Monaco with its themes defined and the Python grammar loaded. */
export function ready(): Promise<Monaco> {
  started ??= start();
  return started;
}
