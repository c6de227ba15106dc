import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../src/lib/compare-runs.ts';
import { logprobRanking, meanLogProb, meanLogProbOfLine } from '../../../src/lib/logprob-ranking.ts';
import { passAtK } from '../../../src/lib/pass-at-k.ts';

describe('meanLogProb', () => {
  it('reads mean_logp, a list of token logprobs, or OpenAI token_logprobs', () => {
    expect(meanLogProb({ mean_logp: -0.5 })).toBe(-0.5);
    expect(meanLogProb({ logprobs: [-1, -2, -3] })).toBe(-2);
    expect(meanLogProb({ logprobs: { token_logprobs: [null, -1, -3] } })).toBe(-2);
    expect(meanLogProb({ logprobs: [] })).toBeUndefined();
    expect(meanLogProb({ logprobs: ['a'] })).toBeUndefined();
    expect(meanLogProb({ completion: 'x' })).toBeUndefined();
    expect(meanLogProbOfLine('{"task_id": "t", "completion": "", "mean_logp": -0.25}')).toBe(-0.25);
    expect(meanLogProbOfLine('{"task_id": "t", "completion": ""}')).toBeUndefined();
  });
});

describe('logprobRanking', () => {
  it('compares the highest-logp pick with random choice and the oracle', () => {
    const samples = [
      // Task a: the most likely sample passes.
      { task_id: 'a', passed: true, meanLogp: -0.1 },
      { task_id: 'a', passed: false, meanLogp: -0.9 },
      // Task b: the most likely sample fails, another passes.
      { task_id: 'b', passed: false, meanLogp: -0.2 },
      { task_id: 'b', passed: true, meanLogp: -0.5 },
      { task_id: 'b', passed: false, meanLogp: -0.7 },
      // Task c: nothing passes; a tie keeps the first sample.
      { task_id: 'c', passed: false, meanLogp: -1 },
      { task_id: 'c', passed: false, meanLogp: -1 },
    ];
    const result = logprobRanking(samples);
    expect(result).toEqual({
      available: true,
      tasks: 3,
      samples: 7,
      ranked: 1 / 3,
      random: passAtK(
        [
          { task_id: 'a', n: 2, c: 1 },
          { task_id: 'b', n: 3, c: 1 },
          { task_id: 'c', n: 2, c: 0 },
        ],
        [1],
      ).values['pass@1'],
      oracle: 2 / 3,
    });
  });

  it('says why it cannot rank', () => {
    expect(logprobRanking([])).toMatchObject({ available: false });
    expect(logprobRanking([{ task_id: 'a', passed: true, meanLogp: undefined }])).toMatchObject({
      available: false,
      reason: expect.stringContaining('no sample carries'),
    });
    const partial = logprobRanking([
      { task_id: 'a', passed: true, meanLogp: -1 },
      { task_id: 'a', passed: true, meanLogp: undefined },
    ]);
    expect(partial).toEqual({ available: false, reason: '1 of 2 samples carry no log-probability; ranking needs all of them' });
  });
});

describe('compareRuns', () => {
  it('reports pass@k of each and the tasks solved by one only', () => {
    const a = [
      { task_id: 't1', n: 2, c: 2 },
      { task_id: 't2', n: 2, c: 0 },
      { task_id: 't3', n: 2, c: 1 },
      { task_id: 'onlyA', n: 2, c: 1 },
    ];
    const b = [
      { task_id: 't1', n: 2, c: 0 },
      { task_id: 't2', n: 2, c: 1 },
      { task_id: 't3', n: 2, c: 2 },
      { task_id: 'onlyB', n: 2, c: 0 },
    ];
    const result = compareRuns(a, b, [1, 10]);
    expect(result.a).toEqual(passAtK(a, [1, 10]));
    expect(result.b).toEqual(passAtK(b, [1, 10]));
    expect(result.a.omitted[0]).toMatchObject({ k: 10 });
    expect(result).toMatchObject({
      common: 3,
      onlyInA: ['onlyA'],
      onlyInB: ['onlyB'],
      solvedOnlyByA: ['t1'],
      solvedOnlyByB: ['t2'],
      solvedByBoth: 1,
      solvedByNeither: 0,
    });
    expect(result.tasks.map((t) => t.task_id)).toEqual(['t1', 't2', 't3', 'onlyA', 'onlyB']);
    expect(result.tasks[0].delta).toBe(-1);
  });
});
