/** workers/timer-guard.ts: what a program schedules never runs after it ends; what the worker schedules runs. */
import { describe, expect, it } from 'vitest';
import { guardTimers } from '../../../workers/timer-guard.ts';

function scope() {
  return { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, queueMicrotask } as unknown as Record<string, unknown>;
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('guardTimers', () => {
  it('drops timers, intervals, immediates and microtasks scheduled during a run', async () => {
    const s = scope();
    const guard = guardTimers(s);
    const fired: string[] = [];
    guard.enter();
    (s.setTimeout as typeof setTimeout)(() => fired.push('timeout'), 0);
    (s.setInterval as typeof setInterval)(() => fired.push('interval'), 1);
    (s.setImmediate as typeof setImmediate)(() => fired.push('immediate'));
    (s.queueMicrotask as typeof queueMicrotask)(() => fired.push('microtask'));
    guard.leave();
    await wait(30);
    expect(fired).toEqual([]);
  });
  it('leaves what is scheduled outside a run alone, and the next run can schedule again', async () => {
    const s = scope();
    const guard = guardTimers(s);
    const fired: string[] = [];
    (s.setTimeout as typeof setTimeout)(() => fired.push('outside'), 0);
    (s.queueMicrotask as typeof queueMicrotask)(() => fired.push('outside microtask'));
    guard.enter();
    guard.leave();
    await wait(20);
    expect(fired.sort()).toEqual(['outside', 'outside microtask']);
  });
});
