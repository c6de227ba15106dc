/**
 * Parsing a samples file off the main thread: a short-lived import worker streams and parses it (a
 * 100 MB file never blocks the page), and the samples come back in slices so that no single message
 * takes the main thread long to receive.
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import type { ImportOutcome, ImportProgress, ImportRequest, ImportWorkerApi } from '../lib/samples-import.ts';

/** Samples per message back from the worker. */
const SLICE = 4000;

export interface ImportOptions {
  onProgress?(progress: ImportProgress): void;
  /** Abort: the worker is terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

/** Parses (and, as asked, extracts and keys) a samples file in a worker. */
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
  try {
    if (options.signal?.aborted) throw new DOMException('import cancelled', 'AbortError');
    const progress = proxy((p: ImportProgress) => options.onProgress?.(p));
    // Problems go as plain objects: a Svelte state proxy cannot be cloned.
    const plain: ImportRequest = { ...request, problems: request.problems.map((p) => ({ ...p })) };
    const summary = await Promise.race([api.parse(file, plain, progress), failed]);
    const samples: ImportOutcome['samples'] = [];
    for (let start = 0; start < summary.samples; start += SLICE) {
      samples.push(...(await Promise.race([api.take(start, start + SLICE), failed])));
    }
    return { summary, samples };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    api[releaseProxy]();
    worker.terminate();
  }
}
