import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { verdictCacheKey } from '../../../src/lib/cache-key.ts';
import { noResultVerdict } from '../../../src/lib/verdict.ts';
import { resetDatabase } from '../../../src/storage/db.ts';
import { clearDrafts, deleteDraft, getDraft, saveDraft } from '../../../src/storage/drafts.ts';
import {
  clearCachedVerdicts,
  getCachedVerdict,
  getCachedVerdicts,
  latestVerdictByTask,
  putCachedVerdicts,
} from '../../../src/storage/verdict-cache.ts';

const problem = { prompt: 'def f():\n', test: 'def check(c):\n    assert c() == 1\n', entry_point: 'f' };
const versions = { engine: '314.0.7-0123456789abcdef', pyodide: '314.0.7' };
const base = { problem, code: { completion: '    return 1\n' }, timeoutMs: 3000, versions };

afterEach(resetDatabase);

describe('verdictCacheKey', () => {
  it('is a SHA-256 that changes with every input that determines a verdict', async () => {
    const key = await verdictCacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await verdictCacheKey({ ...base })).toBe(key);
    const variants = [
      { ...base, timeoutMs: 2000 },
      { ...base, versions: { ...versions, pyodide: '314.0.8' } },
      { ...base, versions: { ...versions, engine: '314.0.7-fedcba9876543210' } },
      { ...base, code: { completion: '    return 2\n' } },
      { ...base, code: { solution: '    return 1\n' } },
      { ...base, problem: { ...problem, prompt: 'def f(): \n' } },
      { ...base, problem: { ...problem, test: problem.test + '\n' } },
      { ...base, problem: { ...problem, entry_point: 'g' } },
    ];
    const keys = await Promise.all(variants.map(verdictCacheKey));
    expect(new Set([key, ...keys]).size).toBe(variants.length + 1);
  });

  it('does not collide when text moves between fields', async () => {
    const a = await verdictCacheKey({ ...base, problem: { ...problem, prompt: 'ab', test: 'c' } });
    const b = await verdictCacheKey({ ...base, problem: { ...problem, prompt: 'a', test: 'bc' } });
    expect(a).not.toBe(b);
  });
});

describe('storage', () => {
  it('caches verdicts and clears them without touching drafts', async () => {
    const verdict = noResultVerdict({ durationMs: 3000, timedOut: true, crashed: false });
    await putCachedVerdicts([
      { key: 'k1', taskId: 'T/1', verdict },
      { key: 'k2', taskId: 'T/2', verdict: { ...verdict, result: 'passed', passed: true, outcome: 'passed' } },
    ]);
    await saveDraft('humaneval', 'T/1', '    return 1');
    expect(await getCachedVerdict('k1')).toEqual(verdict);
    expect([...(await getCachedVerdicts(['k1', 'k2', 'nope'])).keys()].sort()).toEqual(['k1', 'k2']);
    expect((await latestVerdictByTask()).get('T/2')?.result).toBe('passed');
    await clearCachedVerdicts();
    expect(await getCachedVerdict('k1')).toBeUndefined();
    expect((await getDraft('humaneval', 'T/1'))?.completion).toBe('    return 1');
  });

  it('keeps drafts per dataset and problem', async () => {
    await saveDraft('humaneval', 'T/1', 'a');
    await saveDraft('mine', 'T/1', 'b');
    await saveDraft('humaneval', 'T/1', 'c');
    expect((await getDraft('humaneval', 'T/1'))?.completion).toBe('c');
    expect((await getDraft('mine', 'T/1'))?.completion).toBe('b');
    await deleteDraft('humaneval', 'T/1');
    expect(await getDraft('humaneval', 'T/1')).toBeUndefined();
    await clearDrafts();
    expect(await getDraft('mine', 'T/1')).toBeUndefined();
  });
});
