/**
 * User settings kept in IndexedDB's `settings` store, one record per key. `StoredSettings` is the
 * registry of keys and their types: add a key there and every function here checks it. The page
 * reads and writes them through src/state/settings.svelte.ts.
 */
import { database } from './db.ts';

export interface StoredSettings {
  /** Wall-clock limit per sample, in milliseconds. */
  timeoutMs: number;
  /** The dataset the problem list shows (`humaneval` or a stored dataset's id). */
  activeDatasetId: string;
}

/** A setting's stored value, or undefined when it was never set. */
export async function getSetting<K extends keyof StoredSettings>(key: K): Promise<StoredSettings[K] | undefined> {
  return (await (await database()).get('settings', key)) as StoredSettings[K] | undefined;
}

/** Store a setting. */
export async function setSetting<K extends keyof StoredSettings>(key: K, value: StoredSettings[K]): Promise<void> {
  await (await database()).put('settings', value, key);
}

/** Forget a setting (its default applies again). */
export async function deleteSetting(key: keyof StoredSettings): Promise<void> {
  await (await database()).delete('settings', key);
}
