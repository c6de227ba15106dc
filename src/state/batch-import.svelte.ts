/**
 * One samples file on its way to becoming a run: parsed in the import worker with a progress bar,
 * then reviewed (bad lines with their numbers, subset, optional code extraction) before the user
 * evaluates the valid part or cancels. Knows the same file's earlier runs: an unfinished one to
 * resume, and a finished one whose verdicts (and cache keys) a new run can reuse.
 */
import type { EngineVersions } from '../lib/version.ts';
import type { Problem } from '../lib/problems.ts';
import { parseKs } from '../lib/run-report.ts';
import type { ImportOutcome, ImportProgress } from '../lib/samples-import.ts';
import { importSamplesFile } from '../runner/import-samples.ts';
import { findEarlierRuns, runFingerprint, type RunRecord } from '../storage/runs.ts';

export type ImportPhase = 'parsing' | 'review' | 'failed' | 'cancelled';

/** The settings a run is made with; with the file and the problems they decide every cache key. */
export interface ImportSettings {
  timeoutMs: number;
  versions: EngineVersions;
}

export class BatchImport {
  readonly file: File;
  readonly problems: readonly Problem[];
  readonly problemsName: string;
  /** The session's id for those problems. */
  readonly datasetId: string;
  /** What the user typed in the review; kept here so a re-parse (extraction switched) keeps it. */
  name = $state('');
  temperature = $state('');
  ksText = $state('');
  #settings: ImportSettings;
  #resolved: ImportSettings | undefined;
  #fingerprint = '';
  #phase = $state<ImportPhase>('parsing');
  #progress = $state.raw<ImportProgress>({ bytesRead: 0, totalBytes: 0 });
  #outcome = $state.raw<ImportOutcome>();
  #extract = $state(false);
  #error = $state<string>();
  #unfinished = $state.raw<RunRecord>();
  #finished = $state.raw<RunRecord>();
  #abort: AbortController | undefined;
  /** The ks typed in the review, or why they are not ks. */
  #ks = $derived(parseKs(this.ksText));
  #temperature = $derived(this.temperature.trim() === '' ? undefined : Number(this.temperature));

  constructor(file: File, problems: readonly Problem[], problemsName: string, datasetId: string, settings: ImportSettings) {
    this.file = file;
    this.problems = problems;
    this.problemsName = problemsName;
    this.datasetId = datasetId;
    this.#settings = settings;
    this.name = file.name;
    this.#progress = { bytesRead: 0, totalBytes: file.size };
  }

  get phase(): ImportPhase {
    return this.#phase;
  }
  get progress(): ImportProgress {
    return this.#progress;
  }
  get outcome(): ImportOutcome | undefined {
    return this.#outcome;
  }
  /** The "extract code from chat output" step is on (off by default: the reference does not do it). */
  get extract(): boolean {
    return this.#extract;
  }
  get error(): string | undefined {
    return this.#error;
  }
  /** The settings the file was read with (known once it is parsed). */
  get settings(): ImportSettings | undefined {
    return this.#resolved;
  }
  get fingerprint(): string {
    return this.#fingerprint;
  }
  /** An unfinished run of this same file, problems, settings and versions. */
  get resumable(): RunRecord | undefined {
    return this.#unfinished;
  }
  /** A finished run of the same: a new run starts from its verdicts. */
  get previous(): RunRecord | undefined {
    return this.#finished;
  }

  /** The extra ks typed in the review, or what is wrong with them. */
  get ks(): number[] | string {
    return this.#ks;
  }
  /** The temperature typed in the review (undefined when left empty; NaN when not a number). */
  get temperatureValue(): number | undefined {
    return this.#temperature;
  }
  /** The reviewed file can become a run: it has samples, and what was typed makes sense. */
  get valid(): boolean {
    const temperature = this.#temperature;
    return (this.#outcome?.summary.samples ?? 0) > 0 && typeof this.#ks !== 'string' && (temperature === undefined || Number.isFinite(temperature));
  }

  /** Parses the file (again, when extraction is switched), off the main thread. */
  async parse(extract = this.#extract): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#extract = extract;
    this.#phase = 'parsing';
    this.#outcome = this.#unfinished = this.#finished = undefined;
    this.#error = undefined;
    this.#progress = { bytesRead: 0, totalBytes: this.file.size };
    try {
      const settings = this.#settings;
      const outcome = await importSamplesFile(
        this.file,
        { problems: this.problems, source: this.file.name, extract },
        {
          signal: abort.signal,
          onProgress: (p) => (this.#progress = p),
          keysFor: async ({ contentHash }) => {
            const { timeoutMs, versions } = settings;
            this.#fingerprint = runFingerprint({ contentHash, datasetId: this.datasetId, timeoutMs, extract, versions });
            const earlier = await findEarlierRuns(this.#fingerprint);
            this.#unfinished = earlier.unfinished;
            this.#finished = earlier.finished;
            // An earlier run of the same file holds every key already; only a new file needs them.
            if (earlier.finished || earlier.unfinished) return undefined;
            return { timeoutMs, versions };
          },
        },
      );
      if (abort.signal.aborted) return;
      this.#resolved = settings;
      this.#outcome = outcome;
      this.#phase = 'review';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#phase = 'failed';
      this.#error = `Could not read ${this.file.name}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Switches code extraction and parses the file again with it. */
  setExtract(on: boolean): Promise<void> {
    return this.parse(on);
  }

  /** Stops parsing (the worker is terminated) or drops the reviewed file. */
  cancel(): void {
    this.#abort?.abort();
    this.#phase = 'cancelled';
  }
}
