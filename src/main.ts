import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { createBrowserPool, keepInterpreterOffline } from './runner/browser-pool.ts';
import { Router } from './state/router.svelte.ts';
import { Session } from './state/session.svelte.ts';
import { Settings } from './state/settings.svelte.ts';

// One pool for the page: the playground uses one worker at a time, batch runs use them all. Made
// before the page mounts, so its first worker's files download while the page renders; for the
// interpreter chosen last (localStorage, read synchronously), 3.11 by default. Switching the
// interpreter in the settings replaces it.
const settings = new Settings();
const first = createBrowserPool({ python: settings.python });
let handedOut = false;
const session = new Session((python) => {
  const pool = !handedOut && python === first.options.python ? first : createBrowserPool({ python });
  handedOut = true;
  // Only the default interpreter is precached; the chosen one is kept once it has booted.
  void pool.ready.then(() => keepInterpreterOffline(python)).catch(() => {});
  return pool;
}, settings);
const router = new Router();
mount(App, { target: document.getElementById('app')!, props: { session, router } });
// Reads the settings (until then, a few ms, the reference's 3 s limit applies), then the problems.
void session.start();
