/**
 * Calls into a worker that may hang or die: every call races its deadline and the worker's exit,
 * so a pool never waits on a promise that comlink would leave pending forever.
 */
import type { EngineWorker, SpawnEngineWorker } from './engine-worker.ts';

export function delay<T>(ms: number, value: T): { promise: Promise<T>; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(value), ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * `spawn`, but its first worker is spawned right now rather than when the boot chain asks for it a
 * few microtasks later: a page that makes its pool before mounting has that worker's script load
 * while it renders. `discard` terminates that worker if it was never asked for.
 */
export function spawnFirstNow(spawn: SpawnEngineWorker): { spawn: SpawnEngineWorker; discard: () => void } {
  let first: EngineWorker | undefined = spawn();
  return {
    spawn: () => {
      const worker = first ?? spawn();
      first = undefined;
      return worker;
    },
    discard: () => {
      first?.terminate();
      first = undefined;
    },
  };
}

/**
 * The call's result, or `'timeout'` after `ms`; rejects with the worker's exit reason if it dies
 * first. The deadline is cleared either way.
 */
export async function withDeadline<T>(worker: EngineWorker, call: Promise<T>, ms: number): Promise<T | 'timeout'> {
  const deadline = delay(ms, 'timeout' as const);
  const exited = new Promise<never>((_, reject) => worker.onExit((reason) => reject(new Error(reason))));
  try {
    return await Promise.race([call, deadline.promise, exited]);
  } finally {
    deadline.cancel();
  }
}
