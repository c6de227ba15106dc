import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isGzip, snapshotBytes } from '../../../workers/snapshot-blob.ts';

// A Pyodide snapshot starts with its magic number 0x706f6400, little-endian: never gzip's 1f 8b.
const SNAPSHOT = Uint8Array.from({ length: 200_000 }, (_, i) => (i < 4 ? [0x00, 0x64, 0x6f, 0x70][i] : (i * 7) % 13));

describe('snapshot blobs', () => {
  it('hands a raw snapshot over as it is', async () => {
    const blob = new Blob([SNAPSHOT]);
    expect(await isGzip(blob)).toBe(false);
    expect(Buffer.from(await snapshotBytes(blob)).equals(SNAPSHOT)).toBe(true);
  });

  it('unzips a gzipped snapshot (the one shipped with the site)', async () => {
    const blob = new Blob([gzipSync(SNAPSHOT)]);
    expect(await isGzip(blob)).toBe(true);
    expect(Buffer.from(await snapshotBytes(blob)).equals(SNAPSHOT)).toBe(true);
  });

  it('rejects a damaged gzip stream instead of booting from garbage', async () => {
    const zipped = gzipSync(SNAPSHOT);
    await expect(snapshotBytes(new Blob([zipped.subarray(0, zipped.length / 2)]))).rejects.toThrow();
  });

  it('treats an empty or one-byte Blob as raw (Pyodide then rejects it)', async () => {
    expect(await isGzip(new Blob([]))).toBe(false);
    expect(await isGzip(new Blob([new Uint8Array([0x1f])]))).toBe(false);
  });
});
