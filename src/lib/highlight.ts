/**
 * Read-only code highlighted from Monaco's tokenizer, rendered as text nodes: no HTML string is
 * ever built from the code, so nothing in a prompt, test or completion can become markup.
 */

/** A run of text in one token class (`''` for plain text). */
export interface TokenSpan {
  text: string;
  cls: string;
}

/** What `monaco.editor.tokenize` returns per token. */
export interface RawToken {
  offset: number;
  type: string;
}

const CLASSES: [prefix: string, cls: string][] = [
  ['keyword', 'tok-keyword'],
  ['string', 'tok-string'],
  ['comment', 'tok-comment'],
  ['number', 'tok-number'],
  ['type', 'tok-type'],
  ['tag', 'tok-decorator'],
];

/** The CSS class for a Monarch token type such as `keyword.python` or `string.escape.python`. */
export function tokenClass(type: string): string {
  for (const [prefix, cls] of CLASSES) if (type.startsWith(prefix)) return cls;
  return '';
}

/** One line split into spans; adjacent tokens of the same class are merged. */
export function lineSpans(line: string, tokens: readonly RawToken[]): TokenSpan[] {
  const spans: TokenSpan[] = [];
  tokens.forEach((token, i) => {
    const text = line.slice(token.offset, tokens[i + 1]?.offset ?? line.length);
    if (!text) return;
    const cls = tokenClass(token.type);
    const last = spans.at(-1);
    if (last && last.cls === cls) last.text += text;
    else spans.push({ text, cls });
  });
  if (spans.length === 0 && line) spans.push({ text: line, cls: '' });
  return spans;
}

/** Plain (unhighlighted) spans, used until the tokenizer has loaded. */
export function plainLines(code: string): TokenSpan[][] {
  return code.split('\n').map((line) => (line ? [{ text: line, cls: '' }] : []));
}
