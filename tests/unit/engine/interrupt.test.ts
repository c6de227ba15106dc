/**
 * The deadline interrupt against the real engine in one worker thread: the pool queues the next
 * sample inside a worker before the current one ends, so an interrupt aimed at a sample that had
 * just finished can reach the start of the next one. The harness honours an interrupt only once
 * the running sample has used half its limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReply } from '../../../workers/protocol.ts';
import type { EngineWorker } from '../../../src/runner/engine-worker.ts';
import { diskSnapshotStore, spawnNodeEngineWorker } from '../../../src/runner/node-pool.ts';
import { PYTHON_VERSIONS } from '../../../src/lib/python-version.ts';

// About a second of pure Python bytecode, so the interrupt lands mid-run.
const BUSY = 'x = 0\nfor i in range(5 * 10**6):\n    x += 1\n';

for (const python of PYTHON_VERSIONS)
  describe(`Python ${python}`, () => {
    let worker: EngineWorker;

    beforeAll(async () => {
      worker = spawnNodeEngineWorker(true);
      // Pyodide 0.25 (3.11) restores no snapshots: it boots plainly.
      const snapshot =
        python === '3.14'
          ? await diskSnapshotStore()
              .load()
              .catch(() => undefined)
          : undefined;
      await worker.api.boot({ python, interruptBuffer: worker.interruptBuffer, outputCap: 1024, snapshot });
    });
    afterAll(() => worker.terminate());

    /**
     * Runs BUSY with the given limit and writes the interrupt buffer from `afterMs` into the run on,
     * every 20 ms until it answers, as the pool does (one write in about twenty goes unanswered).
     */
    async function interruptedAfter(afterMs: number, timeoutMs: number): Promise<RunReply> {
      const reply = worker.api.run({ id: 1, program: BUSY, timeoutMs });
      let resend: ReturnType<typeof setInterval> | undefined;
      const start = setTimeout(() => {
        Atomics.store(worker.interruptBuffer!, 0, 2);
        resend = setInterval(() => Atomics.store(worker.interruptBuffer!, 0, 2), 20);
      }, afterMs);
      try {
        return await reply;
      } finally {
        clearTimeout(start);
        clearInterval(resend);
      }
    }

    describe('deadline interrupts', () => {
      it('ignores an interrupt that comes before half the limit (a stale deadline)', async () => {
        const reply = await interruptedAfter(40, 60_000);
        expect(reply).toMatchObject({ kind: 'result', status: 'passed' });
      });

      it('honours an interrupt once half the limit has passed', async () => {
        const reply = await interruptedAfter(60, 100);
        expect(reply).toMatchObject({ kind: 'result', status: 'timed out' });
      });

      it('runs the next sample normally after an ignored interrupt', async () => {
        const reply = await worker.api.run({ id: 2, program: 'assert 1 + 1 == 2', timeoutMs: 3000 });
        expect(reply).toMatchObject({ kind: 'result', status: 'passed' });
      });
    });
  });
