/** The batch model travels through Svelte context from <BatchView> to its parts. */
import { getContext, setContext } from 'svelte';
import type { BatchStore } from './batch-store.svelte.ts';

const BATCH = Symbol('batch');

export function setBatchStore(store: BatchStore): BatchStore {
  return setContext(BATCH, store);
}

/** The store set by <BatchView>; throws when a component is rendered outside it. */
export function getBatchStore(): BatchStore {
  const store = getContext<BatchStore | undefined>(BATCH);
  if (!store) throw new Error('getBatchStore(): no BatchStore in context; render this component inside <BatchView>');
  return store;
}
