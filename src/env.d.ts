/// <reference types="svelte" />
/// <reference types="vite/client" />

/** The installed Pyodide version of each interpreter; its runtime files are served at `${BASE_URL}pyodide/<version>/`. */
declare const __PYODIDE_VERSIONS__: Readonly<Record<import('./lib/python-version.ts').PythonVersion, string>>;

/** Pyodide version plus a digest of the engine's sources (src/build/engine-build-id.ts): the engine version in every cache key, and the shipped snapshot's name. */
declare const __ENGINE_BUILD__: string;

/** True when the build carries the HumanEval problems at `${BASE_URL}data/HumanEval.jsonl.gz`. */
declare const __HUMANEVAL_BUNDLED__: boolean;

/** True when the build carries HumanEval+ at `${BASE_URL}data/HumanEvalPlus.jsonl.gz` (`HUMANEVALPLUS_PATH`). */
declare const __HUMANEVALPLUS_BUNDLED__: boolean;
