/**
 * Issue 10, part 4: the page never holds a huge string from a sample. capVerdict cuts every string a
 * verdict carries, leaves ordinary verdicts exactly as the reference wrote them, and the cache stores
 * and returns capped verdicts, an uncapped one stored by an older version included.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssertionReport } from '../../../src/lib/assertions.ts';
import {
  capReport,
  capText,
  capVerdict,
  MESSAGE_CAP,
  OUTPUT_CAP,
  TRACEBACK_CAP,
  type Verdict,
} from '../../../src/lib/verdict.ts';
import { database, resetDatabase } from '../../../src/storage/db.ts';
import { makeVerdict } from '../verdict-builder.ts';
import { getCachedVerdict, getCachedVerdicts, latestVerdictByTask, putCachedVerdicts } from '../../../src/storage/verdict-cache.ts';

afterEach(resetDatabase);

function failed(message: string, extra: Partial<Verdict> = {}): Verdict {
  return makeVerdict('failed', message, { error: { type: 'ValueError', message, traceback: [{ file: '<string>', line: 3, name: 'f' }] }, ...extra });
}

const HUGE = 'x'.repeat(3 * 10 ** 7);

describe('capVerdict', () => {
  it('returns an ordinary verdict unchanged, the same object', () => {
    const v = failed('invalid literal for int() with base 10: ' + "'a'".repeat(500), { stdout: 'y'.repeat(OUTPUT_CAP) });
    expect(capVerdict(v)).toBe(v);
    const atCap = failed('m'.repeat(MESSAGE_CAP));
    expect(capVerdict(atCap)).toBe(atCap);
  });

  it("cuts a huge message, and the result stays 'failed: ' + the capped message", () => {
    const v = capVerdict(failed(HUGE));
    const cut = HUGE.length - MESSAGE_CAP;
    expect(v.error!.message).toBe(`${'x'.repeat(MESSAGE_CAP)}… [${cut} more characters cut]`);
    expect(v.result).toBe(`failed: ${v.error!.message}`);
    expect(v.error!.traceback).toEqual([{ file: '<string>', line: 3, name: 'f' }]);
    expect(v.outcome).toBe('failed');
    // Idempotent: a capped verdict read back from the cache is shown exactly as it was stored.
    expect(capVerdict(v)).toBe(v);
  });

  it('cuts output to the output cap and flags it, and long tracebacks around a marker frame', () => {
    const traceback = Array.from({ length: 5000 }, (_, i) => ({ file: '<string>', line: i, name: 'r'.repeat(i === 0 ? 10_000 : 1) }));
    const v = capVerdict(failed('RecursionError', { stdout: HUGE, stderr: HUGE, error: { type: 'RecursionError', message: 'deep', traceback } }));
    expect(v.stdout.startsWith('x'.repeat(OUTPUT_CAP) + '… [')).toBe(true);
    expect(v.stdout.length).toBeLessThan(OUTPUT_CAP + 100);
    expect([v.stdoutTruncated, v.stderrTruncated]).toEqual([true, true]);
    const frames = v.error!.traceback;
    expect(frames).toHaveLength(TRACEBACK_CAP + 1);
    expect(frames[TRACEBACK_CAP / 2].name).toBe(`[${5000 - TRACEBACK_CAP} frames cut]`);
    expect(frames.at(-1)!.line).toBe(4999);
    expect(frames[0].name.length).toBeLessThan(300);
    expect(capVerdict(v)).toBe(v);
  });

  it('never splits a surrogate pair', () => {
    const text = 'a'.repeat(9) + '😀' + 'b'.repeat(10);
    const long = text + 'c'.repeat(100);
    expect(capText(long, 10)).toBe(`${'a'.repeat(9)}… [${long.length - 9} more characters cut]`);
  });

  it('cuts the reprs of an explanation', () => {
    const report: AssertionReport = {
      timedOut: false,
      assertions: [{ line: 2, source: 'assert f() == 1', status: 'failed', runs: 1, operator: '==', call: 'f()', actual: HUGE, expected: '1', decisive: true }],
      stopped: { type: 'ValueError', message: HUGE },
    };
    const ordinary: AssertionReport = { ...report, assertions: [{ ...report.assertions[0], actual: '2' }], stopped: undefined };
    expect(capReport(ordinary)).toBe(ordinary);
    const capped = capReport(report);
    expect(capped.assertions[0].actual!.length).toBeLessThan(MESSAGE_CAP + 100);
    expect(capped.assertions[0].expected).toBe('1');
    expect(capped.stopped!.message.length).toBeLessThan(MESSAGE_CAP + 100);
  });
});

describe('the verdict cache holds capped verdicts only', () => {
  it('stores capped text', async () => {
    await putCachedVerdicts([{ key: 'k', taskId: 'HumanEval/0', verdict: failed(HUGE) }]);
    const raw = await (await database()).get('verdicts', 'k');
    expect(raw!.verdict.result.length).toBeLessThan(MESSAGE_CAP + 100);
    expect(await getCachedVerdict('k')).toEqual(raw!.verdict);
  });

  it('caps an uncapped verdict an older version stored, on every read path', async () => {
    await (await database()).put('verdicts', { key: 'old', taskId: 'HumanEval/1', verdict: failed(HUGE), createdAt: 1 });
    for (const v of [await getCachedVerdict('old'), (await getCachedVerdicts(['old'])).get('old'), (await latestVerdictByTask()).get('HumanEval/1')]) {
      expect(v!.result.length).toBeLessThan(MESSAGE_CAP + 100);
      expect(v!.result.startsWith('failed: xxx')).toBe(true);
    }
  });
});
