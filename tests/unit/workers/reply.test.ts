/** workers/reply.ts: the status is decided from how `execute` ended, and what the harness says is checked and capped. */
import { describe, expect, it } from 'vitest';
import { MESSAGE_CAP } from '../../../src/lib/verdict.ts';
import { capJson, decideStatus, parseDescription, parseReport, type Described } from '../../../workers/reply.ts';

const error = (fields: Partial<Described> = {}): Described => ({
  error: { type: 'ValueError', message: 'x', traceback: [] },
  messageRaised: false,
  timeout: false,
  alarm: false,
  ...fields,
});

describe('decideStatus', () => {
  it('passed only when exec returned, whatever the description says', () => {
    expect(decideStatus({ raised: false }, error({ timeout: true }), 5, 3000)).toBe('passed');
    expect(decideStatus({ raised: true }, error(), 5, 3000)).toBe('failed');
  });
  it('timed out only for the harness exception once the deadline could have fired', () => {
    expect(decideStatus({ raised: true }, error({ timeout: true }), 3001, 3000)).toBe('timed out');
    // Raised at once by the sample itself: an ordinary failure.
    expect(decideStatus({ raised: true }, error({ timeout: true }), 10, 3000)).toBe('failed');
    // Raised early by the program's own alarm (signal.alarm/setitimer), as the reference's handler does.
    expect(decideStatus({ raised: true }, error({ timeout: true, alarm: true }), 10, 3000)).toBe('timed out');
    // The alarm flag alone, on another exception, changes nothing.
    expect(decideStatus({ raised: true }, error({ alarm: true }), 10, 3000)).toBe('failed');
    // The limit fired just after the program ended, while the harness disarmed it.
    expect(decideStatus({ raised: false, lateError: 'TimeoutException' }, undefined, 2999, 3000)).toBe('timed out');
    expect(decideStatus({ raised: true, lateError: 'TimeoutException' }, undefined, 10, 3000)).toBeUndefined();
    expect(decideStatus({ raised: false, lateError: 'ValueError' }, undefined, 2999, 3000)).toBeUndefined();
  });
  it('no result when str(e) raised, and nothing without a description of the exception', () => {
    expect(decideStatus({ raised: true }, error({ messageRaised: true }), 5, 3000)).toBe('no result');
    expect(decideStatus({ raised: true }, undefined, 5, 3000)).toBeUndefined();
  });
});

describe('parseDescription', () => {
  const json = (value: unknown) => JSON.stringify(value);
  it('caps output, message, names and the traceback', () => {
    const parsed = parseDescription(
      json({
        stdout: 'o'.repeat(100),
        stderr: '',
        stdoutTruncated: false,
        stderrTruncated: false,
        error: { type: 'T'.repeat(1000), message: 'm'.repeat(MESSAGE_CAP + 5), timeout: false, traceback: Array.from({ length: 100 }, (_, i) => ({ file: 'f'.repeat(999), line: i, name: 'n' })) },
      }),
      10,
    )!;
    expect(parsed.outputs.stdout).toBe('o'.repeat(10));
    expect(parsed.outputs.stdoutTruncated).toBe(true);
    const e = parsed.described!.error;
    expect(e.type.length).toBe(256);
    expect(e.message.length).toBe(MESSAGE_CAP);
    expect(e.messageTruncated).toBe(true);
    expect(e.traceback.length).toBe(40);
    expect(e.traceback[0].file.length).toBe(256);
    expect(e.traceback.at(-1)!.line).toBe(99);
  });
  it('a message that is null means str(e) raised; wrong types become safe values', () => {
    const parsed = parseDescription(json({ stdout: 5, stderr: [], error: { type: 1, message: null, traceback: 'x', line: 1.5 } }), 100)!;
    expect(parsed.outputs).toEqual({ stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false });
    expect(parsed.described!.messageRaised).toBe(true);
    expect(parsed.described!.error).toMatchObject({ type: '', message: '', traceback: [], line: 0 });
  });
  it('rejects what is not the harness JSON', () => {
    for (const bad of ['{"status": "passed"', '[1]', '"passed"', 'null', undefined, 42]) expect(parseDescription(bad as string, 10)).toBeUndefined();
    expect(parseDescription(json({ stdout: '', error: 'passed' }), 10)).toBeUndefined();
  });
});

describe('parseReport', () => {
  it('caps strings, arrays and depth in an explanation report', () => {
    const report = parseReport(JSON.stringify({ assertions: [{ source: 's'.repeat(10_000), actual: [[[[[[[[1]]]]]]]] }], timedOut: false }))!;
    const first = report.assertions[0] as unknown as { source: string; actual: unknown };
    expect(first.source.length).toBe(4096);
    expect(JSON.stringify(first.actual)).not.toContain('1');
    expect(parseReport('{"assertions": 1}')).toBeUndefined();
    expect(capJson(Array.from({ length: 5000 }, () => 0))).toHaveLength(1000);
  });
});
