/**
 * The engine's version: part of every cached verdict's key and of every run summary. Bump it when a
 * change to the harness, the pool or program assembly can change a verdict.
 */
export const ENGINE_VERSION = '2.0.0';
