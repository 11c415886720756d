import { InvalidInputError, InvalidOptionError } from '@em/core';
import { max, min } from 'd3-array';
import { num } from './format.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el } from './svg/element.js';
import type { LegendItem } from './svg/legend.js';
import { componentColour } from './theme.js';
import type { Tick } from './ticks.js';

/**
 * What a regression-mixture chart draws: the points (x, y), the component of each point, and one
 * fitted line per component as intercept and slope (for a Poisson or logistic mixture, on the scale
 * of the linear predictor: give `link`).
 *
 * @example
 * ```ts
 * import type { RegressionMixtureInput } from '@em/plot';
 * const input: RegressionMixtureInput = {
 *   x: [0, 1, 2, 0, 1, 2],
 *   y: [0, 1, 2, 10, 8, 6],
 *   labels: [0, 0, 0, 1, 1, 1],
 *   lines: [{ intercept: 0, slope: 1 }, { intercept: 10, slope: -2 }],
 * };
 * ```
 */
export interface RegressionMixtureInput {
  /** The predictor of each point. */
  x: ArrayLike<number>;
  /** The response of each point. */
  y: ArrayLike<number>;
  /** Component of each point (0-based), such as `predict(X, y)` of `@em/mixtures`' `RegressionMixture`. */
  labels: ArrayLike<number>;
  /** One fitted line per component: the linear predictor intercept + slope · x. */
  lines: readonly { intercept: number; slope: number }[];
  /** Link from the linear predictor to the mean: `'identity'` (default), `'log'` (Poisson), `'logit'` (logistic). */
  link?: 'identity' | 'log' | 'logit';
}

/**
 * Everything needed to draw a regression-mixture chart with any library.
 *
 * @example
 * ```ts
 * import { regressionMixtureGeometry } from '@em/plot';
 * const g = regressionMixtureGeometry({ x: [0, 2], y: [0, 2], labels: [0, 0], lines: [{ intercept: 0, slope: 1 }] });
 * g.curves[0]!.points.length; // 2: a straight line needs its ends only
 * ```
 */
export interface RegressionMixtureGeometry {
  /** The points with their component. */
  points: { x: number; y: number; component: number }[];
  /** Each component's fitted mean over the x range (64 points on a curved link, 2 on a straight one). */
  curves: { component: number; points: { x: number; y: number }[] }[];
  /** Axis ranges. */
  xDomain: [number, number];
  /** Axis ranges. */
  yDomain: [number, number];
  /** Ticks of the x axis. */
  xTicks: Tick[];
  /** Ticks of the y axis. */
  yTicks: Tick[];
}

const inverse = {
  identity: (eta: number) => eta,
  log: (eta: number) => Math.exp(Math.min(eta, 700)),
  logit: (eta: number) => 1 / (1 + Math.exp(-eta)),
};

function finiteArray(name: string, value: unknown, length?: number): number[] {
  if (!(Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))))
    throw new InvalidInputError(name, 'an array of finite numbers', value);
  const v = value as ArrayLike<unknown>;
  if (length !== undefined && v.length !== length)
    throw new InvalidInputError(name, `${length} values (one per point)`, value);
  return Array.from(v, (x, row) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > 1e300)
      throw new InvalidInputError(name, 'a finite number', x, { row });
    return x;
  });
}

