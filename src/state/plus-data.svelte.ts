/**
 * HumanEval+ on the page: the dataset (stored in IndexedDB, else bundled with the build, else
 * downloaded from the official release or imported), each task parsed when first needed, and
 * each task's expected outputs, computed by the engine from the canonical solutions once per
 * dataset digest and interpreter and kept in IndexedDB, with progress while they are computed.
 */
import { decodeMaybeGzip } from '../lib/bytes.ts';
import { downloadHumanEval, sha256Hex } from '../lib/dataset-download.ts';
import { formatIssue } from '../lib/input-issue.ts';
import { indexPlusLines, parsePlusLine, plusDatasetId, type PlusLine } from '../lib/plus-dataset.ts';
import { deserializeExpected, expectedKey, serializeExpected, type TaskExpected } from '../lib/plus-expected.ts';
import { HUMANEVALPLUS_SHA256, HUMANEVALPLUS_URL, type PlusTask } from '../lib/plus.ts';
import type { BootInfo } from '../../workers/protocol.ts';
import { computeExpected, type PlusPool } from '../runner/plus.ts';
import { getPlusExpected, newestPlusDataset, putPlusExpected, savePlusDataset } from '../storage/plus.ts';

export type PlusDataState = 'idle' | 'loading' | 'absent' | 'ready';

/** What HumanEval+ needs from the session: the engine and how it booted (the interpreter's versions). */
export interface PlusHost {
  readonly engine:
    (PlusPool & { readonly ready: Promise<Pick<BootInfo, 'pythonVersion' | 'pyodideVersion'>> }) | undefined;
}

const BUNDLED_URL = `${import.meta.env.BASE_URL}data/HumanEvalPlus.jsonl.gz`;
const ENABLED_KEY = 'humaneval-playground:plus';

const STORAGE = { newestPlusDataset, savePlusDataset, getPlusExpected, putPlusExpected };
export type PlusStorage = typeof STORAGE;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readEnabled(): boolean {
  try {
    return globalThis.localStorage?.getItem(ENABLED_KEY) === '1';
  } catch {
    return false;
  }
}

export class PlusData {
  #host: PlusHost;
  #storage: PlusStorage;
  #fetch: typeof fetch;
  #bundled: boolean;
  #enabled = $state(readEnabled());
  #state = $state<PlusDataState>('idle');
  #error = $state<string>();
  #name = $state('');
  #sha256 = '';
  #bytes: Uint8Array = new Uint8Array();
  #lines = new Map<string, PlusLine>();
  #tasks = new Map<string, PlusTask>();
  #loading: Promise<void> | undefined;
  #downloading = $state(false);
  /** Parts computed of the expected outputs being computed now. */
  #progress = $state.raw<{ done: number; total: number }>();

  constructor(host: PlusHost, options: { storage?: PlusStorage; fetch?: typeof fetch; bundled?: boolean } = {}) {
    this.#host = host;
    this.#storage = options.storage ?? STORAGE;
    this.#fetch = options.fetch ?? ((...args) => fetch(...args));
    this.#bundled = options.bundled ?? __HUMANEVALPLUS_BUNDLED__;
  }

  /** The user chose to evaluate with HumanEval+ too (kept in localStorage). */
  get enabled(): boolean {
    return this.#enabled;
  }
  set enabled(on: boolean) {
    this.#enabled = on;
    try {
      globalThis.localStorage?.setItem(ENABLED_KEY, on ? '1' : '0');
    } catch {
      // Private modes may refuse; the choice lasts for this visit.
    }
    if (on) void this.load();
  }
  get state(): PlusDataState {
    return this.#state;
  }
  get error(): string | undefined {
    return this.#error;
  }
  /** The file's name (`HumanEvalPlus.jsonl.gz`, or what the user imported). */
  get name(): string {
    return this.#name;
  }
  get sha256(): string {
    return this.#sha256;
  }
  get taskCount(): number {
    return this.#lines.size;
  }
  get downloading(): boolean {
    return this.#downloading;
  }
  /** While expected outputs are computed: parts done of the parts to compute. */
  get progress(): { done: number; total: number } | undefined {
    return this.#progress;
  }
  /** Every task id of the dataset, in file order. */
  get taskIds(): string[] {
    return [...this.#lines.keys()];
  }

  /** Load the stored file, else the bundled one; `absent` when there is neither. Safe to call often. */
  load(): Promise<void> {
    if (this.#state === 'ready') return Promise.resolve();
    this.#loading ??= this.#load().finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  async #load(): Promise<void> {
    this.#state = 'loading';
    try {
      const stored = await this.#storage.newestPlusDataset().catch(() => undefined);
      if (stored) {
        await this.#use(stored.bytes, stored.name, stored.sha256);
        return;
      }
      if (this.#bundled) {
        const response = await this.#fetch(BUNDLED_URL);
        if (!response.ok) throw new Error(`the bundled file answered ${response.status} ${response.statusText}`);
        const bytes = new Uint8Array(await response.arrayBuffer());
        await this.#use(bytes, 'HumanEvalPlus.jsonl.gz', await sha256Hex(bytes));
        return;
      }
      this.#state = 'absent';
    } catch (error) {
      this.#state = 'absent';
      this.#error = `Could not load HumanEval+ (${reason(error)}).`;
    }
  }

  /** Download the official release (checksum checked) and keep it for offline use. */
  async download(): Promise<void> {
    this.#downloading = true;
    this.#error = undefined;
    try {
      const { bytes, sha256 } = await downloadHumanEval({
        url: HUMANEVALPLUS_URL,
        sha256: HUMANEVALPLUS_SHA256,
        fetch: this.#fetch,
      });
      await this.#add(bytes, 'HumanEvalPlus.jsonl.gz', sha256);
    } catch (error) {
      this.#error = `Could not download HumanEval+ (${reason(error)}).`;
    } finally {
      this.#downloading = false;
    }
  }

  /** Use a HumanEval+ file the user picked; a bad file is refused with the line it broke on, and nothing stored changes. */
  async importFile(file: File): Promise<void> {
    this.#error = undefined;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      await this.#add(bytes, file.name, await sha256Hex(bytes));
    } catch (error) {
      this.#error = `Could not use ${file.name}: ${reason(error)}`;
    }
  }

  async #add(bytes: Uint8Array, name: string, sha256: string): Promise<void> {
    // Checked before anything is stored or replaced.
    const { lines } = await this.#index(bytes, name);
    this.#bytes = bytes;
    try {
      await this.#storage.savePlusDataset({ id: plusDatasetId(sha256), name, bytes, sha256 });
    } catch (error) {
      this.#error = `Loaded ${name}, but could not keep it for offline use (${reason(error)}).`;
    }
    this.#apply(lines, name, sha256);
  }

