// comlink ships this adapter's types beside it but declares no `exports` entry for them.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  import type { MessagePort, Worker } from 'node:worker_threads';

  export default function nodeEndpoint(nep: Worker | MessagePort): Endpoint;
}
