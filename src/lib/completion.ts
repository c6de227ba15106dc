/**
 * Helpers for the completion being written: where a fresh one starts, and how its lines relate to
 * the program the reference assembles (`prompt + completion + …`).
 */

/** Newlines in `text`: the program line a completion's line 1 sits on is this plus one. */
export function lineOffset(prompt: string): number {
  let n = 0;
  for (let i = prompt.indexOf('\n'); i !== -1; i = prompt.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * What a fresh completion starts with: the indentation of the function body, so the first thing
 * typed lands inside the function as a sample's completion would. A prompt that ends mid-line is
 * continued as it is.
 */
export function initialCompletion(prompt: string): string {
  if (!prompt.endsWith('\n')) return '';
  const last = prompt
    .split('\n')
    .filter((line) => line.trim() !== '')
    .pop();
  if (last === undefined) return '';
  const indent = /^[ \t]*/.exec(last)![0];
  return last.trimEnd().endsWith(':') ? `${indent}    ` : indent;
}

/** Line `n` (1-based) of `text`, or undefined past its end. */
export function lineAt(text: string, n: number): string | undefined {
  const lines = text.split('\n');
  return n >= 1 && n <= lines.length ? lines[n - 1] : undefined;
}

/** 1-based line and column of a character offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = lineOffset(before) + 1;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

/** Character offset of a 1-based line and column in `text` (clamped to the text). */
export function offsetAt(text: string, line: number, column = 1): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  return Math.min(offset + column - 1, end === -1 ? text.length : end);
}
