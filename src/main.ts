import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { createBrowserPool } from './runner/browser-pool.ts';
import { Router } from './state/router.svelte.ts';
import { Session } from './state/session.svelte.ts';
import { getSetting } from './storage/settings.ts';

// One pool for the page: the playground uses one worker at a time, batch runs use them all. Made
// before the page mounts, so its first worker's files download while the page renders.
const pool = createBrowserPool();
const session = new Session(() => pool);
const router = new Router();
mount(App, { target: document.getElementById('app')!, props: { session, router } });
void session.start();
// The limit chosen in settings; until it is read (a few ms), the reference's 3 s applies.
void getSetting('timeoutMs')
  .then((ms) => {
    if (typeof ms === 'number' && ms > 0) session.timeoutMs = ms;
  })
  .catch(() => {});
