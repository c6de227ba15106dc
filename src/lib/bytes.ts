/**
 * Bytes to text for input files: gzip is recognised by its magic bytes (a renamed or downloaded file
 * loses its `.gz`), decompressed with the platform's DecompressionStream, and decoded as UTF-8.
 * Works the same in browsers and Node 20 (both have these as globals).
 */

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A one-chunk stream over a byte array. */
export function bytesToStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/**
 * Reads until at least two bytes are known (a first chunk may hold one byte), then returns them with a
 * stream that replays them followed by the rest, so the caller can sniff without losing data.
 */
async function sniff(stream: ReadableStream<Uint8Array>): Promise<[Uint8Array, ReadableStream<Uint8Array>]> {
  const reader = stream.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < 2 && !done) {
    const next = await reader.read();
    done = next.done;
    if (next.value && next.value.length > 0) {
      head.push(next.value);
      size += next.value.length;
    }
  }
  const prefix = new Uint8Array(size);
  let at = 0;
  for (const chunk of head) {
    prefix.set(chunk, at);
    at += chunk.length;
  }
  const replay = new ReadableStream<Uint8Array>({
    start(controller) {
      if (prefix.length > 0) controller.enqueue(prefix);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return [prefix, replay];
}

/**
 * Decoded text of a byte stream, chunk by chunk, gunzipped first when it starts with the gzip magic.
 * A UTF-8 BOM is dropped (TextDecoder does that by default); invalid UTF-8 becomes U+FFFD.
 */
export async function* decodeTextStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const [prefix, replay] = await sniff(stream);
  const source = isGzip(prefix)
    ? replay.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)
    : replay;
  const decoder = new TextDecoder('utf-8');
  const reader = source.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // `stream: true` keeps a multi-byte character split across chunks intact.
    const text = decoder.decode(value, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/** The whole text of a file's bytes, gunzipped when they start with the gzip magic. */
export async function decodeMaybeGzip(bytes: Uint8Array): Promise<string> {
  const parts: string[] = [];
  for await (const part of decodeTextStream(bytesToStream(bytes))) parts.push(part);
  return parts.join('');
}
