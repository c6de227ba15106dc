/**
 * User settings kept in IndexedDB's `settings` store, one record per key. The `Settings` interface
 * is the registry of keys and their types: add a key there and both functions check it.
 */
import { database } from './db.ts';

export interface Settings {
  /** Wall-clock limit per sample, in milliseconds. */
  timeoutMs: number;
  /** The dataset the problem list shows (`humaneval` or a stored dataset's id). */
  activeDatasetId: string;
}

/** A setting's stored value, or undefined when it was never set. */
export async function getSetting<K extends keyof Settings>(key: K): Promise<Settings[K] | undefined> {
  return (await (await database()).get('settings', key)) as Settings[K] | undefined;
}

/** Store a setting. */
export async function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  await (await database()).put('settings', value, key);
}

/** Forget a setting (its default applies again). */
export async function deleteSetting(key: keyof Settings): Promise<void> {
  await (await database()).delete('settings', key);
}
