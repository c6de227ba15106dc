import { describe, expect, it, vi } from 'vitest';

vi.stubGlobal('location', { hash: '' });
vi.stubGlobal('addEventListener', () => {});
const { parseHash, routeHash } = await import('../../../src/state/router.svelte.ts');

describe('hash routes', () => {
  it('reads deep links, task ids with slashes included', () => {
    expect(parseHash('#/problem/HumanEval/12')).toEqual({ name: 'problem', taskId: 'HumanEval/12' });
    expect(parseHash('#/problem/My%20Set/a%2Fb')).toEqual({ name: 'problem', taskId: 'My Set/a/b' });
    expect(parseHash('')).toEqual({ name: 'problems' });
    expect(parseHash('#/nowhere')).toEqual({ name: 'problems' });
    expect(parseHash('#/runs/abc')).toEqual({ name: 'run', runId: 'abc' });
    expect(parseHash('#/compare/a/b')).toEqual({ name: 'compare', runIds: ['a', 'b'] });
    expect(parseHash('#/learn')).toEqual({ name: 'learn' });
  });

  it('round-trips every route', () => {
    for (const hash of ['#/problem/HumanEval/12', '#/runs/r1', '#/compare/r1/r2', '#/learn', '#/settings', '#/batch', '#/']) {
      expect(routeHash(parseHash(hash))).toBe(hash);
    }
  });
});
