/**
 * The plotting library, loaded on first use so it never weighs on the playground's first paint,
 * and the options every Learn plot shares (colours from CSS variables, so light and dark both work).
 */
import type { PlotOptions } from '@observablehq/plot';

export type PlotModule = typeof import('@observablehq/plot');

let loading: Promise<PlotModule> | undefined;

/** @observablehq/plot, imported once. */
export function loadPlot(): Promise<PlotModule> {
  loading ??= import('@observablehq/plot');
  loading.catch(() => (loading = undefined));
  return loading;
}

/** Series colours, defined on the view's root in LearnView.svelte. */
export const COLORS = {
  unbiased: 'var(--learn-unbiased)',
  naive: 'var(--learn-naive)',
  simulation: 'var(--learn-simulation)',
  muted: 'var(--muted)',
} as const;

/** Options shared by every plot: transparent background, text in the page's colour. */
export function baseOptions(width: number, ariaLabel: string): PlotOptions {
  return {
    width: Math.max(280, Math.min(width, 760)),
    height: 280,
    marginLeft: 48,
    ariaLabel,
    style: { background: 'transparent', color: 'var(--fg)', fontSize: '12px', overflow: 'visible' },
  };
}
