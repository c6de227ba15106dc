/**
 * Registers the service worker (src/sw.ts) and turns what it does into one prompt for the banner:
 * - `update`: a new version is installed and waiting. It takes over only when the user says so,
 *   and the page then reloads, so no page ever runs half of one build and half of another.
 * - `taken-over`: another tab accepted a new version, so this tab's lazy chunks may be gone.
 * - `isolation`: the first visit finished caching everything (the app now works offline), but the
 *   page was loaded before the worker could add COOP/COEP. We ask instead of reloading on our own:
 *   an automatic reload could throw away a running batch or a half-typed completion, coi-style
 *   automatic reloads are known to loop (gzuidhof/coi-serviceworker#5, #24, #30), and until the
 *   reload the engine is correct anyway, only slower to stop a runaway sample.
 */
import type { Workbox } from 'workbox-window';
import { currentIsolationFacts, isolationStatus } from '../lib/isolation.ts';

export type UpdatePrompt = 'none' | 'update' | 'taken-over' | 'isolation';

/** Set when the user reloads for isolation, so a browser that still cannot isolate is not asked again. */
const ISOLATION_RELOAD_KEY = 'humaneval:isolation-reload';
/** Long-lived tabs look for a new version this often (the browser also checks on every navigation). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;
/** If the new worker has not taken control by then, reload anyway: the new version loads next time. */
const TAKEOVER_TIMEOUT_MS = 5000;

function isolationReloadTried(): boolean {
  try {
    return sessionStorage.getItem(ISOLATION_RELOAD_KEY) !== null;
  } catch {
    return false;
  }
}

export class AppUpdates {
  #prompt = $state<UpdatePrompt>('none');
  #offlineReady = $state(false);
  #wb: Workbox | undefined;
  #accepting = false;

  /** What the banner should offer, if anything. */
  get prompt(): UpdatePrompt {
    return this.#prompt;
  }
  /** Everything the app needs is cached: it works with the network off from now on. */
  get offlineReady(): boolean {
    return this.#offlineReady;
  }

  /** Register the service worker (production builds only; the dev server sends the headers). */
  async start(): Promise<void> {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
    this.#wb = wb;
    wb.addEventListener('waiting', () => (this.#prompt = 'update'));
    wb.addEventListener('controlling', (event) => {
      if (this.#accepting) return location.reload();
      if (event.isUpdate || event.isExternal) this.#prompt = 'taken-over';
      else this.#offerIsolation();
    });
    const registration = await wb.register();
    if (registration?.active) {
      this.#offlineReady = true;
      // A hard reload bypasses the worker: the page is offline-ready but came without the headers.
      if (!navigator.serviceWorker.controller) this.#offerIsolation();
    }
    setInterval(() => void wb.update(), UPDATE_CHECK_MS);
  }

  /** Reload into the new version (or, for the isolation prompt, into an isolated page). */
  reload(): void {
    if (this.#prompt === 'update' && this.#wb) {
      this.#accepting = true;
      this.#wb.messageSkipWaiting();
      setTimeout(() => location.reload(), TAKEOVER_TIMEOUT_MS);
      return;
    }
    if (this.#prompt === 'isolation') {
      try {
        sessionStorage.setItem(ISOLATION_RELOAD_KEY, String(Date.now()));
      } catch {
        // Storage is off: the prompt may come back once more, which is harmless.
      }
    }
    location.reload();
  }

  /** Hide the prompt until something new happens. */
  dismiss(): void {
    this.#prompt = 'none';
  }

  #offerIsolation(): void {
    this.#offlineReady = true;
    if (this.#prompt !== 'none' || isolationReloadTried()) return;
    // Only if the reload would actually help: the page is not isolated and the worker can fix that.
    const facts = { ...currentIsolationFacts(), controlled: false, registered: true };
    if (isolationStatus(facts).reloadHelps) this.#prompt = 'isolation';
  }
}
