import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { HUMANEVAL_DATASET_ID, HUMANEVAL_SHA256 } from '../../../src/lib/dataset-download.ts';
import { resetDatabase } from '../../../src/storage/db.ts';
import { deleteDataset, getDataset, listDatasets, saveDataset } from '../../../src/storage/datasets.ts';
import { deleteSetting, getSetting, setSetting } from '../../../src/storage/settings.ts';
import { HUMANEVAL_PATH, readBytes } from '../lib/data-paths.ts';

afterEach(resetDatabase);

const teacher = new TextEncoder().encode(
  '{"task_id": "T/0", "prompt": "def f():\\n", "canonical_solution": "    return 1\\n", "test": "def check(c):\\n    assert c() == 1\\n", "entry_point": "f"}\n',
);

describe('stored datasets', () => {
  it('keeps the official download under humaneval, with its bytes and checksum', async () => {
    const bytes = readBytes(HUMANEVAL_PATH);
    const record = await saveDataset('HumanEval.jsonl.gz', bytes);
    expect(record).toMatchObject({ id: HUMANEVAL_DATASET_ID, sha256: HUMANEVAL_SHA256, name: 'HumanEval.jsonl.gz' });
    const stored = await getDataset(HUMANEVAL_DATASET_ID);
    expect(stored?.bytes).toEqual(bytes);
  });

  it('stores a copy, not a view of the caller buffer', async () => {
    const buffer = new Uint8Array(teacher.byteLength + 8);
    buffer.set(teacher, 4);
    const view = buffer.subarray(4, 4 + teacher.byteLength);
    const { id } = await saveDataset('mine.jsonl', view);
    buffer.fill(0);
    expect((await getDataset(id))?.bytes).toEqual(teacher);
  });

  it('stores the same content once, however often it is imported', async () => {
    await saveDataset('mine.jsonl', teacher);
    await saveDataset('mine (1).jsonl', teacher);
    const list = await listDatasets();
    expect(list).toHaveLength(1);
    expect(list[0].name).toBe('mine (1).jsonl');
  });

  it('lists newest first, without the bytes, with their sizes', async () => {
    await saveDataset('HumanEval.jsonl.gz', readBytes(HUMANEVAL_PATH));
    await new Promise((r) => setTimeout(r, 5));
    await saveDataset('mine.jsonl', teacher);
    const list = await listDatasets();
    expect(list.map((d) => d.name)).toEqual(['mine.jsonl', 'HumanEval.jsonl.gz']);
    expect(list[0]).not.toHaveProperty('bytes');
    expect(list[0].size).toBe(teacher.byteLength);
  });

  it('deletes one dataset and leaves the others', async () => {
    const a = await saveDataset('HumanEval.jsonl.gz', readBytes(HUMANEVAL_PATH));
    const b = await saveDataset('mine.jsonl', teacher);
    await deleteDataset(b.id);
    expect((await listDatasets()).map((d) => d.id)).toEqual([a.id]);
    expect(await getDataset(b.id)).toBeUndefined();
  });

  it('accepts a checksum computed earlier (the download already verified it)', async () => {
    const record = await saveDataset('HumanEval.jsonl.gz', readBytes(HUMANEVAL_PATH), HUMANEVAL_SHA256);
    expect(record.id).toBe(HUMANEVAL_DATASET_ID);
  });
});

describe('settings', () => {
  it('reads undefined until set, then the value, until deleted', async () => {
    expect(await getSetting('timeoutMs')).toBeUndefined();
    await setSetting('timeoutMs', 5000);
    await setSetting('activeDatasetId', HUMANEVAL_DATASET_ID);
    expect(await getSetting('timeoutMs')).toBe(5000);
    expect(await getSetting('activeDatasetId')).toBe(HUMANEVAL_DATASET_ID);
    await deleteSetting('timeoutMs');
    expect(await getSetting('timeoutMs')).toBeUndefined();
    expect(await getSetting('activeDatasetId')).toBe(HUMANEVAL_DATASET_ID);
  });
});
