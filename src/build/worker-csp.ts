/**
 * Sends the engine worker's Content-Security-Policy from the dev server and from `vite preview`, the
 * way the service worker does on a static host (src/build/security-headers.ts says why).
 */
import type { Connect, Plugin } from 'vite';
import { ENGINE_WORKER_CSP, isEngineWorkerPath } from './security-headers.ts';

function setWorkerCsp(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const pathname = (req.url ?? '').split('?')[0];
    // Set before the file is served: Node merges headers set here into the later writeHead.
    if (isEngineWorkerPath(pathname)) res.setHeader('Content-Security-Policy', ENGINE_WORKER_CSP);
    next();
  };
}

/** Adds the engine worker's CSP to its script response in dev and preview. */
export function engineWorkerCsp(): Plugin {
  return {
    name: 'humaneval:engine-worker-csp',
    configureServer(server) {
      server.middlewares.use(setWorkerCsp());
    },
    configurePreviewServer(server) {
      server.middlewares.use(setWorkerCsp());
    },
  };
}
