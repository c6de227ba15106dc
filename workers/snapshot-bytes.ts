/**
 * How a worker gets the bytes of a Pyodide memory snapshot. The pool hands it a Blob (one it made,
 * or Node's disk cache: posting a Blob passes a reference, so the ~31 MB are never
 * structured-cloned on the page's main thread) or the URL of the snapshot shipped with the site,
 * which the worker downloads itself while Pyodide downloads its own files. The shipped one is
 * gzipped (~6 MB); the worker unzips it, unless the host already did (`Content-Encoding: gzip`).
 */
import type { Snapshot } from './protocol.ts';

/** What a gzip stream starts with. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;
/** What a Pyodide snapshot starts with: its magic number 0x706e7300, little-endian (`\0snp`). */
const SNAPSHOT_MAGIC = [0x00, 0x73, 0x6e, 0x70] as const;

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);

/** Whether the Blob holds gzip data. */
export async function isGzip(blob: Blob): Promise<boolean> {
  return startsWith(new Uint8Array(await blob.slice(0, GZIP_MAGIC.length).arrayBuffer()), GZIP_MAGIC);
}

async function download(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`no snapshot at ${url} (${response.status} ${response.statusText})`);
  return response.blob();
}

/** The snapshot's bytes, as `loadPyodide({ _loadSnapshot })` takes them; rejects for anything else. */
export async function snapshotBytes(snapshot: Snapshot): Promise<Uint8Array> {
  const blob = typeof snapshot === 'string' ? await download(snapshot) : snapshot;
  const bytes = (await isGzip(blob))
    ? new Uint8Array(await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer())
    : new Uint8Array(await blob.arrayBuffer());
  // An SPA fallback can answer a missing file with index.html and a 200.
  if (!startsWith(bytes, SNAPSHOT_MAGIC)) throw new Error('not a Pyodide memory snapshot');
  return bytes;
}
