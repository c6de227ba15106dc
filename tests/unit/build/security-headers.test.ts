import { describe, expect, it } from 'vitest';
import {
  ENGINE_WORKER_CSP,
  isEngineWorkerPath,
  serviceWorkerHeaders,
} from '../../../src/build/security-headers.ts';

describe('engine worker CSP', () => {
  it('recognises the engine worker script, built or in dev, and nothing else', () => {
    for (const path of ['/assets/engine.worker-Pv-XaLD4.js', '/base/assets/engine.worker-abc_12.js', '/workers/engine.worker.ts']) {
      expect(isEngineWorkerPath(path), path).toBe(true);
    }
    for (const path of ['/assets/editor.worker-CX7Cj20z.js', '/assets/index-Dy.js', '/engine.worker.ts.map', '/workers/engine.node.ts']) {
      expect(isEngineWorkerPath(path), path).toBe(false);
    }
  });

  it('forbids string evaluation and other origins, allows only our scripts and wasm', () => {
    expect(ENGINE_WORKER_CSP).toBe("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'");
  });

  it('adds COOP, COEP and CORP to every response, and the CSP to the worker only', () => {
    const page = serviceWorkerHeaders('/');
    expect(page).toEqual({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    expect(serviceWorkerHeaders('/assets/engine.worker-x.js')).toEqual({
      ...page,
      'Content-Security-Policy': ENGINE_WORKER_CSP,
    });
  });
});
