/**
 * Every sample starts from the same interpreter: one worker (no spare) runs each hostile sample of
 * tests/fixtures/hostile-samples.ts followed by every honest one, and each gets the reference's
 * verdict. The pool must not have replaced the worker: the reset, not recycling, undid the damage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleProgram } from '../../../src/lib/program.ts';
import { createNodePool, nodeSnapshot } from '../../../src/runner/node-pool.ts';
import type { EnginePool } from '../../../src/runner/pool.ts';
import { HONEST, HOSTILE, expectedFor } from '../../fixtures/hostile-samples.ts';
import { ENGINE_BOOTS, RETURN1, expectSaneVerdict } from './harness-helpers.ts';

const program = (completion: string) => assembleProgram(RETURN1, { completion: `${completion}\n` });

function expectResult(result: string, expected: string | RegExp, label: string): void {
  if (typeof expected === 'string') expect(result, label).toBe(expected);
  else expect(result, label).toMatch(expected);
}

for (const { python, boot } of ENGINE_BOOTS) {
  describe(`reset: a hostile sample changes nothing the next one sees (Node, Python ${python}, ${boot})`, () => {
    let pool: EnginePool;
    beforeAll(async () => {
      pool = createNodePool({ python, size: 1, spare: false, timeoutMs: 3000, snapshots: boot === 'snapshot boot', snapshotStore: { load: () => nodeSnapshot() } });
      const info = await pool.ready;
      expect(info.fromSnapshot).toBe(boot === 'snapshot boot');
      expect(info.pythonVersion.startsWith(`${python}.`)).toBe(true);
    });
    afterAll(() => pool?.close());

    it('the honest samples alone', async () => {
      for (const honest of HONEST) {
        const v = await pool.evaluate(program(honest.completion));
        expectSaneVerdict(v, honest.name);
        expectResult(v.result, expectedFor(honest, python), honest.name);
      }
    });

    for (const hostile of HOSTILE) {
      it(hostile.name, async () => {
        const before = pool.stats();
        const own = await pool.evaluate(program(hostile.completion));
        expectSaneVerdict(own, hostile.name);
        expectResult(own.result, expectedFor(hostile, python), `${hostile.name}: its own verdict`);
        for (const honest of HONEST) {
          const v = await pool.evaluate(program(honest.completion));
          expectSaneVerdict(v, honest.name);
          expectResult(v.result, expectedFor(honest, python), `${honest.name}, after: ${hostile.name}`);
          if (honest.name.includes('print')) expect(v.stdout, honest.name).toBe('honest output\n');
        }
        const after = pool.stats();
        expect(after.recycles + after.crashes + after.kills, 'workers replaced').toBe(before.recycles + before.crashes + before.kills);
      });
    }

    it('a loop after a sample that ignored SIGINT is still interrupted in place', async () => {
      const ignore = HOSTILE.find((h) => h.name.startsWith('ignore SIGINT'))!;
      expect((await pool.evaluate(program(ignore.completion))).result).toBe('passed');
      const before = pool.stats();
      const v = await pool.evaluate(program('    while True:\n        pass'), { timeoutMs: 1000 });
      expect(v.result).toBe('timed out');
      expect(pool.stats().kills).toBe(before.kills);
      expect(pool.stats().interrupts).toBe(before.interrupts + 1);
    });

    it("random is reseeded for every sample, whatever the previous one seeded", async () => {
      const draw = '    import random\n    print(random.random())\n    random.seed(0)\n    return 1';
      const outputs = new Set<string>();
      for (let i = 0; i < 4; i++) outputs.add((await pool.evaluate(program(draw))).stdout);
      expect(outputs.size).toBe(4);
    });
  });
}
