import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../../src/lib/md5.ts';

const PLUS_PATH = process.env.HUMANEVALPLUS_PATH ?? '/work/shared/data/HumanEvalPlus.jsonl.gz';
const node = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

describe('md5Hex', () => {
  it('matches RFC 1321 and Node on every length around a block boundary', () => {
    expect(md5Hex(new Uint8Array())).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex(new TextEncoder().encode('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    for (let n = 50; n < 140; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(md5Hex(bytes)).toBe(node(bytes));
    }
  });

  it('gives HumanEval+ the hash EvalPlus writes', () => {
    const bytes = new Uint8Array(readFileSync(PLUS_PATH));
    expect(md5Hex(bytes)).toBe(node(bytes));
  });
});
