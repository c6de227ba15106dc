/** The batch model travels through Svelte context from <BatchView> to its parts. */
import { getContext, setContext } from 'svelte';
import type { BatchRuns } from './batch-runs.svelte.ts';

const BATCH = Symbol('batch');

export function setBatchRuns(store: BatchRuns): BatchRuns {
  return setContext(BATCH, store);
}

/** The batch runs set by <BatchView>; throws when a component is rendered outside it. */
export function getBatchRuns(): BatchRuns {
  const store = getContext<BatchRuns | undefined>(BATCH);
  if (!store) throw new Error('getBatchRuns(): no BatchRuns in context; render this component inside <BatchView>');
  return store;
}
