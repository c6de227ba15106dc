import { describe, expect, it, vi } from 'vitest';
import {
  ChecksumError,
  datasetIdForChecksum,
  downloadHumanEval,
  HUMANEVAL_DATASET_ID,
  HUMANEVAL_SHA256,
  HUMANEVAL_URL,
  sha256Hex,
  verifySha256,
} from '../../../src/lib/dataset-download.ts';
import { HUMANEVAL_PATH, readBytes } from './data-paths.ts';

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const abc = new TextEncoder().encode('abc');

/** A fetch that answers every request with these bytes (or status), and records what it was asked. */
function fakeFetch(body: Uint8Array | Error, status = 200) {
  return vi.fn<typeof fetch>(async () => {
    if (body instanceof Error) throw body;
    return new Response(body as Uint8Array<ArrayBuffer>, { status, statusText: status === 200 ? 'OK' : 'Not Found' });
  });
}

describe('sha256Hex / verifySha256', () => {
  it('computes the standard digest (FIPS 180-2 test vector "abc")', async () => {
    expect(await sha256Hex(abc)).toBe(ABC_SHA256);
  });

  it('accepts the expected checksum in any case and rejects another', async () => {
    expect(await verifySha256(abc, ABC_SHA256.toUpperCase())).toBe(ABC_SHA256);
    const error = await verifySha256(abc, HUMANEVAL_SHA256).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumError);
    expect((error as ChecksumError).actual).toBe(ABC_SHA256);
    expect((error as Error).message).toContain('checksum mismatch');
  });

  it('matches the published checksum of the official file', async () => {
    expect(await sha256Hex(readBytes(HUMANEVAL_PATH))).toBe(HUMANEVAL_SHA256);
  });
});

describe('downloadHumanEval', () => {
  it('fetches the official URL without credentials and returns verified bytes', async () => {
    const official = readBytes(HUMANEVAL_PATH);
    const doFetch = fakeFetch(official);
    const result = await downloadHumanEval({ fetch: doFetch });
    expect(result.sha256).toBe(HUMANEVAL_SHA256);
    expect(result.bytes).toEqual(official);
    const [url, init] = doFetch.mock.calls[0];
    expect(url).toBe(HUMANEVAL_URL);
    expect(init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer' });
  });

  it('rejects bytes that are not the official file', async () => {
    const tampered = readBytes(HUMANEVAL_PATH).slice();
    tampered[100] ^= 1;
    await expect(downloadHumanEval({ fetch: fakeFetch(tampered) })).rejects.toBeInstanceOf(ChecksumError);
  });

  it('verifies against a caller-supplied checksum (another file, another URL)', async () => {
    const result = await downloadHumanEval({ fetch: fakeFetch(abc), url: 'https://example.org/x', sha256: ABC_SHA256 });
    expect(result.bytes).toEqual(abc);
  });

  it('says which host failed: HTTP errors and unreachable networks', async () => {
    await expect(downloadHumanEval({ fetch: fakeFetch(abc, 404) })).rejects.toThrow(
      'raw.githubusercontent.com answered 404 Not Found',
    );
    await expect(downloadHumanEval({ fetch: fakeFetch(new TypeError('Failed to fetch')) })).rejects.toThrow(
      /could not reach raw\.githubusercontent\.com/,
    );
  });

  it('passes an abort through unchanged', async () => {
    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException('aborted', 'AbortError');
    await expect(downloadHumanEval({ fetch: fakeFetch(abort), signal: controller.signal })).rejects.toBe(abort);
  });
});

describe('dataset ids', () => {
  it('names the official file humaneval and anything else by its content', () => {
    expect(datasetIdForChecksum(HUMANEVAL_SHA256)).toBe(HUMANEVAL_DATASET_ID);
    expect(datasetIdForChecksum(ABC_SHA256)).toBe('sha256-ba7816bf8f01cfea');
  });
});
