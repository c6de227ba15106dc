/** Web Worker entry for importing a samples file: wiring only (the logic is src/lib/samples-import.ts). */
import { expose } from 'comlink';
import { importSamples, type ImportedSample, type ImportWorkerApi } from '../src/lib/samples-import.ts';

let samples: ImportedSample[] = [];

const api: ImportWorkerApi = {
  async parse(file, request, onProgress) {
    const outcome = await importSamples(file.stream(), file.size, request, onProgress);
    samples = outcome.samples;
    return outcome.summary;
  },
  take(start, end) {
    return samples.slice(start, end);
  },
};

expose(api);
