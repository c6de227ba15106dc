/**
 * The page's cache of HumanEval+ expected outputs (ARCHITECTURE.md, "HumanEval+"): one record per
 * dataset digest and interpreter, holding src/lib/plus-expected.ts's bytes. Only the newest is kept:
 * the full dataset's outputs take about 250 MB.
 */
import { deserializeExpected, serializeExpected, type ExpectedOutputs } from '../lib/plus-expected.ts';
import { database } from './db.ts';

/** The expected outputs stored under `key`, unpacked into shared memory where there is some. */
export async function loadPlusExpected(key: string): Promise<ExpectedOutputs | undefined> {
  const record = await (await database()).get('plusExpected', key);
  return record ? deserializeExpected(record.bytes, key, true) : undefined;
}

/** Store expected outputs under `key`, dropping those of any other key. */
export async function savePlusExpected(key: string, expected: ExpectedOutputs): Promise<void> {
  const db = await database();
  const tx = db.transaction('plusExpected', 'readwrite');
  for (const other of await tx.store.getAllKeys()) if (other !== key) await tx.store.delete(other);
  await tx.store.put({ key, bytes: serializeExpected(key, expected), createdAt: Date.now() });
  await tx.done;
}
