/**
 * Prints, after `vite build`, what the page downloads before the problem list is interactive (the
 * entry chunks, their static imports and their CSS) with gzip sizes, then what loads later (lazy
 * chunks such as Monaco, the engine worker, Pyodide's runtime, the dataset). The initial total has a
 * budget (issue 6: under 200 KB gzip); going over prints a warning rather than failing the build,
 * so a deliberate trade-off stays possible.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin, Rolldown } from 'vite';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

/** Gzip budget for the initial JavaScript and CSS. */
export const INITIAL_BUDGET_BYTES = 200 * 1024;

interface Row {
  file: string;
  raw: number;
  gzip: number;
}

function measure(file: string, source: string | Uint8Array): Row {
  const bytes = typeof source === 'string' ? Buffer.from(source) : source;
  return { file, raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Files loaded before the first interaction: entry chunks, their static imports and CSS. */
export function initialFiles(bundle: OutputBundle): Set<string> {
  const initial = new Set<string>();
  const visit = (name: string) => {
    const chunk = bundle[name];
    if (!chunk || chunk.type !== 'chunk' || initial.has(name)) return;
    initial.add(name);
    for (const css of (chunk as OutputChunk & { viteMetadata?: { importedCss: Set<string> } }).viteMetadata
      ?.importedCss ?? []) {
      initial.add(css);
    }
    chunk.imports.forEach(visit);
  };
  for (const [name, item] of Object.entries(bundle)) {
    if (item.type === 'chunk' && item.isEntry) visit(name);
  }
  return initial;
}

function table(title: string, rows: Row[]): string {
  const width = Math.max(title.length, ...rows.map((r) => r.file.length));
  const line = (file: string, raw: string, gzip: string) =>
    `  ${file.padEnd(width)}  ${raw.padStart(10)}  ${gzip.padStart(10)}`;
  return [line(title, 'raw', 'gzip'), ...rows.map((r) => line(r.file, kb(r.raw), kb(r.gzip)))].join('\n');
}

/** Logs initial and lazy sizes (gzip) at the end of a production build. */
export function sizeReport(): Plugin {
  return {
    name: 'humaneval:size-report',
    apply: 'build',
    // Runs after the other plugins have emitted their assets (Pyodide, the dataset).
    enforce: 'post',
    generateBundle(_options, bundle) {
      const initial = initialFiles(bundle);
      const rows = Object.values(bundle)
        .filter((item) => /\.(m?js|css|wasm|zip|gz|ttf|woff2?)$/.test(item.fileName))
        .map((item) => measure(item.fileName, item.type === 'chunk' ? item.code : item.source))
        .sort((a, b) => a.file.localeCompare(b.file));
      const first = rows.filter((r) => initial.has(r.file));
      const later = rows.filter((r) => !initial.has(r.file));
      const total = first.reduce((sum, r) => sum + r.gzip, 0);
      const verdict = total <= INITIAL_BUDGET_BYTES ? 'within' : 'OVER';
      const lines = [
        '',
        table('initial (before the problem list is interactive)', first),
        `  initial total: ${kb(total)} gzip, ${verdict} the ${kb(INITIAL_BUDGET_BYTES)} budget`,
        table('lazy (editor, engine worker, Pyodide, dataset)', later),
        '',
      ];
      const log = lines.join('\n');
      if (verdict === 'OVER') this.warn(log);
      else console.log(log);
    },
  };
}
