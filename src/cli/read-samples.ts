/**
 * The samples file as both CLI modes read it (human-eval and `--plus`): streamed and parsed, every
 * bad line named with its file and line (then exit 2, nothing evaluated), and a note on stderr when
 * some problems have no samples (the references refuse such a file; we evaluate the subset).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { formatIssue } from '../lib/input-issue.ts';
import { parseSamplesStream, tasksWithoutSamples } from '../lib/samples.ts';

export type ParsedSamples = Awaited<ReturnType<typeof parseSamplesStream>>;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

export async function readSamplesOrExit(path: string, taskIds: readonly string[]): Promise<ParsedSamples> {
  const stream = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  let parsed: ParsedSamples;
  try {
    parsed = await parseSamplesStream(stream, taskIds, path);
  } catch (error) {
    fail(`${path}: cannot read samples file: ${(error as Error).message}`);
  }
  if (parsed.issues.length > 0) {
    const shown = parsed.issues.slice(0, 50).map(formatIssue);
    if (parsed.issues.length > 50) shown.push(`… and ${parsed.issues.length - 50} more problems`);
    fail(`${shown.join('\n')}\n${path}: ${parsed.issues.length} bad line(s); nothing was evaluated`);
  }
  const missing = tasksWithoutSamples(parsed.samples, taskIds);
  if (missing.length > 0) {
    process.stderr.write(
      `note: ${missing.length} of ${taskIds.length} problems have no samples; pass@k covers the ${taskIds.length - missing.length} that do\n`,
    );
  }
  return parsed;
}
