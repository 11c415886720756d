import { InvalidInputError } from '@em/core';
import { max, min } from 'd3-array';
import { line } from 'd3-shape';
import { num } from './format.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el } from './svg/element.js';
import { componentColour } from './theme.js';
import type { Tick } from './ticks.js';

/**
 * A log-likelihood history, or an EM result carrying one (`runEM`'s result, a fitted model's).
 *
 * @example
 * ```ts
 * import { convergenceSvg, type ConvergenceInput } from '@em/plot';
 * const fromResult: ConvergenceInput = { history: [-50, -42, -41.9], stopReason: 'converged' };
 * convergenceSvg(fromResult);
 * ```
 */
export type ConvergenceInput =
  | ArrayLike<number>
  | { history: ArrayLike<number>; converged?: boolean; stopReason?: string };

/**
 * Everything needed to draw a convergence chart with any library.
 *
 * @example
 * ```ts
 * import { convergenceGeometry, type ConvergenceGeometry } from '@em/plot';
 * const g: ConvergenceGeometry = convergenceGeometry(new Float64Array([-3, -2]));
 * g.points; // [[1, -3], [2, -2]]
 * ```
 */
export interface ConvergenceGeometry {
  /** `[iteration, logLikelihood]`, iterations counted from 1. */
  points: [number, number][];
  /** x-axis range in iterations, `[0.7, max(2, n) + 0.3]`, so the first and last points sit off the frame. */
  xDomain: [number, number];
  /**
   * y-axis range in log-likelihood units: the history's range widened to at least
   * 1e-3 × max(1, |log-likelihood|), then rounded outwards to nice tick values.
   */
  yDomain: [number, number];
  /** Whole-number iteration ticks from 1 to max(2, n). */
  xTicks: Tick[];
  /** Log-likelihood ticks within `yDomain`. */
  yTicks: Tick[];
}

/**
 * The y-range widened, around its middle, to at least 1e-3 × max(1, |middle|). Without a floor a change
 * of 1e-8 would fill the chart's height and need 9-decimal tick labels; at this floor a change below
 * the EM loop's default tolerance (1e-3, absolute, for per-sample log-likelihoods of order 1) draws as
 * a flat line, and d3-format's precision for the tick step stays at 4 significant decimals or fewer.
 */
function withMinimumSpan(lo: number, hi: number): [number, number] {
  const middle = lo / 2 + hi / 2; // (lo + hi) / 2 overflows near ±1.8e308
  const minimum = 1e-3 * Math.max(1, Math.abs(middle));
  if (hi - lo >= minimum) return [lo, hi];
  return [middle - minimum / 2, middle + minimum / 2];
}

function build(input: ConvergenceInput, options: ChartOptions | undefined) {
  const resolved = resolveOptions(options, { xLabel: 'iteration', yLabel: 'log-likelihood' });
  const isResult =
    typeof input === 'object' && input !== null && 'history' in input && !ArrayBuffer.isView(input);
  const history = isResult ? (input as { history: unknown }).history : input;
  const argument = isResult ? 'result.history' : 'history';
  if (!(Array.isArray(history) || (ArrayBuffer.isView(history) && !(history instanceof DataView))))
    throw new InvalidInputError(argument, 'an array of log-likelihoods', history);
  const values = history as ArrayLike<unknown>;
  if (values.length === 0) throw new InvalidInputError(argument, 'at least one log-likelihood', history);
  const points = Array.from(values, (v, i): [number, number] => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidInputError(argument, 'a finite log-likelihood', v, { row: i });
    return [i + 1, v];
  });
  const ys = points.map((q) => q[1]);
  // d3's min/max loop: spreading a long history into Math.min overflows the call stack.
  const yDomain = withMinimumSpan(min(ys)!, max(ys)!);
  const layout = layoutChart({
    kind: 'convergence',
    options: resolved,
    legend: [],
    // A little room either side keeps the first and last points off the frame.
    x: { domain: [0.7, Math.max(2, points.length) + 0.3], integer: true },
    y: { domain: yDomain, nice: true },
  });
  const geometry: ConvergenceGeometry = {
    points,
    xDomain: layout.xScale.domain() as [number, number],
    yDomain: layout.yScale.domain() as [number, number],
    xTicks: layout.xTicks.filter((t) => t.value >= 1 && t.value <= Math.max(2, points.length)),
    yTicks: layout.yTicks,
  };
  const meta = isResult ? (input as { converged?: unknown; stopReason?: unknown }) : {};
  const status =
    typeof meta.stopReason === 'string'
      ? ` Stopped: ${meta.stopReason}.`
      : typeof meta.converged === 'boolean'
        ? meta.converged
          ? ' Converged.'
          : ' Did not converge.'
        : '';
  const last = points[points.length - 1]!;
  const change = points.length > 1 ? ` (last change ${num(last[1] - points[points.length - 2]![1])})` : '';
  const description = `Log-likelihood over ${points.length} EM iteration${points.length === 1 ? '' : 's'}, from ${num(points[0]![1])} to ${num(last[1])}${change}.${status}`;
  return { geometry, layout, resolved, description };
}

/**
 * Convergence geometry: the log-likelihood at each iteration, with domains and ticks.
 *
 * @example
 * ```ts
 * import { convergenceGeometry } from '@em/plot';
 * convergenceGeometry([-120.5, -101.2, -99.8]).points; // [[1, -120.5], [2, -101.2], [3, -99.8]]
 * ```
 */
export function convergenceGeometry(input: ConvergenceInput, options?: ChartOptions): ConvergenceGeometry {
  return build(input, options).geometry;
}

/**
 * Log-likelihood per EM iteration as a standalone SVG string. Takes the history array or the EM result
 * itself (`runEM`'s result has `history` and `stopReason`). The y-axis spans at least
 * 1e-3 × max(1, |log-likelihood|), so a run whose log-likelihood barely moves draws as a flat line with
 * short tick labels instead of magnifying rounding noise to the full height.
 *
 * Marks carry stable hooks for styling and tests: the curve is `path.em-line`, and each iteration's dot
 * (drawn up to 60 iterations) is `circle.em-iteration` with `data-iteration` counted from 1.
 *
 * @example
 * ```ts
 * import { convergenceSvg } from '@em/plot';
 * const svg = convergenceSvg({ history: [-120.5, -101.2, -99.8, -99.7], converged: true }, { title: 'EM' });
 * ```
 */
export function convergenceSvg(input: ConvergenceInput, options?: ChartOptions): string {
  const { geometry, layout, resolved, description } = build(input, options);
  const { theme } = resolved;
  const colour = componentColour(theme, 0);
  const path = line<[number, number]>()
    .x((q) => layout.xScale(q[0]))
    .y((q) => layout.yScale(q[1]))
    .digits(2)(geometry.points);
  const dots =
    geometry.points.length <= 60
      ? geometry.points
          .map((q) =>
            el('circle', {
              class: 'em-iteration',
              'data-iteration': q[0],
              cx: layout.xScale(q[0]),
              cy: layout.yScale(q[1]),
              r: 3,
            }),
          )
          .join('')
      : '';
  const body =
    el('path', { class: 'em-line', d: path ?? '', fill: 'none', stroke: colour, 'stroke-width': 2 }) +
    el('g', { fill: colour }, dots);
  return renderDocument({
    kind: 'convergence',
    options: resolved,
    description,
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame: renderAxes(layout.plot, layout.xScale, layout.yScale, geometry.xTicks, geometry.yTicks, resolved),
    panels: [{ plot: layout.plot, body }],
    area: layout.plot,
  });
}