  async #use(bytes: Uint8Array, name: string, sha256: string): Promise<void> {
    const { lines } = await this.#index(bytes, name);
    this.#bytes = bytes;
    this.#apply(lines, name, sha256);
  }

  async #index(bytes: Uint8Array, name: string): Promise<{ lines: Map<string, PlusLine> }> {
    const { lines, issues } = indexPlusLines(await decodeMaybeGzip(bytes), name);
    if (issues.length > 0) {
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
      throw new Error(`${formatIssue(issues[0])}${more}`);
    }
    return { lines };
  }

  #apply(lines: Map<string, PlusLine>, name: string, sha256: string): void {
    this.#lines = lines;
    this.#tasks = new Map();
    this.#name = name;
    this.#sha256 = sha256;
    this.#state = 'ready';
  }

  /** The file's bytes as loaded (EvalPlus's `hash` is their MD5). */
  async bytes(): Promise<Uint8Array> {
    await this.load();
    return this.#bytes;
  }

  /** The dataset has this task. */
  has(taskId: string): boolean {
    return this.#lines.has(taskId);
  }

  /** One task, parsed on first use; throws with the file's line when that line is not a HumanEval+ task. */
  task(taskId: string): PlusTask {
    let task = this.#tasks.get(taskId);
    if (task) return task;
    const entry = this.#lines.get(taskId);
    if (!entry) throw new Error(`HumanEval+ has no task ${taskId}`);
    const parsed = parsePlusLine(entry, this.#name);
    if (!('task_id' in parsed)) throw new Error(formatIssue(parsed));
    this.#tasks.set(taskId, (task = parsed));
    return task;
  }

  /** Tasks parsed a few at a time, yielding between them so the page keeps answering. */
  async tasks(taskIds: readonly string[]): Promise<PlusTask[]> {
    const out: PlusTask[] = [];
    for (const id of taskIds) {
      if (!this.#tasks.has(id)) await new Promise((r) => setTimeout(r, 0));
      out.push(this.task(id));
    }
    return out;
  }

  /** The key expected outputs are kept under: this dataset's digest and the engine's interpreter. */
  async expectedKey(): Promise<string> {
    const engine = this.#host.engine;
    if (!engine) throw new Error('the Python engine was not started');
    return expectedKey(this.#sha256, await engine.ready);
  }

  /**
   * Expected outputs for these tasks: from IndexedDB, else computed in the engine (progress in
   * `progress`) and stored, so the next visit (or a batch run) has them.
   */
  async expected(tasks: readonly PlusTask[], signal?: AbortSignal): Promise<Map<string, TaskExpected>> {
    const engine = this.#host.engine;
    if (!engine) throw new Error('the Python engine was not started');
    const key = await this.expectedKey();
    const recordKey = (taskId: string) => `${key}|${taskId}`;
    const stored = await this.#storage.getPlusExpected(tasks.map((t) => recordKey(t.task_id))).catch(() => new Map());
    const out = new Map<string, TaskExpected>();
    const missing: PlusTask[] = [];
    for (const task of tasks) {
      const bytes = stored.get(recordKey(task.task_id));
      const one = bytes && deserializeExpected(bytes, recordKey(task.task_id), true)?.get(task.task_id);
      if (one) out.set(task.task_id, one);
      else missing.push(task);
    }
    if (missing.length === 0) return out;
    this.#progress = { done: 0, total: missing.length * 2 };
    try {
      const computed = await computeExpected(engine, missing, {
        signal,
        onProgress: (done, total) => (this.#progress = { done, total }),
      });
      const records = [...computed].map(([taskId, e]) => ({
        key: recordKey(taskId),
        bytes: serializeExpected(recordKey(taskId), new Map([[taskId, e]])),
      }));
      // Not kept (quota, private mode): computed again next time, never wrong.
      await this.#storage.putPlusExpected(records).catch(() => {});
      for (const [taskId, e] of computed) out.set(taskId, e);
    } finally {
      this.#progress = undefined;
    }
    return out;
  }
}
