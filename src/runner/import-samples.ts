/**
 * Parsing a samples file off the main thread: a short-lived import worker streams and parses it (a
 * 100 MB file never blocks the page), computes the cache keys when the caller asks for them, and
 * hands the samples back in slices so that no single message takes the main thread long to receive.
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import type {
  ImportOutcome,
  ImportProgress,
  ImportRequest,
  ImportSummary,
  ImportWorkerApi,
  KeySettings,
} from '../lib/samples-import.ts';

/** Samples per message back from the worker. */
const SLICE = 4000;

export interface ImportOptions {
  onProgress?(progress: ImportProgress): void;
  /**
   * Called once the file is parsed: the settings to compute cache keys with, or undefined when the
   * caller has them already (the same file's earlier run).
   */
  keysFor?(summary: ImportSummary): Promise<KeySettings | undefined>;
  /** Abort: the worker is terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

/** Parses (extracting code, if asked) and keys a samples file in a worker. */
export async function importSamplesFile(file: Blob, request: ImportRequest, options: ImportOptions = {}): Promise<ImportOutcome> {
  const worker = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), {
    type: 'module',
    name: 'humaneval-import',
  });
  const api = wrap<ImportWorkerApi>(worker);
  let fail: (reason: unknown) => void = () => {};
  // A worker that fails to load or is aborted would otherwise leave the parse pending forever.
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const onError = (event: ErrorEvent) => {
    event.preventDefault();
    fail(new Error(`the import worker failed: ${event.message || 'it could not be loaded'}`));
  };
  const onAbort = () => fail(new DOMException('import cancelled', 'AbortError'));
  worker.addEventListener('error', onError);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const step = <T>(promise: Promise<T>) => Promise.race([promise, failed]);
  try {
    if (options.signal?.aborted) throw new DOMException('import cancelled', 'AbortError');
    const progress = proxy((p: ImportProgress) => options.onProgress?.(p));
    // Problems go as plain objects: a Svelte state proxy cannot be cloned.
    const plain: ImportRequest = { ...request, problems: request.problems.map((p) => ({ ...p })) };
    const summary = await step(api.parse(file, plain, progress));
    const keys = await step(options.keysFor?.(summary) ?? Promise.resolve(undefined));
    if (keys) await step(api.addKeys(keys));
    const samples: ImportOutcome['samples'] = [];
    for (let start = 0; start < summary.samples; start += SLICE) {
      samples.push(...(await step(api.take(start, start + SLICE))));
    }
    return { summary, samples };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    api[releaseProxy]();
    worker.terminate();
  }
}