function build(input: RegressionMixtureInput, options: ChartOptions | undefined) {
  if (typeof input !== 'object' || input === null)
    throw new InvalidInputError('input', 'an object { x, y, labels, lines }', input);
  const x = finiteArray('x', input.x);
  if (x.length === 0) throw new InvalidInputError('x', 'at least one point', input.x);
  const y = finiteArray('y', input.y, x.length);
  const labels = finiteArray('labels', input.labels, x.length);
  const link = input.link ?? 'identity';
  if (!(link in inverse)) throw new InvalidOptionError('link', "'identity', 'log' or 'logit'", link);
  if (!Array.isArray(input.lines) || input.lines.length === 0)
    throw new InvalidInputError('lines', 'a non-empty array of { intercept, slope }', input.lines);
  const lines = input.lines.map((line, row) => {
    if (typeof line !== 'object' || line === null)
      throw new InvalidInputError('lines', 'an object { intercept, slope }', line, { row });
    const [intercept, slope] = finiteArray(`lines[${row}]`, [line.intercept, line.slope]);
    return { intercept: intercept!, slope: slope! };
  });
  labels.forEach((k, row) => {
    if (!Number.isInteger(k) || k < 0 || k >= lines.length)
      throw new InvalidInputError('labels', `a component in [0, ${lines.length - 1}]`, k, { row });
  });
  const resolved = resolveOptions(options, { xLabel: 'x', yLabel: 'y' });
  const f = inverse[link];
  let [x0, x1] = [min(x)!, max(x)!];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  const steps = link === 'identity' ? 1 : 63;
  const curves = lines.map((line, component) => ({
    component,
    points: Array.from({ length: steps + 1 }, (_, s) => {
      const xv = x0 + ((x1 - x0) * s) / steps;
      return { x: xv, y: f(line.intercept + line.slope * xv) };
    }),
  }));
  const ys = [...y, ...curves.flatMap((c) => c.points.map((p) => p.y))].filter(Number.isFinite);
  let [y0, y1] = [min(ys)!, max(ys)!];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const legend: LegendItem[] = lines.map((_, k) => ({
    label: `component ${k}`,
    colour: componentColour(resolved.theme, k),
    mark: 'point',
  }));
  const layout = layoutChart({
    kind: 'regression-mixture',
    options: resolved,
    legend,
    x: { domain: [x0, x1], nice: true },
    y: { domain: [y0, y1], nice: true },
  });
  const geometry: RegressionMixtureGeometry = {
    points: x.map((xv, i) => ({ x: xv, y: y[i]!, component: labels[i]! })),
    curves,
    xDomain: layout.xScale.domain() as [number, number],
    yDomain: layout.yScale.domain() as [number, number],
    xTicks: layout.xTicks,
    yTicks: layout.yTicks,
  };
  const counts = lines.map((_, k) => labels.filter((l) => l === k).length);
  const description =
    `Scatter plot of ${x.length} points coloured by ${lines.length} regression components, with each component's fitted ${link === 'identity' ? 'line' : 'curve'}: ` +
    lines
      .map((l, k) => `component ${k} (${counts[k]} points) ${num(l.intercept)} + ${num(l.slope)}·x`)
      .join('; ') +
    '.';
  return { geometry, layout, resolved, description };
}

/**
 * Regression-mixture geometry: points by component, each component's fitted curve, domains and ticks.
 *
 * @example
 * ```ts
 * import { regressionMixtureGeometry } from '@em/plot';
 * const g = regressionMixtureGeometry({
 *   x: [0, 1, 2], y: [1, 2.7, 7.4], labels: [0, 0, 0], lines: [{ intercept: 0, slope: 1 }], link: 'log',
 * });
 * g.curves[0]!.points.length; // 64
 * ```
 */
export function regressionMixtureGeometry(
  input: RegressionMixtureInput,
  options?: ChartOptions,
): RegressionMixtureGeometry {
  return build(input, options).geometry;
}

/**
 * A mixture of regressions as a standalone SVG string: the points coloured by component
 * (`circle.em-point` with `data-component`) and each component's fitted line or curve
 * (`path.em-regression-line` with `data-component`), with a legend.
 *
 * @example
 * ```ts
 * import { regressionMixtureSvg } from '@em/plot';
 * const svg = regressionMixtureSvg(
 *   {
 *     x: [0, 1, 2, 0, 1, 2],
 *     y: [0, 1, 2, 10, 8, 6],
 *     labels: [0, 0, 0, 1, 1, 1],
 *     lines: [{ intercept: 0, slope: 1 }, { intercept: 10, slope: -2 }],
 *   },
 *   { title: 'Two regression lines' },
 * );
 * svg.match(/class="em-regression-line"/g)!.length; // 2
 * ```
 */
export function regressionMixtureSvg(input: RegressionMixtureInput, options?: ChartOptions): string {
  const { geometry, layout, resolved, description } = build(input, options);
  const { theme } = resolved;
  const r = (v: number) => Math.round(v * 100) / 100;
  let body = '';
  for (const p of geometry.points)
    body += el('circle', {
      class: 'em-point',
      'data-component': p.component,
      cx: r(layout.xScale(p.x)),
      cy: r(layout.yScale(p.y)),
      r: 3,
      fill: componentColour(theme, p.component),
      'fill-opacity': 0.7,
    });
  const [yLow, yHigh] = geometry.yDomain;
  for (const curve of geometry.curves) {
    const d = curve.points
      .map(
        (p, i) =>
          `${i === 0 ? 'M' : 'L'}${r(layout.xScale(p.x))},${r(layout.yScale(Math.min(yHigh, Math.max(yLow, p.y))))}`,
      )
      .join('');
    body += el('path', {
      class: 'em-regression-line',
      'data-component': curve.component,
      d,
      stroke: componentColour(theme, curve.component),
      'stroke-width': 2.5,
      fill: 'none',
    });
  }
  return renderDocument({
    kind: 'regression-mixture',
    options: resolved,
    description,
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame: renderAxes(layout.plot, layout.xScale, layout.yScale, geometry.xTicks, geometry.yTicks, resolved),
    panels: [{ plot: layout.plot, body }],
    area: layout.plot,
  });
}
