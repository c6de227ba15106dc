/**
 * HumanEval+ expected outputs as one file: what the engine computed from the canonical solutions,
 * kept as marshalled Python values (tuples and float bits exact), with the key they were computed
 * under (the dataset's digest and the interpreter's versions). The Node cache folder and the
 * browser's IndexedDB both store these bytes.
 */
import { packedValue, packValues, type PackedValues } from './py-marshal.ts';

/** One task's expected outputs, marshalled, per part. */
export interface TaskExpected {
  base: PackedValues;
  plus: PackedValues;
}

/** Each task's expected outputs. */
export type ExpectedOutputs = Map<string, TaskExpected>;

const FORMAT = 'humaneval-plus-expected/1';

/**
 * Expected outputs depend on the dataset and on the interpreter that ran the canonical solutions
 * (HumanEval/32's Newton iteration lands elsewhere on Python 3.12+, whose `sum` is compensated).
 */
export function expectedKey(datasetSha256: string, boot: { pythonVersion: string; pyodideVersion: string }): string {
  return `${datasetSha256.slice(0, 16)}-python${boot.pythonVersion}-pyodide${boot.pyodideVersion}-marshal4`;
}

/** The file: one JSON header line (key, tasks, offsets), then every value's bytes. */
export function serializeExpected(key: string, expected: ExpectedOutputs): Uint8Array {
  const tasks = [...expected].map(([task_id, e]) => ({ task_id, base: e.base.offsets, plus: e.plus.offsets }));
  const header = new TextEncoder().encode(`${JSON.stringify({ format: FORMAT, key, tasks })}\n`);
  const bodies = [...expected.values()].flatMap((e) => [e.base.bytes, e.plus.bytes]);
  const out = new Uint8Array(header.length + bodies.reduce((a, b) => a + b.length, 0));
  out.set(header, 0);
  let at = header.length;
  for (const body of bodies) {
    out.set(body, at);
    at += body.length;
  }
  return out;
}

/** The expected outputs in a file made by `serializeExpected` under `key`; undefined for any other file. */
export function deserializeExpected(bytes: Uint8Array, key: string, shared = false): ExpectedOutputs | undefined {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return undefined;
  let header: { format?: unknown; key?: unknown; tasks?: { task_id: string; base: number[]; plus: number[] }[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline))) as typeof header;
  } catch {
    return undefined;
  }
  if (header.format !== FORMAT || header.key !== key || !Array.isArray(header.tasks)) return undefined;
  const out: ExpectedOutputs = new Map();
  let at = newline + 1;
  const take = (offsets: number[]): PackedValues | undefined => {
    const size = offsets[offsets.length - 1];
    if (!Number.isInteger(size) || at + size > bytes.length) return undefined;
    const pack = { bytes: bytes.subarray(at, at + size), offsets };
    at += size;
    // Copied into shared memory (where there is some), so every part's request shares it.
    return packValues(
      Array.from({ length: offsets.length - 1 }, (_, i) => packedValue(pack, i)),
      shared,
    );
  };
  for (const task of header.tasks) {
    const base = take(task.base);
    const plus = base && take(task.plus);
    if (!base || !plus) return undefined;
    out.set(task.task_id, { base, plus });
  }
  return at === bytes.length ? out : undefined;
}
