/**
 * The first failing HumanEval+ input of each failed part of a batch sample, shown as the playground
 * shows it (the call, the expected and the actual values, why): the task is read from the loaded
 * HumanEval+ file and its expected outputs from IndexedDB (computed for this one task if missing).
 */
import { failureView, type FailureView } from '../lib/plus-display.ts';
import type { PlusVerdict } from '../lib/plus.ts';
import type { PlusData } from './plus-data.svelte.ts';

export type PartFailures = Partial<Record<'base' | 'plus', FailureView>>;

export async function firstFailures(data: PlusData, taskId: string, verdict: PlusVerdict, signal?: AbortSignal): Promise<PartFailures> {
  const parts = (['base', 'plus'] as const).filter((part) => verdict[part].failure);
  if (parts.length === 0) return {};
  await data.load();
  if (data.state !== 'ready') throw new Error(data.error ?? 'HumanEval+ is not loaded');
  const [task] = await data.tasks([taskId]);
  const expected = (await data.expected([task], signal)).get(taskId);
  if (!expected) throw new Error(`no expected outputs for ${taskId}`);
  return Object.fromEntries(parts.map((part) => [part, failureView(task, part, expected[part], verdict[part].failure!)]));
}
