/**
 * Why timeouts do or do not interrupt in place on this page. Interrupting needs SharedArrayBuffer,
 * which needs cross-origin isolation, which needs a secure context and COOP/COEP on the page: sent
 * by the server, or added by our service worker once it controls the page (src/sw.ts). Without it
 * the engine terminates and respawns the worker instead: slower, same verdicts.
 */

/** What the browser tells us about this page. */
export interface IsolationFacts {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  secureContext: boolean;
  serviceWorkerSupported: boolean;
  /** A service worker served this page (false on a first visit and after a hard reload). */
  controlled: boolean;
  /** Our service worker is installed and active (so the next load would come through it). */
  registered: boolean;
}

export interface IsolationStatus {
  /** Timeouts interrupt in place (else: terminate and respawn). */
  interrupts: boolean;
  mode: 'Timeouts interrupt in place' | 'Timeouts terminate and respawn';
  why: string;
  /** A plain reload would turn isolation on (the service worker is there but did not serve this page). */
  reloadHelps: boolean;
}

const INTERRUPT = 'Timeouts interrupt in place';
const RESPAWN = 'Timeouts terminate and respawn';
const FALLBACK =
  ' A sample that runs past its limit has its worker terminated and a new one started instead of ' +
  'being interrupted: slower, with identical verdicts.';

/** Reads the facts from the current page. */
export function currentIsolationFacts(): IsolationFacts {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
    secureContext: globalThis.isSecureContext === true,
    serviceWorkerSupported: typeof navigator !== 'undefined' && 'serviceWorker' in navigator,
    controlled: typeof navigator !== 'undefined' && Boolean(navigator.serviceWorker?.controller),
    // Unknown synchronously; `withRegistration` fills it in.
    registered: false,
  };
}

/** The facts with `registered` read from the browser (it is only known asynchronously). */
export async function withRegistration(facts: IsolationFacts): Promise<IsolationFacts> {
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
  return { ...facts, registered: Boolean(registration?.active) };
}

/** The mode timeouts run in, and why, in words for the settings page. */
export function isolationStatus(facts: IsolationFacts): IsolationStatus {
  if (facts.crossOriginIsolated && facts.sharedArrayBuffer) {
    const by = facts.controlled ? "this app's service worker (or the server)" : 'the server';
    return {
      interrupts: true,
      mode: INTERRUPT,
      why:
        `The page is cross-origin isolated (COOP/COEP headers from ${by}), so SharedArrayBuffer is ` +
        'available: a sample past its limit is interrupted and the same warm interpreter runs the next one.',
      reloadHelps: false,
    };
  }
  const respawn = (why: string, reloadHelps = false): IsolationStatus => ({
    interrupts: false,
    mode: RESPAWN,
    why: why + FALLBACK,
    reloadHelps,
  });
  if (!facts.secureContext) {
    return respawn(
      'This page is not a secure context (HTTPS or localhost), so the browser offers neither ' +
        'SharedArrayBuffer nor service workers.',
    );
  }
  if (!facts.serviceWorkerSupported) {
    return respawn(
      'The server sent no COOP/COEP headers and this browser offers no service worker here (some ' +
        'private-browsing modes turn them off) to add them.',
    );
  }
  if (!facts.controlled && !facts.registered) {
    return respawn(
      'The server sent no COOP/COEP headers, and the service worker that adds them is not installed ' +
        'yet (it installs once everything the app needs is downloaded, or it was blocked).',
    );
  }
  if (!facts.controlled) {
    return respawn(
      'The service worker was not in control when this page loaded (the first visit, or a hard ' +
        'reload), so the page came without COOP/COEP. Reload once to turn isolation on.',
      true,
    );
  }
  return respawn(
    'The service worker served this page with COOP/COEP, but the browser did not isolate it (it ' +
      'may not support cross-origin isolation).',
  );
}
