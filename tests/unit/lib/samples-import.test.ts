import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { verdictCacheKey } from '../../../src/lib/cache-key.ts';
import { parseProblems } from '../../../src/lib/problems.ts';
import { addCacheKeys, importSamples, type ImportProgress } from '../../../src/lib/samples-import.ts';
import { EXAMPLE_PROBLEM_PATH, EXAMPLE_SAMPLES_PATH, readBytes, readText } from './data-paths.ts';

const problems = parseProblems(readText(EXAMPLE_PROBLEM_PATH)).problems;
const byId = new Map(problems.map((p) => [p.task_id, p]));
const keys = { timeoutMs: 3000, versions: { engine: 'test', pyodide: '314.0.7' } };
const blob = (content: string | Uint8Array) => new Blob([typeof content === 'string' ? content : new Uint8Array(content)]);

describe('importSamples', () => {
  it('parses the reference example, gzipped or not, with progress and a digest of the file', async () => {
    const plain = readBytes(EXAMPLE_SAMPLES_PATH);
    const progress: ImportProgress[] = [];
    const a = await importSamples(blob(plain), { problems, source: 's', extract: false }, (p) => progress.push(p), 0);
    const b = await importSamples(blob(gzipSync(plain)), { problems, source: 's', extract: false });
    expect(a.summary).toMatchObject({ format: 'human-eval', samples: 6, tasks: 1, problemsTotal: 1, missing: [], issues: [] });
    expect(a.summary.contentHash).toBe(createHash('sha256').update(plain).digest('hex'));
    expect(b.samples.map((s) => s.raw)).toEqual(a.samples.map((s) => s.raw));
    expect(progress.at(-1)).toEqual({ bytesRead: plain.length, totalBytes: plain.length });
  });

  it('reports each bad line and a subset', async () => {
    const two = [...problems, { ...problems[0], task_id: 'test/1' }];
    const text = [
      '{"task_id": "test/0", "completion": "    return 1"}',
      '{"task_id": "test/0", "completion": ',
      '{"task_id": "nope/9", "completion": ""}',
      '{"completion": ""}',
      '[1]',
    ].join('\n');
    const { summary } = await importSamples(blob(text), { problems: two, source: 'bad.jsonl', extract: false });
    expect(summary.samples).toBe(1);
    expect(summary.missing).toEqual(['test/1']);
    expect(summary.tasks).toBe(1);
    expect(summary.issues.map((i) => i.line)).toEqual([2, 3, 4, 5]);
    expect(summary.issues[1].message).toContain('unknown task_id "nope/9"');
  });

  it('extracts code when asked, keeping the original', async () => {
    const line = JSON.stringify({ task_id: 'test/0', completion: '```python\n    return 1\n```\nDone.' });
    const off = await importSamples(blob(line), { problems, source: 's', extract: false });
    const on = await importSamples(blob(line), { problems, source: 's', extract: true });
    expect(off.summary.extracted).toBe(0);
    expect(on.summary.extracted).toBe(1);
    expect(on.samples[0]).toMatchObject({ code: { completion: '    return 1\n' }, extractSteps: ['fence'], raw: line });
    expect(on.samples[0].original).toEqual(off.samples[0].code);
    // The digest is of the file, not of what extraction made of it.
    expect(on.summary.contentHash).toBe(off.summary.contentHash);
  });
});

describe('addCacheKeys', () => {
  it('gives each sample the key verdictCacheKey gives it, once per distinct code', async () => {
    const { samples } = await importSamples(blob(readBytes(EXAMPLE_SAMPLES_PATH)), { problems, source: 's', extract: false });
    const twice = [...samples, { ...samples[3] }];
    await addCacheKeys(twice, byId, keys);
    expect(twice[3].cacheKey).toBe(await verdictCacheKey({ problem: problems[0], code: { completion: '    return 1' }, ...keys }));
    expect(twice[6].cacheKey).toBe(twice[3].cacheKey);
    expect(new Set(twice.map((s) => s.cacheKey)).size).toBe(6);
  });
});
