/** The session travels through Svelte context, set once by <App>. */
import { getContext, setContext } from 'svelte';
import type { Session } from './session.svelte.ts';

const KEY = Symbol('session');

export function setSession(session: Session): Session {
  return setContext(KEY, session);
}

/** The session set by <App>; throws when a component is rendered outside it. */
export function getSession(): Session {
  const session = getContext<Session | undefined>(KEY);
  if (!session) throw new Error('getSession(): no Session in context; render this component inside <App>');
  return session;
}
