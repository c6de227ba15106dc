/**
 * `npm run bench:engine [-- --python 3.11|3.14] [--samples FILE] [--synthetic N] [--workers 2] [--repeat 10]`: prints
 * JSON with worker start time, throughput on the 164 canonical solutions repeated, throughput on a
 * samples file (or on a synthetic file of N samples per task mixing right, wrong, raising and
 * looping completions, in the proportions of real model output), and memory per worker. Needs
 * HUMANEVAL_PATH.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadProblems } from '../../src/lib/problems.ts';
import { assembleProgram } from '../../src/lib/program.ts';
import { loadSamples } from '../../src/lib/samples.ts';
import { evaluateBatch, type BatchJob } from '../../src/runner/batch.ts';
import { createNodePool } from '../../src/runner/node-pool.ts';
import type { EnginePool } from '../../src/runner/pool.ts';
import { DEFAULT_PYTHON, parsePythonVersions } from '../../src/lib/python-version.ts';

const { values } = parseArgs({
  options: {
    samples: { type: 'string' },
    workers: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '10' },
    synthetic: { type: 'string' },
    python: { type: 'string', default: DEFAULT_PYTHON },
  },
});
const [python] = parsePythonVersions(values.python);
const workers = Number(values.workers);
const path = process.env.HUMANEVAL_PATH;
if (!path) throw new Error('set HUMANEVAL_PATH to HumanEval.jsonl.gz');
const { problems } = await loadProblems(await readFile(path), path);
const byId = new Map(problems.map((p) => [p.task_id, p]));

async function throughput(pool: EnginePool, jobs: BatchJob[]) {
  const started = performance.now();
  const verdicts = await evaluateBatch(pool, jobs);
  const seconds = (performance.now() - started) / 1000;
  return {
    samples: jobs.length,
    seconds: +seconds.toFixed(3),
    samplesPerSecond: +(jobs.length / seconds).toFixed(1),
    passed: verdicts.filter((v) => v.passed).length,
  };
}

const bootStarted = performance.now();
const pool = createNodePool({ python, size: workers, spare: false });
const first = await pool.ready;
const firstWorkerMs = performance.now() - bootStarted;
// Wait until every worker is up, so throughput is measured on a full pool.
while (pool.stats().workers.filter((w) => w.state === 'idle').length < workers) {
  await new Promise((r) => setTimeout(r, 50));
}
const allWorkersMs = performance.now() - bootStarted;

const canonical = problems.map((p) => ({ program: assembleProgram(p, { completion: p.canonical_solution }).program }));
await throughput(pool, canonical); // warm-up: first-run imports and wasm tier-up
const repeated = Array.from({ length: Number(values.repeat) }, () => canonical).flat();
const canonicalRun = await throughput(pool, repeated);

let samplesRun;
if (values.samples) {
  const { samples, issues } = await loadSamples(await readFile(values.samples), byId.keys(), values.samples);
  if (issues.length) throw new Error(`${issues.length} bad lines in ${values.samples}`);
  const jobs = samples.map((s) => ({ program: assembleProgram(byId.get(s.task_id)!, s.code).program }));
  samplesRun = { file: values.samples, ...(await throughput(pool, jobs)) };
}
let syntheticRun;
if (values.synthetic) {
  // Per 1000 samples: 600 canonical, 300 wrong, 96 raising, 4 infinite loops (real files had 58
  // loops in 16,400 samples); deterministic, so runs compare.
  const perTask = Number(values.synthetic);
  const jobs: BatchJob[] = [];
  let i = 0;
  for (const p of problems) {
    for (let j = 0; j < perTask; j++, i++) {
      const slot = (i * 7919) % 1000;
      const completion =
        slot < 600 ? p.canonical_solution : slot < 900 ? '    return None\n' : slot < 996 ? '    raise ValueError("no")\n' : '    while True:\n        pass\n';
      jobs.push({ program: assembleProgram(p, { completion }).program });
    }
  }
  syntheticRun = { perTask, ...(await throughput(pool, jobs)) };
}
const stats = pool.stats();
pool.close();

console.log(
  JSON.stringify(
    {
      workers,
      python: first.pythonVersion,
      pyodide: first.pyodideVersion,
      workerStartMs: { firstWorker: Math.round(firstWorkerMs), bootMsInWorker: Math.round(first.bootMs), allWorkers: Math.round(allWorkersMs) },
      canonical: canonicalRun,
      samplesFile: samplesRun ?? null,
      synthetic: syntheticRun ?? null,
      memoryPerWorkerBytes: stats.workers.map((w) => w.heapBytes),
      processRssBytes: process.memoryUsage().rss,
      pool: { interrupts: stats.interrupts, kills: stats.kills, crashes: stats.crashes, recycles: stats.recycles },
      snapshot: { madeInMs: stats.snapshotMs, workersFromSnapshot: stats.workers.filter((w) => w.fromSnapshot).length },
    },
    null,
    2,
  ),
);
