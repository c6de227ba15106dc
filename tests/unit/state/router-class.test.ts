import { describe, expect, it, vi } from 'vitest';

describe('Router', () => {
  it('follows hashchange and navigates by setting the hash', async () => {
    const listeners: (() => void)[] = [];
    const location = { hash: '#/problem/HumanEval/3' };
    vi.stubGlobal('location', location);
    vi.stubGlobal('addEventListener', (type: string, listener: () => void) => {
      if (type === 'hashchange') listeners.push(listener);
    });
    const { Router } = await import('../../../src/state/router.svelte.ts');
    const router = new Router();
    expect(router.route).toEqual({ name: 'problem', taskId: 'HumanEval/3' });
    router.navigate({ name: 'learn' });
    expect(location.hash).toBe('#/learn');
    for (const listener of listeners) listener();
    expect(router.route).toEqual({ name: 'learn' });
    vi.unstubAllGlobals();
  });
});
