/**
 * Program assembly, byte for byte as openai/human-eval's `check_correctness` does it, plus a map
 * from program lines back to the input they came from (for tracebacks in the UI).
 */
import type { Problem } from './problems.ts';

/** Which input a line of the assembled program came from. */
export type Segment = 'prompt' | 'completion' | 'solution' | 'test' | 'check';

/** Where one input's own text sits in the program (1-based program lines, inclusive). */
export interface SegmentSpan {
  segment: Segment;
  /** Program line holding the segment's first character. */
  start: number;
  /** Program line holding its last character. */
  end: number;
}

export interface AssembledProgram {
  program: string;
  spans: SegmentSpan[];
}

/** What a sample contributes: a human-eval `completion` (body) or an EvalPlus `solution` (full program). */
export type SampleCode = { completion: string } | { solution: string };

function countNewlines(text: string, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * `prompt + completion + "\n" + test + "\n" + "check(" + entry_point + ")"`, the reference's exact
 * program; an EvalPlus `solution` takes the place of `prompt + completion`.
 */
export function assembleProgram(problem: Problem, code: SampleCode): AssembledProgram {
  const parts: [Segment | null, string][] =
    'solution' in code
      ? [['solution', code.solution]]
      : [
          ['prompt', problem.prompt],
          ['completion', code.completion],
        ];
  parts.push([null, '\n'], ['test', problem.test], [null, '\n'], ['check', `check(${problem.entry_point})`]);
  const spans: SegmentSpan[] = [];
  let line = 1;
  for (const [segment, text] of parts) {
    if (segment && text.length > 0) {
      spans.push({ segment, start: line, end: line + countNewlines(text, text.length - 1) });
    }
    line += countNewlines(text);
  }
  return { program: parts.map(([, text]) => text).join(''), spans };
}

/**
 * The input a program line belongs to and the line number within that input (1-based). A line
 * shared by two inputs (a prompt without a final newline) is given to the later one.
 */
export function locateLine(
  assembled: AssembledProgram,
  programLine: number,
): { segment: Segment; line: number } | undefined {
  for (let i = assembled.spans.length - 1; i >= 0; i--) {
    const span = assembled.spans[i];
    if (programLine >= span.start && programLine <= span.end) {
      return { segment: span.segment, line: programLine - span.start + 1 };
    }
  }
  return undefined;
}
