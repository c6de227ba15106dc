/**
 * A Pyodide memory snapshot travels as a Blob: posting one to a worker passes a reference (in
 * browsers and in Node's worker_threads), so the ~31 MB never get structured-cloned on the page's
 * main thread. The snapshot shipped with the site is gzipped (~6 MB); the worker unzips it.
 */

/** What a gzip stream starts with; a Pyodide snapshot starts with its own magic number instead. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Whether the Blob holds gzip data (a static host may also have unzipped it on the way). */
export async function isGzip(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, GZIP_MAGIC.length).arrayBuffer());
  return GZIP_MAGIC.every((byte, i) => head[i] === byte);
}

/** The snapshot's bytes, as `loadPyodide({ _loadSnapshot })` takes them. */
export async function snapshotBytes(blob: Blob): Promise<Uint8Array> {
  if (!(await isGzip(blob))) return new Uint8Array(await blob.arrayBuffer());
  const unzipped = blob.stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(unzipped).arrayBuffer());
}
