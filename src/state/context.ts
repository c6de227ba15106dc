/** The session, the router and the playground travel through Svelte context, set once by <App>. */
import { getContext, setContext } from 'svelte';
import type { Playground } from './playground.svelte.ts';
import type { PlusData } from './plus-data.svelte.ts';
import type { Router } from './router.svelte.ts';
import type { Session } from './session.svelte.ts';

const SESSION = Symbol('session');
const ROUTER = Symbol('router');
const PLAYGROUND = Symbol('playground');
const PLUS = Symbol('plus');

export function setSession(session: Session): Session {
  return setContext(SESSION, session);
}

/** The session set by <App>; throws when a component is rendered outside it. */
export function getSession(): Session {
  const session = getContext<Session | undefined>(SESSION);
  if (!session) throw new Error('getSession(): no Session in context; render this component inside <App>');
  return session;
}

export function setRouter(router: Router): Router {
  return setContext(ROUTER, router);
}

/** The router set by <App>; throws when a component is rendered outside it. */
export function getRouter(): Router {
  const router = getContext<Router | undefined>(ROUTER);
  if (!router) throw new Error('getRouter(): no Router in context; render this component inside <App>');
  return router;
}

export function setPlayground(playground: Playground): Playground {
  return setContext(PLAYGROUND, playground);
}

/** The playground set by <App>; throws when a component is rendered outside it. */
export function getPlayground(): Playground {
  const playground = getContext<Playground | undefined>(PLAYGROUND);
  if (!playground) throw new Error('getPlayground(): no Playground in context; render this component inside <App>');
  return playground;
}

export function setPlusData(plus: PlusData): PlusData {
  return setContext(PLUS, plus);
}

/** HumanEval+'s dataset and expected outputs, set by <App>; throws when a component is rendered outside it. */
export function getPlusData(): PlusData {
  const plus = getContext<PlusData | undefined>(PLUS);
  if (!plus) throw new Error('getPlusData(): no PlusData in context; render this component inside <App>');
  return plus;
}
