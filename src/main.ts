import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { createBrowserPool } from './runner/browser-pool.ts';
import { Router } from './state/router.svelte.ts';
import { Session } from './state/session.svelte.ts';

// One pool for the page: the playground uses one worker at a time, batch runs use them all.
const session = new Session(() => createBrowserPool());
const router = new Router();
mount(App, { target: document.getElementById('app')!, props: { session, router } });
void session.start();
