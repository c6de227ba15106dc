/**
 * "Extract code from chat output": an opt-in, visible step for chat-model samples. The reference runs
 * `prompt + completion` verbatim (ARCHITECTURE.md, "From problems to verdicts"), so a fenced
 * answer fails 164/164 with a SyntaxError. This step undoes the three habits of chat models that cause it —
 * a markdown fence around the code, the prompt repeated before the body, and prose after (or before)
 * the code — and says what it changed, so the user can see it as a diff per sample.
 */
import type { Problem } from './problems.ts';
import type { SampleCode } from './program.ts';

/** What extraction did to one sample, in the order it was done. */
export type ExtractionStep = 'fence' | 'prompt' | 'prose';

export interface ExtractionResult {
  code: SampleCode;
  /** The code differs from the input. */
  changed: boolean;
  steps: ExtractionStep[];
}

/** Human-readable names of the steps, for the diff view. */
export const STEP_LABELS: Record<ExtractionStep, string> = {
  fence: 'took the code out of a markdown fence',
  prompt: 'removed the repeated prompt',
  prose: 'removed prose around the code',
};

// An opening fence (``` or ~~~, optionally with a language), its body, and the matching close.
const FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+.#-]*)[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/gm;
// A fence the model opened and never closed (the output was cut off).
const OPEN_FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+.#-]*)[^\n]*\n([\s\S]*)$/m;
const BARE_FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/m;
const PYTHON_LANGS = new Set(['', 'python', 'py', 'python3', 'py3']);

const KEYWORD_START =
  /^(?:def|class|import|from|if|elif|else|for|while|try|except|finally|with|return|assert|raise|print|async|await|pass|break|continue|global|nonlocal|lambda|yield|del|match|case)\b/;
// Statements that start with a name: assignment, call, subscript, attribute, annotation, tuple target.
const NAME_START = /^[A-Za-z_][\w.]*(?:\[[^\]]*\])*\s*(?:[-+*/%&|^@]?=|\*\*=|\/\/=|>>=|<<=|\(|:|,)/;
// `Explanation:` or `Note:` on a line of its own is prose, not an annotation (`x:` alone is no statement).
const LABEL_ONLY = /^[A-Za-z_]\w*:\s*$/;

/** True for a line at column 0 that reads as Python rather than as prose. */
function looksLikeCode(line: string): boolean {
  if (/^\s/.test(line) || line.length === 0) return true;
  if (/^[@#)\]}'"([{]/.test(line)) return true;
  if (KEYWORD_START.test(line)) return true;
  if (LABEL_ONLY.test(line)) return false;
  return NAME_START.test(line);
}

/** Whether each line begins inside a triple-quoted string (so prose-looking docstring lines are kept). */
function insideTripleQuotes(lines: readonly string[]): boolean[] {
  const inside: boolean[] = [];
  let open: string | undefined;
  for (const line of lines) {
    inside.push(open !== undefined);
    for (let i = 0; i < line.length; ) {
      const three = line.slice(i, i + 3);
      if (open === undefined && (three === '"""' || three === "'''")) {
        open = three;
        i += 3;
      } else if (open !== undefined && three === open) {
        open = undefined;
        i += 3;
      } else {
        i += line[i] === '\\' ? 2 : 1;
      }
    }
  }
  return inside;
}

/** True when every non-blank line of the text reads as code (and there is one). */
function allCode(text: string): boolean {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.length > 0 && lines.every(looksLikeCode);
}

/** The best fenced block: a Python one defining the entry point, else the longest Python one. */
function fromFence(text: string, entryPoint: string): string | undefined {
  // Code, then a bare fence: the model continued the prompt and closed a fence it never opened.
  const bare = BARE_FENCE.exec(text);
  if (bare && allCode(text.slice(0, bare.index))) return text.slice(0, bare.index);
  const blocks = [...text.matchAll(FENCE)].map((m) => ({ lang: m[2].toLowerCase(), body: m[3] }));
  if (blocks.length === 0) {
    const open = OPEN_FENCE.exec(text);
    return open && PYTHON_LANGS.has(open[2].toLowerCase()) ? open[3] : undefined;
  }
  const python = blocks.filter((b) => PYTHON_LANGS.has(b.lang));
  const pool = python.length > 0 ? python : blocks;
  const defines = new RegExp(`^\\s*(?:async\\s+)?def\\s+${escapeRegExp(entryPoint)}\\s*\\(`, 'm');
  const chosen = pool.find((b) => defines.test(b.body)) ?? pool.reduce((a, b) => (b.body.length > a.body.length ? b : a));
  return chosen.body;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The code without the prompt repeated at its start (exactly, or as the stripped prompt). */
function withoutPrompt(text: string, prompt: string): string | undefined {
  if (prompt.length > 0 && text.startsWith(prompt)) return text.slice(prompt.length);
  const trimmed = prompt.trim();
  const start = text.length - text.trimStart().length;
  if (trimmed.length > 0 && text.startsWith(trimmed, start)) return text.slice(start + trimmed.length);
  return undefined;
}

/** Drops prose lines before the code starts and everything from the first prose line after it. */
function withoutProse(text: string): string {
  const lines = text.split('\n');
  const inString = insideTripleQuotes(lines);
  let first = 0;
  while (first < lines.length && lines[first].trim() !== '' && !looksLikeCode(lines[first])) first++;
  // Only leading lines that are all prose go; a blank line between them and the code is dropped too.
  if (first > 0) while (first < lines.length && lines[first].trim() === '') first++;
  let end = lines.length;
  for (let i = first; i < lines.length; i++) {
    if (!inString[i] && lines[i].trim() !== '' && !looksLikeCode(lines[i])) {
      end = i;
      break;
    }
  }
  if (first === 0 && end === lines.length) return text;
  let kept = lines.slice(first, end);
  // Blank lines left between the code and the cut prose carry nothing.
  if (end < lines.length) while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept = kept.slice(0, -1);
  return kept.join('\n') + (end < lines.length && kept.length > 0 ? '\n' : '');
}

/** Extracts the code from one sample's chat output; unchanged input comes back with `changed: false`. */
export function extractCode(code: SampleCode, problem: Pick<Problem, 'prompt' | 'entry_point'>): ExtractionResult {
  const isSolution = 'solution' in code;
  const input = isSolution ? code.solution : code.completion;
  const steps: ExtractionStep[] = [];
  let text = input;

  const fenced = fromFence(text, problem.entry_point);
  if (fenced !== undefined && fenced !== text) {
    text = fenced;
    steps.push('fence');
  }
  // A solution is a whole program by definition; only a completion is glued after the prompt.
  if (!isSolution) {
    const rest = withoutPrompt(text, problem.prompt);
    if (rest !== undefined) {
      text = rest;
      steps.push('prompt');
    }
  }
  const plain = withoutProse(text);
  if (plain !== text) {
    text = plain;
    steps.push('prose');
  }
  return { code: isSolution ? { solution: text } : { completion: text }, changed: text !== input, steps };
}

/** The text of a sample's code, whichever kind it is. */
export function codeText(code: SampleCode): string {
  return 'solution' in code ? code.solution : code.completion;
}

/** The code a samples line carries as written (before any extraction), by the same rule as the parser. */
export function codeOfLine(raw: string): SampleCode | undefined {
  try {
    const record = JSON.parse(raw) as Record<string, unknown>;
    if (typeof record.solution === 'string') return { solution: record.solution };
    if (typeof record.completion === 'string') return { completion: record.completion };
  } catch {
    // Not JSON: such a line never became a sample.
  }
  return undefined;
}
