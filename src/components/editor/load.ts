/**
 * The one door to Monaco: a cached dynamic import, so the editor's ~3.7 MB load starts only when a
 * problem is opened (or the browser is idle) and happens once.
 */
import type { Monaco } from './monaco.ts';
import type { RawToken } from '../../lib/highlight.ts';

let loading: Promise<Monaco> | undefined;

/** Load Monaco (once); rejects if the chunk cannot be fetched, and a later call tries again. */
export function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco.ts')
    .then((module) => module.ready())
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** Monaco's Python tokens for `code`, one array per line. */
export async function tokenizePython(code: string): Promise<RawToken[][]> {
  const monaco = await loadMonaco();
  return monaco.editor.tokenize(code, 'python');
}

/** Whether to offer Monaco at all: its README says mobile browsers are not supported. */
export function prefersPlainEditor(): boolean {
  return matchMedia('(pointer: coarse)').matches && !matchMedia('(pointer: fine)').matches;
}
