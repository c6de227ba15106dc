/** The Learn view's HumanEval+ section, over a run stored in (fake) IndexedDB with both verdicts. */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PartVerdict } from '../../../src/lib/plus.ts';
import type { Verdict } from '../../../src/lib/verdict.ts';
import { resetDatabase, type RunRecord, type RunSampleRecord } from '../../../src/storage/db.ts';
import { createRun } from '../../../src/storage/runs.ts';
import { LearnPlus } from '../../../src/state/learn-plus.svelte.ts';

const part = (status: PartVerdict['status']): PartVerdict => ({
  status,
  total: 3,
  completed: status === 'pass' ? 3 : 1,
  durationMs: 1,
  capMs: 13_000,
  slowestMs: 0,
});
const verdict = (passed: boolean) =>
  ({ result: passed ? 'passed' : 'failed: ', passed, outcome: passed ? 'passed' : 'failed' }) as Verdict;

function run(
  id: string,
  rows: [string, boolean, 'pass' | 'fail', 'pass' | 'fail'][] | [string, boolean][],
): Promise<void> {
  const samples: RunSampleRecord[] = rows.map((r, index) => ({
    runId: id,
    index,
    taskId: r[0],
    line: index + 1,
    raw: '{}',
    code: { completion: '' },
    cacheKey: `${id}-${index}`,
    verdict: verdict(r[1]),
    ...(r.length === 4 ? { plusVerdict: { base: part(r[2]), plus: part(r[3]) } } : {}),
  }));
  const record = {
    id,
    name: id,
    createdAt: id === 'new' ? 2 : 1,
    sourceName: `${id}.jsonl`,
    datasetId: 'humaneval',
    settings: { timeoutMs: 3000, workers: 1 },
    versions: { engine: 'e', pyodide: 'p' },
    total: samples.length,
    done: samples.length,
    status: 'done',
    meta: {
      format: 'human-eval',
      fingerprint: '',
      problemsName: 'x',
      problemsTotal: 2,
      tasks: 2,
      ks: [],
      extract: false,
      extracted: 0,
      issues: 0,
    },
  } as RunRecord;
  return createRun(record, samples);
}

describe('LearnPlus', () => {
  beforeEach(() => resetDatabase());

  it('counts per task the samples that pass the original tests and fail HumanEval+, and pass@k before and after', async () => {
    await run('new', [
      ['A', true, 'pass', 'fail'],
      ['A', true, 'pass', 'pass'],
      ['B', true, 'fail', 'fail'],
      ['B', false, 'fail', 'fail'],
    ]);
    await run('old', [['A', true]]);
    const learn = new LearnPlus();
    await learn.load();
    expect(learn.runId).toBe('new');
    expect(learn.lost).toEqual([
      { task_id: 'A', n: 2, humaneval: 2, plus: 1, lost: 1 },
      { task_id: 'B', n: 2, humaneval: 1, plus: 0, lost: 1 },
    ]);
    expect(learn.report!.passAtK.humaneval.values['pass@1']).toBe(0.75);
    expect(learn.report!.passAtK.plus.values['pass@1']).toBe(0.25);

    await learn.pick('old');
    expect(learn.report).toBeUndefined();
    expect(learn.message).toMatch(/no HumanEval\+ verdicts/);
  });
});
