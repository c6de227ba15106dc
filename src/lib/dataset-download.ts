/**
 * The one request the app ever makes to another origin, and only when the user asks: downloading
 * HumanEval from the official openai/human-eval repository. The bytes are accepted only if their
 * SHA-256 matches the published file's, so a changed or corrupted file never becomes the dataset
 * that verdicts are compared against.
 */

/**
 * raw.githubusercontent.com serves repository files with `Access-Control-Allow-Origin: *`, so a page
 * can read them; github.com's `/raw/` links redirect there but carry no CORS headers themselves, and
 * the file is a plain git blob, not Git LFS, so no media.githubusercontent.com URL is involved.
 */
export const HUMANEVAL_URL = 'https://raw.githubusercontent.com/openai/human-eval/master/data/HumanEval.jsonl.gz';

/** SHA-256 of `data/HumanEval.jsonl.gz` (openai/human-eval, commit 6d43fb9). */
export const HUMANEVAL_SHA256 = 'b796127e635a67f93fb35c04f4cb03cf06f38c8072ee7cee8833d7bee06979ef';

/** The file name the download is stored under. */
export const HUMANEVAL_FILE_NAME = 'HumanEval.jsonl.gz';

/**
 * The id of HumanEval, bundled by the build or stored by the user: drafts are filed under it
 * whichever way the file came.
 */
export const HUMANEVAL_DATASET_ID = 'humaneval';

/** The id a problems file with this checksum is known by: `humaneval`, or `sha256-<16 hex digits>`. */
export function datasetIdForChecksum(sha256: string): string {
  return sha256 === HUMANEVAL_SHA256 ? HUMANEVAL_DATASET_ID : `sha256-${sha256.slice(0, 16)}`;
}

/** Thrown when downloaded bytes do not match the expected checksum. */
export class ChecksumError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`checksum mismatch: expected SHA-256 ${expected}, got ${actual}`);
    this.name = 'ChecksumError';
  }
}

/** Lower-case hex SHA-256 of the bytes (Web Crypto: browsers in a secure context, and Node). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Resolves with the bytes' SHA-256 if it is `expected`; throws ChecksumError otherwise. */
export async function verifySha256(bytes: Uint8Array, expected: string): Promise<string> {
  const actual = await sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) throw new ChecksumError(expected.toLowerCase(), actual);
  return actual;
}

export interface DownloadOptions {
  url?: string;
  sha256?: string;
  signal?: AbortSignal;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** A verified download: the file's bytes and their checksum. */
export interface VerifiedDownload {
  bytes: Uint8Array;
  sha256: string;
}

/** Download the official HumanEval file and verify its checksum; errors say what went wrong. */
export async function downloadHumanEval(options: DownloadOptions = {}): Promise<VerifiedDownload> {
  const { url = HUMANEVAL_URL, sha256 = HUMANEVAL_SHA256, signal } = options;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    // No credentials and no referrer: the host learns nothing but that someone asked for the file.
    response = await doFetch(url, { signal, credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`could not reach ${new URL(url).host} (offline, or blocked by the network)`, { cause: error });
  }
  if (!response.ok) throw new Error(`${new URL(url).host} answered ${response.status} ${response.statusText}`.trim());
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, sha256: await verifySha256(bytes, sha256) };
}
