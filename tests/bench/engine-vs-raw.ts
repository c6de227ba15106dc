/**
 * `npm run bench:raw [-- --python 3.11|3.14] [--workers 2] [--repeat 10] [--rounds 5] [--baseline DIR]`: the engine's
 * throughput on the 164 canonical solutions (repeated) against raw Pyodide `exec` of the same
 * programs on as many bare workers of the same interpreter, in one process, alternating, so machine noise hits both
 * alike. A third variant runs the same bare workers and copies each one's memory image back after
 * every program, as the engine's reset does, with no harness: the ceiling of any engine that resets
 * by copying memory (`imageCopyOverRaw`), against which the engine's own overhead is measured
 * (`engineOverImageCopy`). With `--baseline DIR` (another checkout of this repository, with its node_modules) the
 * engine of that checkout runs in the same rotation: before and after in one run. Prints JSON
 * with each variant's samples/s per round, their medians and the ratios. Needs HUMANEVAL_PATH.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { loadProblems } from '../../src/lib/problems.ts';
import { assembleProgram } from '../../src/lib/program.ts';
import { createNodePool } from '../../src/runner/node-pool.ts';
import { DEFAULT_PYTHON, parsePythonVersions } from '../../src/lib/python-version.ts';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
    baseline: { type: 'string' },
    python: { type: 'string', default: DEFAULT_PYTHON },
  },
});
const [python] = parsePythonVersions(values.python);
const workers = Number(values.workers);
const path = process.env.HUMANEVAL_PATH;
if (!path) throw new Error('set HUMANEVAL_PATH to HumanEval.jsonl.gz');
const { problems } = await loadProblems(await readFile(path), path);
const canonical = problems.map((p) => assembleProgram(p, { completion: p.canonical_solution }).program);
const programs = Array.from({ length: Number(values.repeat) }, () => canonical).flat();

interface Variant {
  name: string;
  /** Evaluate every program; resolves with how many passed (raw: how many did not raise). */
  run(programs: string[]): Promise<number>;
  close(): void;
}

type PoolLike = {
  ready: Promise<unknown>;
  evaluate(program: string): Promise<{ passed: boolean }>;
  stats(): { workers: { state: string }[] };
  close(): void;
};

async function engine(name: string, create: (options: object) => PoolLike): Promise<Variant> {
  const pool = create({ python, size: workers, spare: false });
  await pool.ready;
  while (pool.stats().workers.filter((w) => w.state === 'idle').length < workers)
    await new Promise((r) => setTimeout(r, 50));
  return {
    name,
    run: async (list) => (await Promise.all(list.map((p) => pool.evaluate(p)))).filter((v) => v.passed).length,
    close: () => pool.close(),
  };
}

async function raw(name: string, copyImage: boolean): Promise<Variant> {
  const threads = await Promise.all(
    Array.from({ length: workers }, () => {
      const worker = new Worker(new URL('./raw-exec.worker.mjs', import.meta.url), {
        resourceLimits: { stackSizeMb: 8 },
        workerData: { copyImage, python },
      });
      return new Promise<Worker>((ok) => worker.once('message', () => ok(worker)));
    }),
  );
  return {
    name,
    // Each bare worker pulls the next program when it answers, two in flight, as the pool does.
    run: (list) =>
      new Promise((done) => {
        let next = 0;
        let answered = 0;
        let passed = 0;
        const feed = (worker: Worker) => {
          if (next < list.length) worker.postMessage({ id: next, program: list[next++] });
        };
        for (const worker of threads) {
          worker.removeAllListeners('message');
          worker.on('message', ({ failed }: { failed: number }) => {
            if (!failed) passed++;
            if (++answered === list.length) done(passed);
            else feed(worker);
          });
          feed(worker);
          feed(worker);
        }
      }),
    close: () => threads.forEach((t) => void t.terminate()),
  };
}

const variants: Variant[] = [
  await engine('engine', createNodePool as unknown as (o: object) => PoolLike),
  await raw('raw exec', false),
  // The reset's own cost, with no harness: no engine that copies its image back can beat this.
  await raw('raw exec + image copy', true),
];
if (values.baseline) {
  const module = (await import(resolve(values.baseline, 'src/runner/node-pool.ts'))) as {
    createNodePool: (o: object) => PoolLike;
  };
  variants.push(await engine('baseline engine', module.createNodePool));
}
for (const v of variants) await v.run(canonical); // warm-up: first imports, wasm tier-up

const rates: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
const passed: Record<string, number> = {};
for (let round = 0; round < Number(values.rounds); round++) {
  // Rotate the order each round, so no variant always runs right after the same neighbour.
  for (let i = 0; i < variants.length; i++) {
    const v = variants[(round + i) % variants.length];
    const started = performance.now();
    passed[v.name] = await v.run(programs);
    rates[v.name].push(+(programs.length / ((performance.now() - started) / 1000)).toFixed(1));
  }
}
variants.forEach((v) => v.close());

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const medians = Object.fromEntries(Object.entries(rates).map(([k, xs]) => [k, median(xs)]));
console.log(
  JSON.stringify(
    {
      python,
      workers,
      samples: programs.length,
      samplesPerSecond: rates,
      passed,
      medians,
      engineOverRaw: +(medians.engine / medians['raw exec']).toFixed(3),
      imageCopyOverRaw: +(medians['raw exec + image copy'] / medians['raw exec']).toFixed(3),
      engineOverImageCopy: +(medians.engine / medians['raw exec + image copy']).toFixed(3),
      ...(values.baseline
        ? {
            engineOverBaseline: +(medians.engine / medians['baseline engine']).toFixed(3),
            baselineOverRaw: +(medians['baseline engine'] / medians['raw exec']).toFixed(3),
          }
        : {}),
    },
    null,
    2,
  ),
);
process.exit(0);
