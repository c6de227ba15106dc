import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { createBrowserPool } from './runner/browser-pool.ts';
import { Session } from './state/session.svelte.ts';

// One worker: the page evaluates one sample at a time.
const session = new Session(() => createBrowserPool({ size: 1 }));
mount(App, { target: document.getElementById('app')!, props: { session } });
void session.start();
