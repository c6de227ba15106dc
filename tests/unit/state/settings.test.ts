import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HUMANEVAL_DATASET_ID } from '../../../src/lib/dataset-download.ts';
import { noResultVerdict } from '../../../src/lib/verdict.ts';
import { resetDatabase } from '../../../src/storage/db.ts';
import { getDataset, saveDataset } from '../../../src/storage/datasets.ts';
import { getDraft, saveDraft } from '../../../src/storage/drafts.ts';
import { getSetting, setSetting } from '../../../src/storage/settings.ts';
import { getCachedVerdict, putCachedVerdicts } from '../../../src/storage/verdict-cache.ts';

const { Settings, PLAIN_EDITOR_KEY, TIMEOUT_MS } = await import('../../../src/state/settings.svelte.ts');

const mine = new TextEncoder().encode('{"task_id": "Mine/0"}\n');

/** A localStorage with what it holds in a Map; `refuse` makes every write throw, as a full quota does. */
function fakeLocalStorage(initial: Record<string, string> = {}, refuse = false) {
  const items = new Map(Object.entries(initial));
  const storage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (refuse) throw new DOMException('quota exceeded', 'QuotaExceededError');
      items.set(key, value);
    },
  };
  vi.stubGlobal('localStorage', storage);
  return items;
}

afterEach(async () => {
  vi.unstubAllGlobals();
  await resetDatabase();
});

describe('Settings: time limit', () => {
  it("is the reference's 3 s until a stored limit is loaded", async () => {
    await setSetting('timeoutMs', 7000);
    const settings = new Settings();
    expect(settings.timeoutMs).toBe(TIMEOUT_MS);
    await settings.load();
    expect(settings.timeoutMs).toBe(7000);
  });

  it('applies a new limit at once and keeps it for the next visit', async () => {
    const settings = new Settings();
    await settings.load();
    expect(await settings.setTimeoutMs(4500.4)).toBe(true);
    expect(settings.timeoutMs).toBe(4500);
    expect(await getSetting('timeoutMs')).toBe(4500);
    const next = new Settings();
    await next.load();
    expect(next.timeoutMs).toBe(4500);
  });

  it('ignores a limit out of range, and a stored value that is not a limit', async () => {
    const settings = new Settings();
    for (const ms of [0, 50, 120_001, Number.NaN]) expect(await settings.setTimeoutMs(ms)).toBe(false);
    expect(settings.timeoutMs).toBe(TIMEOUT_MS);
    expect(await getSetting('timeoutMs')).toBeUndefined();

    await setSetting('timeoutMs', '5000' as unknown as number);
    const next = new Settings();
    await next.load();
    expect(next.timeoutMs).toBe(TIMEOUT_MS);
  });

  it('still applies a limit it cannot save, and says so', async () => {
    const settings = new Settings();
    await settings.load();
    // The database is gone (another tab deleted it, or the browser evicted it).
    vi.stubGlobal('indexedDB', undefined);
    await resetDatabase().catch(() => {});
    await expect(settings.setTimeoutMs(2000)).rejects.toThrow();
    expect(settings.timeoutMs).toBe(2000);
  });
});

describe('Settings: datasets', () => {
  it('loads the active dataset and the stored ones, newest first', async () => {
    await saveDataset('HumanEval.jsonl.gz', new TextEncoder().encode('not really HumanEval\n'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await saveDataset('mine.jsonl', mine);
    await setSetting('activeDatasetId', HUMANEVAL_DATASET_ID);
    const settings = new Settings();
    expect(settings.datasets).toEqual([]);
    await settings.load();
    expect(settings.activeDatasetId).toBe(HUMANEVAL_DATASET_ID);
    expect(settings.datasets.map((d) => d.name)).toEqual(['mine.jsonl', 'HumanEval.jsonl.gz']);
    expect(settings.datasets[0]).not.toHaveProperty('bytes');
    expect(settings.datasetsError).toBeUndefined();
  });

  it('reads the database once however often it is asked to load', async () => {
    const settings = new Settings();
    const first = settings.load();
    expect(settings.load()).toBe(first);
    await first;
    await setSetting('timeoutMs', 9000);
    await settings.load();
    expect(settings.timeoutMs).toBe(TIMEOUT_MS);
  });

  it('lists a dataset it stores, forgets one it deletes, and remembers the choice', async () => {
    const settings = new Settings();
    await settings.load();
    const id = await settings.saveDataset('mine.jsonl', mine);
    expect(id).toMatch(/^sha256-[0-9a-f]{16}$/);
    expect(settings.datasets.map((d) => d.id)).toEqual([id]);
    await settings.setActiveDatasetId(id);
    expect(settings.activeDatasetId).toBe(id);
    expect(await getSetting('activeDatasetId')).toBe(id);

    await settings.deleteDataset(id);
    expect(settings.datasets).toEqual([]);
    expect(await getDataset(id)).toBeUndefined();
  });

  it('keeps its defaults and says why when there is no database at all', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const settings = new Settings();
    await settings.load();
    expect(settings.timeoutMs).toBe(TIMEOUT_MS);
    expect(settings.activeDatasetId).toBeUndefined();
    expect(settings.datasets).toEqual([]);
    expect(settings.datasetsError).toMatch(/^Stored datasets are unavailable \(.+\)\.$/);
  });
});

describe('Settings: clearing', () => {
  it('clears cached results without touching drafts, and drafts only when asked', async () => {
    const verdict = noResultVerdict({ durationMs: 3000, timedOut: true, crashed: false });
    await putCachedVerdicts([{ key: 'k1', taskId: 'HumanEval/0', verdict }]);
    await saveDraft(HUMANEVAL_DATASET_ID, 'HumanEval/0', '    return 1\n');
    const settings = new Settings();

    await settings.clearCachedResults();
    expect(await getCachedVerdict('k1')).toBeUndefined();
    expect((await getDraft(HUMANEVAL_DATASET_ID, 'HumanEval/0'))?.completion).toBe('    return 1\n');

    await settings.clearDrafts();
    expect(await getDraft(HUMANEVAL_DATASET_ID, 'HumanEval/0')).toBeUndefined();
  });
});

describe('Settings: plain editor', () => {
  it('starts from the stored choice and stores a new one', () => {
    const items = fakeLocalStorage({ [PLAIN_EDITOR_KEY]: '1' });
    const settings = new Settings();
    expect(settings.plainEditor).toBe(true);
    settings.setPlainEditor(false);
    expect(settings.plainEditor).toBe(false);
    expect(items.get(PLAIN_EDITOR_KEY)).toBe('0');
    expect(new Settings().plainEditor).toBe(false);
  });

  it('is Monaco by default, and a choice that cannot be stored still holds for the visit', () => {
    fakeLocalStorage({}, true);
    const settings = new Settings();
    expect(settings.plainEditor).toBe(false);
    settings.setPlainEditor(true);
    expect(settings.plainEditor).toBe(true);
  });
});
