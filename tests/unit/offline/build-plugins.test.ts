import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rolldown } from 'vite';
import { engineBuildId } from '../../../src/build/engine-build-id.ts';
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
