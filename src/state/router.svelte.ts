/**
 * Hash routing: `#/problem/HumanEval/12`, `#/batch`, `#/runs/<id>`, `#/learn`, `#/settings`. The
 * hash keeps deep links working on any static host (and from a folder of built files), and back and
 * forward come from the browser's own history.
 */
export type Route =
  | { name: 'problems'; taskId?: undefined }
  | { name: 'problem'; taskId: string }
  | { name: 'batch' }
  | { name: 'run'; runId: string }
  | { name: 'compare'; runIds: [string, string] }
  | { name: 'learn' }
  | { name: 'settings' };

/** The route for a location hash (`#/problem/HumanEval/12` → problem `HumanEval/12`). */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head, ...rest] = path.split('/');
  const tail = rest.map(decodeURIComponent).join('/');
  switch (head) {
    case 'problem':
      return tail ? { name: 'problem', taskId: tail } : { name: 'problems' };
    case 'batch':
      return { name: 'batch' };
    case 'runs':
      return tail ? { name: 'run', runId: tail } : { name: 'batch' };
    case 'compare': {
      const [a, b] = rest.map(decodeURIComponent);
      return a && b ? { name: 'compare', runIds: [a, b] } : { name: 'batch' };
    }
    case 'learn':
      return { name: 'learn' };
    case 'settings':
      return { name: 'settings' };
    default:
      return { name: 'problems' };
  }
}

/** The hash for a route; task ids keep their `/` so links read `#/problem/HumanEval/12`. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'problem':
      return `#/problem/${route.taskId.split('/').map(encodeURIComponent).join('/')}`;
    case 'run':
      return `#/runs/${encodeURIComponent(route.runId)}`;
    case 'compare':
      return `#/compare/${route.runIds.map(encodeURIComponent).join('/')}`;
    case 'problems':
      return '#/';
    default:
      return `#/${route.name}`;
  }
}

export class Router {
  #route = $state<Route>(parseHash(location.hash));

  constructor() {
    addEventListener('hashchange', () => (this.#route = parseHash(location.hash)));
  }

  get route(): Route {
    return this.#route;
  }

  /** Go to a route, adding a history entry (back returns here). */
  navigate(route: Route): void {
    const hash = routeHash(route);
    if (location.hash !== hash) location.hash = hash;
  }
}
