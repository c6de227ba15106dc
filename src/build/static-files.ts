/**
 * A tiny middleware that serves a fixed set of files under one URL prefix, for the dev and preview
 * servers. Anything else under the prefix is a plain 404: Vite's SPA fallback would otherwise answer
 * a mistyped runtime path with index.html, which surfaces as a baffling JSON parse error
 * (pyodide/pyodide#4419).
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Connect } from 'vite';

export const CONTENT_TYPES: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.gz': 'application/gzip',
};

export function contentType(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[name.slice(dot)]) || 'application/octet-stream';
}

/** What a request for one name under the prefix resolves to: a file on disk or bytes in memory. */
export type Source = { path: string } | { bytes: () => Uint8Array };

export interface StaticFilesOptions {
  /** URL prefix ending in `/`, base included (e.g. `/pyodide/314.0.7/`). */
  prefix: string;
  /** Source for a file name under the prefix, or undefined for a 404. */
  resolve: (name: string) => Source | undefined;
  /** The server's configured headers (COOP/COEP): Vite applies them only in its own middlewares. */
  headers?: OutgoingHttpHeaders;
  cacheControl: string;
}

/** Connect middleware serving `options.prefix + name` from `options.resolve(name)`. */
export function staticFiles(options: StaticFilesOptions): Connect.NextHandleFunction {
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (!pathname.startsWith(options.prefix)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = decodeURIComponent(pathname.slice(options.prefix.length));
    const source = options.resolve(name);
    const base: OutgoingHttpHeaders = {
      ...options.headers,
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    if (!source) {
      res.writeHead(404, { ...base, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found: ${pathname}\n`);
      return;
    }
    let body: Uint8Array | undefined;
    let size: number;
    try {
      if ('bytes' in source) {
        body = source.bytes();
        size = body.byteLength;
      } else {
        size = statSync(source.path).size;
      }
    } catch (error) {
      return next(error);
    }
    res.writeHead(200, {
      ...base,
      'Content-Type': contentType(name),
      'Content-Length': size,
      'Cache-Control': options.cacheControl,
    });
    if (req.method === 'HEAD') return void res.end();
    if (body) return void res.end(body);
    createReadStream((source as { path: string }).path)
      .on('error', (error) => res.destroy(error))
      .pipe(res);
  };
}
