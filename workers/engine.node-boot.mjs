// worker_threads cannot start from a .ts file on Node 20 (an --import hook is not applied to a
// worker's entry), so the Node engine worker starts here and loads the TypeScript through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./engine.node.ts');
