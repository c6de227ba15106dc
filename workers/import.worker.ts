/** Web Worker entry for importing a samples file: wiring only (the logic is src/lib/samples-import.ts). */
import { expose } from 'comlink';
import type { Problem } from '../src/lib/problems.ts';
import { addCacheKeys, importSamples, type ImportedSample, type ImportWorkerApi } from '../src/lib/samples-import.ts';

let samples: ImportedSample[] = [];
let problems = new Map<string, Problem>();

const api: ImportWorkerApi = {
  async parse(file, request, onProgress) {
    const outcome = await importSamples(file, request, onProgress);
    samples = outcome.samples;
    problems = new Map(request.problems.map((p) => [p.task_id, p]));
    return outcome.summary;
  },
  addKeys: (keys) => addCacheKeys(samples, problems, keys),
  take: (start, end) => samples.slice(start, end),
};

expose(api);
