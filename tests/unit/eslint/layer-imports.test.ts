/**
 * The layer rule, run through the repository's own eslint.config.js on fixture sources placed (in
 * memory) at real paths: each crossing the rules forbid is reported, and the imports the layers
 * make every day are not, so the rule cannot quietly stop working or start flagging the tree.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The layer rule's reports for `code` placed at `path` (relative to the repository). */
async function crossings(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path, warnIgnored: true });
  // A fixture that ESLint ignores or cannot parse would pass silently: fail instead.
  const other = result.messages.filter((m) => m.ruleId !== 'local/layer-imports');
  expect(other.filter((m) => m.fatal || m.ruleId === null)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'local/layer-imports').map((m) => m.message);
}

const svelte = (imports: string) => `<script lang="ts">\n${imports}\n</script>\n\n<p>{x}</p>\n`;

describe('layer-imports: what each layer may not import', () => {
  it('keeps views away from storage and the runner, however the path is spelled', async () => {
    const found = await crossings(
      'src/components/settings/Fixture.svelte',
      svelte(`  import { clearDrafts } from '../../storage/drafts.ts';
  import type { EnginePool } from '../../runner/pool.ts';
  import { database } from '../../../src/storage/db.ts';
  const x = [clearDrafts, database] as unknown as EnginePool;`),
    );
    expect(found).toEqual([
      expect.stringMatching(/^src\/components may not import src\/storage\/drafts\.ts: /),
      expect.stringMatching(/^src\/components may not import src\/runner\/pool\.ts: /),
      expect.stringMatching(/^src\/components may not import src\/storage\/db\.ts: /),
    ]);
  });

  it('counts re-exports, dynamic imports and type-only imports in plain modules too', async () => {
    const found = await crossings(
      'src/components/batch/fixture.ts',
      `export { getRun } from '../../storage/runs.ts';
export * from '../../runner/batch.ts';
import type { BootInfo } from '../../../workers/protocol.ts';
export const load = (): Promise<unknown> => import('../../runner/node-pool.ts');
export type Boot = BootInfo;
`,
    );
    expect(found).toHaveLength(4);
    expect(found[2]).toMatch(/^src\/components may not import workers\/protocol\.ts: /);
  });

  it('keeps state from depending on views', async () => {
    const found = await crossings(
      'src/state/fixture.svelte.ts',
      `import NavBar from '../components/NavBar.svelte';
import { download } from '../components/batch/download.ts';
export const parts = [NavBar, download];
`,
    );
    expect(found).toEqual([
      expect.stringMatching(/^src\/state may not import src\/components\/NavBar\.svelte: /),
      expect.stringMatching(/^src\/state may not import src\/components\/batch\/download\.ts: /),
    ]);
  });

  it('lets src/lib import only src/lib, types included, at any depth', async () => {
    const top = await crossings(
      'src/lib/fixture.ts',
      `import type { Session } from '../state/session.svelte.ts';
import { database } from '../storage/db.ts';
import type { RunReply } from '../../workers/protocol.ts';
import type { App } from '../main.ts';
export type T = [Session, typeof database, RunReply, App];
`,
    );
    expect(top).toHaveLength(4);
    const nested = await crossings(
      'src/lib/learn/fixture.ts',
      `import { estimatePassAtK } from '../pass-at-k.ts';
import type { EnginePool } from '../../runner/pool.ts';
export const f = (pool: EnginePool) => [pool, estimatePassAtK];
`,
    );
    expect(nested).toEqual([expect.stringMatching(/^src\/lib may not import src\/runner\/pool\.ts: /)]);
  });

  it('keeps the engine (workers/) away from the page', async () => {
    const found = await crossings(
      'workers/fixture.ts',
      `import type { Session } from '../src/state/session.svelte.ts';
import { getDraft } from '../src/storage/drafts.ts';
import type { EnginePool } from '../src/runner/pool.ts';
import type NavBar from '../src/components/NavBar.svelte';
import type { PyError } from '../src/lib/verdict.ts';
export type T = [Session, typeof getDraft, EnginePool, typeof NavBar, PyError];
`,
    );
    expect(found.map((m) => m.split(':')[0])).toEqual([
      'workers may not import src/state/session.svelte.ts',
      'workers may not import src/storage/drafts.ts',
      'workers may not import src/runner/pool.ts',
      'workers may not import src/components/NavBar.svelte',
    ]);
  });

  it('keeps storage and the runner from climbing back up to state', async () => {
    expect(
      await crossings(
        'src/storage/fixture.ts',
        `import type { Session } from '../state/session.svelte.ts';\nexport type S = Session;\n`,
      ),
    ).toHaveLength(1);
    expect(
      await crossings(
        'src/runner/fixture.ts',
        `import { database } from '../storage/db.ts';\nexport const d = database;\n`,
      ),
    ).toHaveLength(1);
  });
});

describe('layer-imports: what the layers do import', () => {
  it('reports nothing for the arrows the architecture allows', async () => {
    const view = await crossings(
      'src/components/playground/Fixture.svelte',
      svelte(`  import { getSession } from '../../state/context.ts';
  import { lineOffset } from '../../lib/completion.ts';
  import CodeBlock from './CodeBlock.svelte';
  import { loadMonaco } from '../editor/load.ts';
  import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
  const x = [getSession, lineOffset, CodeBlock, loadMonaco, EditorWorker];`),
    );
    const state = await crossings(
      'src/state/fixture.svelte.ts',
      `import { getDraft } from '../storage/drafts.ts';
import type { EnginePool } from '../runner/pool.ts';
import type { BootInfo } from '../../workers/protocol.ts';
import { verdictCacheKey } from '../lib/cache-key.ts';
import { Session } from './session.svelte.ts';
export type T = [typeof getDraft, EnginePool, BootInfo, typeof verdictCacheKey, Session];
`,
    );
    const worker = await crossings(
      'workers/fixture.ts',
      `import type { PyError } from '../src/lib/verdict.ts';
import harness from './harness.py?raw';
import { loadPyodide } from 'pyodide';
export const t = [harness, loadPyodide] as unknown as PyError;
`,
    );
    expect([...view, ...state, ...worker]).toEqual([]);
  });
});
