/**
 * Timers a program schedules must not outlive it. A program that reaches JavaScript could leave a
 * callback on the worker's event loop that runs after the reset, into an interpreter it no longer
 * belongs to. While a program runs, every timer and microtask scheduled is tied to that run: its
 * callback does nothing once the run has ended, and its timer is cleared at the reset.
 */
type Scope = Record<string, unknown>;
type Callback = (...args: unknown[]) => void;

export interface TimerGuard {
  /** A program starts: what is scheduled from now on belongs to it. */
  enter(): void;
  /** The program's run is over: its callbacks are dead and its timers cleared. */
  leave(): void;
}

/** Wrap the scope's scheduling functions; call before the scope is frozen. */
export function guardTimers(scope: Scope = globalThis as unknown as Scope): TimerGuard {
  let run = 0;
  let inside = false;
  const timers: { clear: (id: unknown) => void; id: unknown }[] = [];
  const tie = (callback: unknown): unknown => {
    if (!inside || typeof callback !== 'function') return callback;
    const owner = run;
    return (...args: unknown[]) => {
      if (owner === run) (callback as Callback)(...args);
    };
  };
  const wrapTimer = (name: string, clearName: string) => {
    const original = scope[name] as ((...args: unknown[]) => unknown) | undefined;
    const clear = scope[clearName] as ((id: unknown) => void) | undefined;
    if (typeof original !== 'function' || typeof clear !== 'function') return;
    scope[name] = function (this: unknown, callback: unknown, ...rest: unknown[]) {
      const id = original.call(scope, tie(callback), ...rest);
      if (inside) timers.push({ clear: (timer) => clear.call(scope, timer), id });
      return id;
    };
  };
  wrapTimer('setTimeout', 'clearTimeout');
  wrapTimer('setInterval', 'clearInterval');
  wrapTimer('setImmediate', 'clearImmediate');
  const microtask = scope.queueMicrotask as ((callback: Callback) => void) | undefined;
  if (typeof microtask === 'function') {
    scope.queueMicrotask = (callback: Callback) => microtask.call(scope, tie(callback) as Callback);
  }
  return {
    enter() {
      run++;
      inside = true;
    },
    leave() {
      inside = false;
      run++;
      for (const { clear, id } of timers.splice(0)) clear(id);
    },
  };
}
