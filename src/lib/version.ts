/**
 * The versions in every cache key and run summary, as the built app knows them: the engine build id
 * (src/build/engine-build-id.ts, a digest of the engine's sources, so it cannot go stale), and the
 * interpreter the verdict was computed under with its Pyodide version, fixed at build time (issue 12:
 * a verdict under 3.11 is never served for 3.14, nor the reverse, because the Pyodide version is part
 * of every key). Node hosts have no build step: they call `engineBuildId()` and `nodeVersions()`.
 */
import type { PythonVersion } from './python-version.ts';

export interface EngineVersions {
  engine: string;
  /** The Pyodide release of the interpreter that computed the verdicts. */
  pyodide: string;
  /** The interpreter; the Pyodide version alone already tells the two apart in every key. */
  python?: PythonVersion;
}

/** The build's versions for `python`; throws when the code was not built by Vite (or vitest) with the engine plugins. */
export function builtVersions(python: PythonVersion): EngineVersions {
  if (typeof __ENGINE_BUILD__ !== 'string' || typeof __PYODIDE_VERSIONS__ !== 'object' || typeof __PYODIDE_VERSIONS__[python] !== 'string') {
    throw new Error('__ENGINE_BUILD__ and __PYODIDE_VERSIONS__ are defined at build time (src/build/); this code was not built with them');
  }
  return { engine: __ENGINE_BUILD__, pyodide: __PYODIDE_VERSIONS__[python], python };
}

/** The engine build id alone, for keys whose interpreter part comes from elsewhere (HumanEval+'s expected-outputs key). */
export function builtEngineId(): string {
  if (typeof __ENGINE_BUILD__ !== 'string') throw new Error('__ENGINE_BUILD__ is defined at build time (src/build/); this code was not built with it');
  return __ENGINE_BUILD__;
}
