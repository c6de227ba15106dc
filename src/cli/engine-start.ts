/**
 * The engine as both CLI modes start it: a Node pool under one interpreter, booted or the process
 * exits 1 with the reason; on SIGINT or SIGTERM the pool is closed, the unfinished `.partial`
 * results file removed and the process exits 130, so no half-written results file is ever left.
 */
import { rm } from 'node:fs/promises';
import type { BootInfo } from '../../workers/protocol.ts';
import type { PythonVersion } from '../lib/python-version.ts';
import { createNodePool } from '../runner/node-pool.ts';
import type { EnginePool } from '../runner/pool.ts';

export interface StartedEngine {
  pool: EnginePool;
  boot: BootInfo;
  /** Where the results are written until they are complete (then renamed over the results file). */
  partial: string;
  /** Close the pool and stop watching for signals (the results file is the caller's to rename). */
  finish(): void;
}

export async function startEngineOrExit(
  options: { python: PythonVersion; workers: number; timeoutMs?: number },
  resultsPath: string,
): Promise<StartedEngine> {
  const pool = createNodePool({
    python: options.python,
    size: options.workers,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const partial = `${resultsPath}.partial`;
  const interrupted = async () => {
    // The pool is closed only right before exiting: closing it rejects the samples still queued,
    // and the run failing on those would exit first, with an error and the wrong code.
    await rm(partial, { force: true });
    process.stderr.write('\ninterrupted: no results file written\n');
    pool.close();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const finish = () => {
    pool.close();
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  };
  try {
    return { pool, boot: await pool.ready, partial, finish };
  } catch (error) {
    finish();
    process.stderr.write(`cannot start the Python engine (Python ${options.python}): ${(error as Error).message}\n`);
    process.exit(1);
  }
}
