/**
 * The playground's HumanEval+ state over a small engine double that runs one toy task in
 * JavaScript: the expected outputs are computed once and stored, a sample's verdict is cached, a
 * sample that passes the original tests and fails HumanEval+ is classed so, and the search finds
 * every failing input after the first.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PlusRequest } from '../../../workers/protocol.ts';
import { latin1Bytes, marshal, packedValue, packValues, unmarshal, type PyValue } from '../../../src/lib/py-marshal.ts';
import { PlusData, type PlusStorage } from '../../../src/state/plus-data.svelte.ts';
import { PlusPlayground, type PlusPlaygroundStorage } from '../../../src/state/plus-playground.svelte.ts';
import type { PlusVerdict } from '../../../src/lib/plus.ts';

// f(x) = abs(x); the extra inputs hold negatives, the base inputs do not.
const LINE = JSON.stringify({
  task_id: 'Toy/0',
  prompt: 'def f(x):\n',
  contract: '',
  canonical_solution: '    return abs(x)\n',
  base_input: [[1], [2]],
  plus_input: [[3], [-4], [5], [-6], [-7]],
  atol: 0,
  entry_point: 'f',
});
const BOOT = { pythonVersion: '3.14.0', pyodideVersion: '0.0.0-test' };

/** Runs a part as the engine would, for solutions that are `abs(x)` or `x`. */
function fakeEngine() {
  const calls: PlusRequest['mode'][] = [];
  const engine = {
    ready: Promise.resolve(BOOT),
    options: { size: 1 },
    evaluatePlusPart: vi.fn(async (request: Omit<PlusRequest, 'id' | 'progress'>) => {
      calls.push(request.mode);
      const f = request.solution.includes('abs(') ? (x: bigint) => (x < 0n ? -x : x) : (x: bigint) => x;
      const outputs: Uint8Array[] = [];
      for (let i = 0; i < request.inputs.length; i++) {
        const args = unmarshal(request.inputs[i]) as { items: { v: bigint }[] };
        const out = latin1Bytes(marshal({ t: 'int', v: f(args.items[0].v) } as PyValue));
        if (request.mode === 'sample') {
          const exp = packedValue(request.expected!, i);
          if (exp.length !== out.length || exp.some((b, j) => b !== out[j])) {
            return {
              progress: 2 * i + 2,
              reply: {
                id: 0,
                kind: 'plus' as const,
                status: 'fail' as const,
                completed: i + 1,
                failure: { index: i, reason: 'value' as const, actual: out, pastLimit: false, durationMs: 0 },
                slowestMs: 0,
                slowestIndex: 0,
                durationMs: 1,
                heapBytes: 0,
              },
            };
          }
        }
        outputs.push(out);
      }
      return {
        progress: 2 * request.inputs.length,
        reply: {
          id: 0,
          kind: 'plus' as const,
          status: 'pass' as const,
          completed: request.inputs.length,
          ...(request.mode === 'expected' ? { outputs: packValues(outputs) } : {}),
          slowestMs: 0,
          slowestIndex: 0,
          durationMs: 1,
          heapBytes: 0,
        },
      };
    }),
  };
  return { engine, calls };
}

function setup() {
  const expectedStore = new Map<string, Uint8Array>();
  const verdicts = new Map<string, PlusVerdict>();
  const storage: PlusStorage = {
    newestPlusDataset: async () => ({
      id: 'x',
      name: 'toy-plus.jsonl',
      bytes: new TextEncoder().encode(`${LINE}\n`),
      sha256: 'ab'.repeat(32),
      addedAt: 0,
    }),
    savePlusDataset: async () => {},
    getPlusExpected: async (keys) =>
      new Map(keys.flatMap((k) => (expectedStore.has(k) ? [[k, expectedStore.get(k)!] as const] : []))),
    putPlusExpected: async (records) => records.forEach((r) => expectedStore.set(r.key, r.bytes)),
  };
  const playgroundStorage: PlusPlaygroundStorage = {
    getPlusVerdicts: async (keys) =>
      new Map(keys.flatMap((k) => (verdicts.has(k) ? [[k, verdicts.get(k)!] as const] : []))),
    putPlusVerdicts: async (records) => records.forEach((r) => verdicts.set(r.key, r.verdict)),
  };
  const { engine, calls } = fakeEngine();
  const host = { engine };
  const data = new PlusData(host, { storage, bundled: false });
  data.enabled = true;
  const plus = new PlusPlayground(data, host, playgroundStorage);
  return { plus, data, calls, expectedStore, verdicts };
}

describe('PlusPlayground', () => {
  it('shows a body that passes base and fails plus, and finds every failing input', async () => {
    const { plus, calls, expectedStore } = setup();
    await plus.show('Toy/0', '    return x\n', true);
    expect(plus.error).toBeUndefined();
    const shown = plus.shown!;
    expect(shown.verdict.base.status).toBe('pass');
    expect(shown.verdict.plus).toMatchObject({ status: 'fail', completed: 2, failure: { index: 1, reason: 'value' } });
    expect(shown.cached).toBe(false);
    expect(calls.filter((m) => m === 'expected')).toHaveLength(2);
    expect(expectedStore.size).toBe(1);

    await plus.searchAll('plus');
    const search = plus.search('plus')!;
    expect(search).toMatchObject({ running: false, complete: true });
    expect(search.failures.map((f) => f.index)).toEqual([1, 3, 4]);
  });

  it('answers from the caches the second time, and a correct body passes both parts', async () => {
    const { plus, calls } = setup();
    await plus.show('Toy/0', '    return x\n', true);
    const before = calls.length;
    await plus.show('Toy/0', '    return x\n', true);
    expect(plus.shown!.cached).toBe(true);
    expect(calls.length).toBe(before);
    await plus.show('Toy/0', '    return abs(x)\n', true);
    expect(plus.shown!.verdict.plus.status).toBe('pass');
    // The expected outputs were computed once.
    expect(calls.filter((m) => m === 'expected')).toHaveLength(2);
  });

  it('says so when HumanEval+ lacks the task, and does nothing when switched off', async () => {
    const { plus, data, calls } = setup();
    await plus.show('Toy/9', '    return x\n', true);
    expect(plus.error).toBe('HumanEval+ has no task Toy/9.');
    data.enabled = false;
    await plus.show('Toy/0', '    return x\n', true);
    expect(plus.shown).toBeUndefined();
    expect(calls).toHaveLength(0);
  });
});
