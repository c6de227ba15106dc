/**
 * Stored data survives the schema upgrade: a database written as version 1 wrote it, opened with
 * today's code, still holds every run, sample, draft, cached verdict, dataset and setting, read
 * through the storage functions the app uses.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/storage/datasets.ts';
import { database, DB_NAME, DB_VERSION, resetDatabase } from '../../../src/storage/db.ts';
import { getDraft } from '../../../src/storage/drafts.ts';
import { findEarlierRuns, getRun, isUnfinished, listRuns, loadRunSamples } from '../../../src/storage/runs.ts';
import { getSetting } from '../../../src/storage/settings.ts';
import { getCachedVerdict, getCachedVerdicts } from '../../../src/storage/verdict-cache.ts';
import { V1_CONTENT, V1_NAME, writeV1Database } from './v1-database.ts';

afterEach(resetDatabase);

describe('upgrading a version-1 database', () => {
  it('keeps every run, sample, draft, verdict, dataset and setting, and reads them correctly', async () => {
    expect(V1_NAME).toBe(DB_NAME);
    await writeV1Database();
    const before = await openDB(DB_NAME);
    expect(before.version).toBe(1);
    before.close();

    const db = await database();
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThan(1);

    // Runs: the two the old code wrote come back as they were; newest first.
    const runs = await listRuns();
    expect(runs.map((r) => r.id)).toEqual(['run-interrupted', 'run-finished', 'run-bare']);
    expect(runs[0]).toEqual(V1_CONTENT.runs[1]);
    expect(runs[1]).toEqual(V1_CONTENT.runs[0]);
    expect(isUnfinished(runs[0])).toBe(true);
    // A run typed without meta gets one its record and samples imply; nothing else of it changes.
    expect(runs[2]).toEqual({
      ...V1_CONTENT.bareRun,
      meta: { format: 'human-eval', fingerprint: '', problemsName: 'sha256-abc', problemsTotal: 1, tasks: 1, ks: [], extract: false, extracted: 0, issues: 0 },
    });

    // Runs are found by fingerprint through the new index.
    expect((await findEarlierRuns(V1_CONTENT.runs[0].meta.fingerprint)).finished?.id).toBe('run-finished');
    expect((await findEarlierRuns(V1_CONTENT.runs[1].meta.fingerprint)).unfinished?.id).toBe('run-interrupted');
    expect(await getRun('run-finished')).toEqual(V1_CONTENT.runs[0]);

    // Samples with their verdicts (and the one not evaluated yet, so the run can resume).
    for (const id of ['run-finished', 'run-interrupted', 'run-bare']) {
      expect(await loadRunSamples(id)).toEqual(V1_CONTENT.runSamples.filter((s) => s.runId === id));
    }
    expect((await loadRunSamples('run-interrupted'))[1].verdict).toBeUndefined();

    // Cached verdicts, drafts, datasets and settings.
    for (const { key, verdict } of V1_CONTENT.verdicts) expect(await getCachedVerdict(key)).toEqual(verdict);
    expect((await getCachedVerdicts(V1_CONTENT.verdicts.map((v) => v.key))).size).toBe(3);
    expect(await getDraft('humaneval', 'HumanEval/0')).toEqual(V1_CONTENT.drafts[0]);
    expect(await getDraft('sha256-abc', 'test/0')).toEqual(V1_CONTENT.drafts[1]);
    expect(await getDataset('sha256-abc')).toEqual(V1_CONTENT.datasets[0]);
    expect(await getSetting('timeoutMs')).toBe(5000);
    expect(await getSetting('activeDatasetId')).toBe('sha256-abc');
  });

  it('creates the current schema from nothing', async () => {
    const db = await database();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'datasets',
      'drafts',
      'plusDatasets',
      'plusExpected',
      'plusVerdicts',
      'runSamples',
      'runs',
      'settings',
      'verdicts',
    ]);
    expect([...db.transaction('runs').store.indexNames].sort()).toEqual(['by-created', 'by-fingerprint']);
  });
});
