/**
 * The versions in every cache key and run summary, as the built app knows them: the engine build id
 * (src/build/engine-build-id.ts, a digest of the engine's sources, so it cannot go stale) and the
 * Pyodide version, both fixed at build time. Node hosts have no build step: they call
 * `engineBuildId()` themselves and read the Pyodide version from the booted engine.
 */
export interface EngineVersions {
  engine: string;
  pyodide: string;
}

/** The build's versions; throws when the code was not built by Vite (or vitest) with the engine plugins. */
export function builtVersions(): EngineVersions {
  if (typeof __ENGINE_BUILD__ !== 'string' || typeof __PYODIDE_VERSION__ !== 'string') {
    throw new Error('__ENGINE_BUILD__ and __PYODIDE_VERSION__ are defined at build time (src/build/); this code was not built with them');
  }
  return { engine: __ENGINE_BUILD__, pyodide: __PYODIDE_VERSION__ };
}
