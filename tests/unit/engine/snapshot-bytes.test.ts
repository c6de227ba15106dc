import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSnapshot } from '../../../src/runner/node-pool.ts';
import { isGzip, snapshotBytes } from '../../../workers/snapshot-bytes.ts';

// A Pyodide snapshot starts with its magic number 0x706e7300, little-endian: never gzip's 1f 8b.
const SNAPSHOT = Uint8Array.from({ length: 200_000 }, (_, i) => (i < 4 ? [0x00, 0x73, 0x6e, 0x70][i] : (i * 7) % 13));
const HTML = '<!doctype html><title>HumanEval Playground</title>';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(b);

describe('snapshot bytes from a Blob', () => {
  it('hands a raw snapshot over as it is', async () => {
    const blob = new Blob([SNAPSHOT]);
    expect(await isGzip(blob)).toBe(false);
    expect(same(await snapshotBytes(blob), SNAPSHOT)).toBe(true);
  });

  it('unzips a gzipped snapshot (the one shipped with the site)', async () => {
    const blob = new Blob([gzipSync(SNAPSHOT)]);
    expect(await isGzip(blob)).toBe(true);
    expect(same(await snapshotBytes(blob), SNAPSHOT)).toBe(true);
  });

  it('takes a snapshot Pyodide made', async () => {
    const made = await nodeSnapshot();
    expect(await isGzip(made)).toBe(false);
    expect((await snapshotBytes(made)).byteLength).toBe(made.size);
  });

  it('rejects a damaged gzip stream, an HTML page and an empty Blob instead of booting from them', async () => {
    const zipped = gzipSync(SNAPSHOT);
    await expect(snapshotBytes(new Blob([zipped.subarray(0, zipped.length / 2)]))).rejects.toThrow();
    await expect(snapshotBytes(new Blob([HTML]))).rejects.toThrow('not a Pyodide memory snapshot');
    await expect(snapshotBytes(new Blob([]))).rejects.toThrow('not a Pyodide memory snapshot');
  });
});

describe('snapshot bytes from a URL (the snapshot shipped with the site)', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/gz') return res.end(gzipSync(SNAPSHOT));
      // What `vite preview` does with a .gz file: the client unzips it on the way.
      if (req.url === '/encoded') {
        res.writeHead(200, { 'Content-Encoding': 'gzip' });
        return res.end(gzipSync(SNAPSHOT));
      }
      // An SPA fallback.
      if (req.url === '/fallback') return res.end(HTML);
      res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('downloads and unzips it, whether or not the server already had it unzipped', async () => {
    expect(same(await snapshotBytes(`${base}/gz`), SNAPSHOT)).toBe(true);
    expect(same(await snapshotBytes(`${base}/encoded`), SNAPSHOT)).toBe(true);
  });

  it('rejects a missing file, and a page served in its place', async () => {
    await expect(snapshotBytes(`${base}/missing`)).rejects.toThrow(/no snapshot at .*404/);
    await expect(snapshotBytes(`${base}/fallback`)).rejects.toThrow('not a Pyodide memory snapshot');
  });
});
