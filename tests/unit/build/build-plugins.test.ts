import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rolldown } from 'vite';
import { gunzipSync } from 'node:zlib';
import { engineBuildId } from '../../../src/build/engine-build-id.ts';
import { engineSnapshot } from '../../../src/build/engine-snapshot.ts';
import { PYODIDE_VERSION } from '../../../src/build/pyodide-assets.ts';
import { initialFiles } from '../../../src/build/size-report.ts';

describe('engineBuildId', () => {
  it('names the Pyodide version and changes with any engine source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-'));
    writeFileSync(join(dir, 'harness.py'), 'x = 1\n');
    const before = engineBuildId(dir);
    expect(before).toMatch(new RegExp(`^${PYODIDE_VERSION.replaceAll('.', '\\.')}-[0-9a-f]{16}$`));
    expect(engineBuildId(dir)).toBe(before);
    writeFileSync(join(dir, 'harness.py'), 'x = 2\n');
    expect(engineBuildId(dir)).not.toBe(before);
  });
});

describe('engine snapshot plugin', () => {
  it("emits the engine's snapshot, gzipped, under the name the page asks for", async () => {
    const emitted: { type: string; fileName: string; source: Uint8Array }[] = [];
    const warnings: string[] = [];
    const context = { emitFile: (file: (typeof emitted)[number]) => void emitted.push(file), warn: (w: string) => void warnings.push(w) };
    const hook = engineSnapshot().generateBundle as unknown as (this: typeof context) => Promise<void>;
    await hook.call(context);
    expect(warnings).toEqual([]);
    expect(emitted.map((f) => f.fileName)).toEqual([`engine/${engineBuildId()}.snapshot.gz`]);
    const snapshot = gunzipSync(emitted[0].source);
    // Pyodide's magic number, little-endian.
    expect([...snapshot.subarray(0, 4)]).toEqual([0x00, 0x73, 0x6e, 0x70]);
  });
});

describe('size report', () => {
  const chunk = (fileName: string, extra: Record<string, unknown>) =>
    ({ type: 'chunk', fileName, code: '', imports: [], isEntry: false, ...extra }) as unknown as Rolldown.OutputChunk;

  it('counts entries, their static imports and CSS as initial; dynamic chunks as lazy', () => {
    const bundle = {
      'index.js': chunk('index.js', {
        isEntry: true,
        imports: ['shared.js'],
        dynamicImports: ['monaco.js'],
        viteMetadata: { importedCss: new Set(['index.css']) },
      }),
      'shared.js': chunk('shared.js', { imports: ['index.js'] }),
      'monaco.js': chunk('monaco.js', { imports: ['shared.js'], viteMetadata: { importedCss: new Set(['monaco.css']) } }),
    } as unknown as Rolldown.OutputBundle;
    expect([...initialFiles(bundle)].sort()).toEqual(['index.css', 'index.js', 'shared.js']);
  });
});
