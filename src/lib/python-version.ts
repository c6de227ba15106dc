/**
 * The two interpreters the engine ships (issue 12): CPython 3.11 from Pyodide 0.25 (the reference's
 * Python, and the default) and CPython 3.14 from Pyodide 314. Which one ran is part of every
 * verdict: it decides the Pyodide version in every cache key, stored run and summary.
 */
export const PYTHON_VERSIONS = ['3.11', '3.14'] as const;
export type PythonVersion = (typeof PYTHON_VERSIONS)[number];

/** The reference's harness is run on CPython 3.8-3.12, most often 3.11 (EvalPlus's image). */
export const DEFAULT_PYTHON: PythonVersion = '3.11';

/** The npm package each interpreter comes from (package.json: `pyodide-0.25` is an alias of pyodide@0.25.1). */
export const PYODIDE_PACKAGES: Readonly<Record<PythonVersion, string>> = {
  '3.11': 'pyodide-0.25',
  '3.14': 'pyodide',
};

/** Where the page keeps the user's choice (localStorage: the first worker boots before IndexedDB could be read). */
export const PYTHON_KEY = 'humaneval-playground:python';

export function isPythonVersion(value: unknown): value is PythonVersion {
  return typeof value === 'string' && (PYTHON_VERSIONS as readonly string[]).includes(value);
}

/** `3.11`, `3.14` or a comma-separated list of them (the CLI's `--python`); throws on anything else. */
export function parsePythonVersions(text: string): PythonVersion[] {
  const versions = text.split(',').map((part) => part.trim());
  const bad = versions.filter((version) => !isPythonVersion(version));
  if (versions.length === 0 || bad.length > 0) {
    throw new Error(`unknown Python version ${JSON.stringify(bad[0] ?? text)}: expected one of ${PYTHON_VERSIONS.join(', ')}`);
  }
  return [...new Set(versions as PythonVersion[])];
}

/** The other interpreter (a batch re-run under "the other version"). */
export function otherPython(version: PythonVersion): PythonVersion {
  return version === '3.11' ? '3.14' : '3.11';
}
