import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { createBrowserPool } from './runner/browser-pool.ts';
import { Router } from './state/router.svelte.ts';
import { Session } from './state/session.svelte.ts';

// One pool for the page: the playground uses one worker at a time, batch runs use them all. Made
// before the page mounts, so its first worker's files download while the page renders.
const pool = createBrowserPool();
const session = new Session(() => pool);
const router = new Router();
mount(App, { target: document.getElementById('app')!, props: { session, router } });
// Reads the settings (until then, a few ms, the reference's 3 s limit applies), then the problems.
void session.start();
