/**
 * Traceback frames and syntax errors as the playground shows them: which input each line came
 * from (the user's completion, the prompt, the tests), that line's source, and where a click goes.
 */
import type { Segment } from './program.ts';
import type { PyError, TraceFrame } from './verdict.ts';
import { lineAt } from './completion.ts';

/** Where a click on a frame leads: a line of the editor, of the prompt, or of the tests. */
export interface FrameTarget {
  kind: 'completion' | 'prompt' | 'test';
  line: number;
  column?: number;
}

export interface FrameView {
  /** `your code`, `prompt`, `tests`, `check call`, or the file for frames outside the program. */
  where: string;
  /**
   * The line as numbered where a click leads: the tests count from their own first line; the
   * prompt, the editor (which continues the prompt's numbering) and the check call use program lines.
   */
  line: number;
  /** The program line Python reports. */
  programLine: number;
  name: string;
  source?: string;
  target?: FrameTarget;
}

export interface ProgramSources {
  prompt: string;
  completion: string;
  test: string;
}

const WHERE: Record<Segment, string> = {
  prompt: 'prompt',
  completion: 'your code',
  solution: 'solution',
  test: 'tests',
  check: 'check call',
};

function sourceOf(segment: Segment, line: number, sources: ProgramSources): string | undefined {
  if (segment === 'completion') return lineAt(sources.completion, line);
  if (segment === 'prompt') return lineAt(sources.prompt, line);
  if (segment === 'test') return lineAt(sources.test, line);
  return undefined;
}

function targetOf(segment: Segment, line: number, column?: number): FrameTarget | undefined {
  return segment === 'completion' || segment === 'prompt' || segment === 'test'
    ? { kind: segment, line, ...(column ? { column } : {}) }
    : undefined;
}

/** One frame, located in the inputs. */
export function describeFrame(frame: TraceFrame, sources: ProgramSources): FrameView {
  const { segment, segmentLine } = frame;
  if (!segment || !segmentLine) {
    return { where: frame.file, line: frame.line, programLine: frame.line, name: frame.name };
  }
  return {
    where: WHERE[segment],
    line: segment === 'test' ? segmentLine : frame.line,
    programLine: frame.line,
    name: frame.name,
    source: sourceOf(segment, segmentLine, sources)?.trim(),
    target: targetOf(segment, segmentLine),
  };
}

/** A SyntaxError's position (line, caret column), when the parser gave one inside the program. */
export function describeSyntaxError(error: PyError, sources: ProgramSources): FrameView | undefined {
  if (error.line == null || !error.segment || !error.segmentLine) return undefined;
  const source = sourceOf(error.segment, error.segmentLine, sources);
  return {
    where: WHERE[error.segment],
    line: error.segment === 'test' ? error.segmentLine : error.line,
    programLine: error.line,
    name: '',
    source,
    target: targetOf(error.segment, error.segmentLine, error.offset ?? undefined),
  };
}

/**
 * The innermost location in the user's own code: where the editor marks the error. A failing
 * assert in the tests has none (the code ran, it just returned the wrong thing).
 */
export function errorInCompletion(error: PyError): { line: number; column?: number } | undefined {
  if (error.segment === 'completion' && error.segmentLine) {
    return { line: error.segmentLine, column: error.offset ?? undefined };
  }
  const frame = [...error.traceback].reverse().find((f) => f.segment === 'completion' && f.segmentLine);
  return frame?.segmentLine ? { line: frame.segmentLine } : undefined;
}
