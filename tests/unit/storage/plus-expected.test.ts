/** HumanEval+ expected outputs in IndexedDB: stored under their key, read back byte for byte, one key kept. */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { packValues } from '../../../src/lib/py-marshal.ts';
import { resetDatabase } from '../../../src/storage/db.ts';
import { loadPlusExpected, savePlusExpected } from '../../../src/storage/plus-expected.ts';

const outputs = () =>
  new Map([
    [
      'HumanEval/0',
      {
        base: packValues([new Uint8Array([0x54]), new Uint8Array([0x46])]),
        plus: packValues([new Uint8Array([0xe9, 1, 0, 0, 0])]),
      },
    ],
  ]);

describe('plus expected outputs in IndexedDB', () => {
  beforeEach(() => resetDatabase());

  it('reads back what was stored, only under its key, and keeps only the newest key', async () => {
    await savePlusExpected('a', outputs());
    const back = await loadPlusExpected('a');
    expect([...back!.get('HumanEval/0')!.base.bytes]).toEqual([0x54, 0x46]);
    expect(back!.get('HumanEval/0')!.plus.offsets).toEqual([0, 5]);
    expect(await loadPlusExpected('b')).toBeUndefined();
    await savePlusExpected('b', outputs());
    expect(await loadPlusExpected('a')).toBeUndefined();
    expect(await loadPlusExpected('b')).toBeDefined();
  });
});
