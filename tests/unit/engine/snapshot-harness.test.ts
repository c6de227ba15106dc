/**
 * A worker restored from a memory snapshot takes the harness's namespace from it instead of running
 * the harness again, but only the very harness it was given; and it still recomputes what the
 * snapshot carried over from the machine that made it. The engine runs in-process here (no worker,
 * no global-scope seal), so each case can hand it a harness text of its own.
 */
import { readFileSync } from 'node:fs';
import { loadPyodide } from 'pyodide';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../workers/runtime.ts';

const read = (name: string) => readFileSync(new URL(`../../../workers/${name}`, import.meta.url), 'utf8');
const HARNESS = `${read('harness.py')}\n${read('explain.py')}\n${read('boot.py')}`;

/** The harness plus a line that records, in `sys` (which a snapshot carries), that this text ran. */
const counted = (tag: string, extra = '') =>
  `${HARNESS}\nimport sys as _sys\n_sys.__dict__.setdefault('_harness_runs', []).append(${JSON.stringify(tag)})\n${extra}`;

const engine = (harnessSource: string) => createEngine({ loadPyodide: async () => loadPyodide, harnessSource, sealGlobalScope: () => {} });

/** Boot from `snapshot` with `harnessSource` and return what a sample prints of the interpreter. */
async function probe(snapshot: Blob, harnessSource: string, code: string) {
  const worker = engine(harnessSource);
  const info = await worker.boot({ python: '3.14', outputCap: 10_000, snapshot });
  const reply = worker.run({ id: 1, program: `import sys, time\nprint(repr(${code}))\n`, timeoutMs: 3000 });
  if (reply.kind !== 'result') throw new Error(reply.reason);
  expect(reply.status).toBe('passed');
  return { info, printed: reply.stdout.trim() };
}

describe('the harness in a memory snapshot', () => {
  it('is taken ready-made when the snapshot was made from the same harness, and not left in sys', async () => {
    const source = counted('made');
    const snapshot = await engine(source).makeSnapshot({ python: '3.14' });
    const { info, printed } = await probe(snapshot, source, "(sys._harness_runs, hasattr(sys, '_humaneval_harness'))");
    expect(info.fromSnapshot).toBe(true);
    expect(printed).toBe("(['made'], False)");
  });

  it("carries nothing of the maker's host: no script path, no language", async () => {
    const snapshot = await engine(HARNESS).makeSnapshot({ python: '3.14' });
    const { printed } = await probe(snapshot, HARNESS, "(sys.executable, __import__('os').environ.get('_'), __import__('os').environ.get('LANG'))");
    expect(printed).not.toContain(process.cwd());
    expect(printed).toMatch(/this\.program.*this\.program.*'C\.UTF-8'/);
  });

  it('is run again when the snapshot holds another harness', async () => {
    const snapshot = await engine(counted('old')).makeSnapshot({ python: '3.14' });
    const { printed } = await probe(snapshot, counted('new'), "(sys._harness_runs, hasattr(sys, '_humaneval_harness'))");
    expect(printed).toBe("(['old', 'new'], False)");
  });

  it("recomputes the time zone instead of keeping the snapshot maker's", async () => {
    const fresh = engine(HARNESS);
    await fresh.boot({ python: '3.14', outputCap: 10_000 });
    const reply = fresh.run({ id: 1, program: 'import time\nprint(repr((time.timezone, time.altzone, time.daylight, time.tzname)))\n', timeoutMs: 3000 });
    const local = reply.kind === 'result' ? reply.stdout.trim() : reply.reason;
    // A maker somewhere else: its zone attributes are what the snapshot holds.
    const elsewhere = `${HARNESS}\nimport time as _t\n_t.timezone, _t.altzone, _t.daylight, _t.tzname = -45900, -49500, 1, ('UTC+1245', 'UTC+1345')\n`;
    const snapshot = await engine(elsewhere).makeSnapshot({ python: '3.14' });
    const { printed } = await probe(snapshot, elsewhere, '(time.timezone, time.altzone, time.daylight, time.tzname)');
    expect(printed).toBe(local);
  });
});
