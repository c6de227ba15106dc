/**
 * Importing a samples file for a batch run, as the import worker does it (and tests do in Node):
 * stream-parse it with progress by bytes read, optionally extract code from chat output, and take a
 * digest of the file so that opening the same file again finds its earlier runs (to resume one, or to
 * reuse its verdicts). Each sample's verdict cache key is computed afterwards, only when needed.
 */
import { cacheKeys, type KeySettings } from './cache-key.ts';
import { extractCode, type ExtractionStep } from './extract-code.ts';
import type { InputIssue } from './input-issue.ts';
import type { Problem } from './problems.ts';
import type { SampleCode } from './program.ts';
import { parseSamplesStream, tasksWithoutSamples, type Sample, type SamplesFormat } from './samples.ts';

export interface ImportRequest {
  /** The problems the samples are for, in dataset order (bigcode generations are matched by position). */
  problems: readonly Problem[];
  /** Display name of the file, used in issues. */
  source: string;
  /** Run the "extract code from chat output" step. */
  extract: boolean;
}

export type { KeySettings };

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
}

/** A parsed sample, with its code after extraction and the original when extraction changed it. */
export interface ImportedSample extends Sample {
  original?: SampleCode;
  extractSteps?: ExtractionStep[];
  cacheKey?: string;
}

export interface ImportSummary {
  format: SamplesFormat;
  samples: number;
  issues: InputIssue[];
  /** Tasks with at least one sample. */
  tasks: number;
  problemsTotal: number;
  /** Problems with no sample: when any, the run is a subset and every figure says so. */
  missing: string[];
  /** Samples whose code extraction changed. */
  extracted: number;
  /** SHA-256 of the file's bytes: the same file gives the same value. */
  contentHash: string;
}

export interface ImportOutcome {
  summary: ImportSummary;
  samples: ImportedSample[];
}

/** A stream that passes bytes through and reports how many went by. */
function counting(stream: ReadableStream<Uint8Array>, onBytes: (total: number) => void): ReadableStream<Uint8Array> {
  let total = 0;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        onBytes(total);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** Hex SHA-256 of a file's bytes. */
export async function blobDigest(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parses a samples file (and extracts code, if asked); `onProgress` is called at most every `intervalMs`. */
export async function importSamples(
  file: Blob,
  request: ImportRequest,
  onProgress?: (progress: ImportProgress) => void,
  intervalMs = 100,
): Promise<ImportOutcome> {
  const totalBytes = file.size;
  let last = 0;
  const counted = counting(file.stream(), (bytesRead) => {
    const now = performance.now();
    if (now - last < intervalMs) return;
    last = now;
    onProgress?.({ bytesRead, totalBytes });
  });
  const taskIds = request.problems.map((p) => p.task_id);
  const [parsed, contentHash] = await Promise.all([
    parseSamplesStream(counted, taskIds, request.source),
    blobDigest(file),
  ]);
  onProgress?.({ bytesRead: totalBytes, totalBytes });

  const byId = new Map(request.problems.map((p) => [p.task_id, p]));
  let extracted = 0;
  const samples: ImportedSample[] = parsed.samples.map((sample) => {
    if (!request.extract) return sample;
    const result = extractCode(sample.code, byId.get(sample.task_id)!);
    if (!result.changed) return sample;
    extracted++;
    return { ...sample, code: result.code, original: sample.code, extractSteps: result.steps };
  });
  const missing = tasksWithoutSamples(samples, taskIds);
  return {
    summary: {
      format: parsed.format,
      samples: samples.length,
      issues: parsed.issues,
      tasks: taskIds.length - missing.length,
      problemsTotal: taskIds.length,
      missing,
      extracted,
      contentHash,
    },
    samples,
  };
}

/** Sets `cacheKey` on every sample (computed by src/lib/cache-key.ts, like every key). */
export async function addCacheKeys(
  samples: { task_id: string; code: SampleCode; cacheKey?: string }[],
  problems: ReadonlyMap<string, Problem>,
  settings: KeySettings,
): Promise<void> {
  const keys = await cacheKeys(samples, problems, settings);
  samples.forEach((s, i) => (s.cacheKey = keys[i]));
}

/** What the import worker exposes (workers/import.worker.ts); results are fetched in slices. */
export interface ImportWorkerApi {
  /** Parse the file; keeps the samples in the worker until they are taken. */
  parse(file: Blob, request: ImportRequest, onProgress: (progress: ImportProgress) => void): Promise<ImportSummary>;
  /** Compute the cache keys of the parsed samples (their problems were given to `parse`). */
  addKeys(keys: KeySettings): Promise<void>;
  /** Samples `start` to `end` (exclusive) of the last parse. */
  take(start: number, end: number): ImportedSample[];
}
