/** The CLI's one-line progress report. */
import type { BatchProgress } from '../runner/batch.ts';

function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** e.g. `1200/16400 samples, 412.3/s, ETA 37s (passed 800, failed 390, timed out 10)` */
export function formatProgress(p: BatchProgress): string {
  return (
    `${p.done}/${p.total} samples, ${p.samplesPerSecond.toFixed(1)}/s, ETA ${duration(p.done === p.total ? 0 : p.etaMs)} ` +
    `(passed ${p.passed}, failed ${p.failed}, timed out ${p.timedOut})`
  );
}
