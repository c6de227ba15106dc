/**
 * Problems files kept in IndexedDB, so a downloaded or imported dataset is there on the next visit,
 * offline. A dataset's id comes from its content: the official HumanEval file is always
 * `humaneval` (the id drafts are filed under, whether it was bundled, downloaded or imported), any
 * other file `sha256-<16 hex digits>`, so importing the same file twice stores it once.
 */
import { datasetIdForChecksum, sha256Hex } from '../lib/dataset-download.ts';
import { database, type DatasetRecord } from './db.ts';

/** A stored dataset without its bytes, for lists. */
export type DatasetInfo = Omit<DatasetRecord, 'bytes'> & { size: number };

/** Store a problems file (replacing one with the same content) and return its record. */
export async function saveDataset(name: string, bytes: Uint8Array, sha256?: string): Promise<DatasetRecord> {
  // Hash before opening the transaction: it would close while we await the digest.
  const checksum = sha256 ?? (await sha256Hex(bytes));
  const record: DatasetRecord = {
    id: datasetIdForChecksum(checksum),
    name,
    // A copy: the caller's view may be a slice of a larger buffer, or transferred later.
    bytes: bytes.slice(),
    sha256: checksum,
    addedAt: Date.now(),
  };
  await (await database()).put('datasets', record);
  return record;
}

/** A stored dataset, bytes included. */
export async function getDataset(id: string): Promise<DatasetRecord | undefined> {
  return (await database()).get('datasets', id);
}

/** Every stored dataset, newest first, without the bytes. */
export async function listDatasets(): Promise<DatasetInfo[]> {
  const records = await (await database()).getAll('datasets');
  return records
    .map(({ bytes, ...info }) => ({ ...info, size: bytes.byteLength }))
    .sort((a, b) => b.addedAt - a.addedAt);
}

/** Forget a stored dataset (its drafts and cached verdicts are kept). */
export async function deleteDataset(id: string): Promise<void> {
  await (await database()).delete('datasets', id);
}
