import { InvalidOptionError } from '@em/core';
import type { ScaleLinear } from 'd3-scale';
import { curveLinearClosed, line, symbol, symbolCross } from 'd3-shape';
import { covarianceEllipse, type EllipseGeometry } from './ellipse.js';
import { num } from './format.js';
import { at } from './matrix.js';
import { type ChartOptions, type ResolvedOptions, resolveOptions } from './options.js';
import {
  describeSubsample,
  type PointOptions,
  type PreparedPoints,
  preparePoints,
  uncertaintyOpacity,
} from './points.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el } from './svg/element.js';
import type { LegendItem } from './svg/legend.js';
import { componentColour, type Theme } from './theme.js';
import type { Tick } from './ticks.js';
import type { MatrixInput } from './validate.js';

/**
 * Options of {@link scatterSvg} and {@link scatterGeometry}.
 *
 * @example
 * ```ts
 * import { scatterGeometry, scatterSvg, type ScatterOptions } from '@em/plot';
 * const options: ScatterOptions = { labels: [0, 0, 1], dims: [0, 1], maxPoints: 2000, seed: 7 };
 * scatterSvg([[0, 0], [1, 1], [5, 5]], options);
 * // A view that stays still while points are added:
 * scatterGeometry([[0, 0], [1, 1], [5, 5]], { xDomain: [-10, 10], yDomain: [-10, 10] }).xDomain; // [-10, 10]
 * ```
 */
export interface ScatterOptions extends ChartOptions, PointOptions {
  /** The two columns to plot, as 0-based indices (default [0, 1]). */
  dims?: readonly [number, number];
  /**
   * Fixed x-axis range `[min, max]`, used exactly as given (not rounded outwards). Without it the range
   * fits the data and the ellipses, so it moves as points are added; fix it to keep an interactive view
   * still. Points outside are kept in the geometry and clipped from the SVG.
   */
  xDomain?: readonly [number, number];
  /** Fixed y-axis range `[min, max]`; see `xDomain`. */
  yDomain?: readonly [number, number];
}

/**
 * A drawn point. `index` is its row in X; `component` and `uncertainty` are null when unknown.
 *
 * @example
 * ```ts
 * import { scatterGeometry, type ScatterPoint } from '@em/plot';
 * const [p]: ScatterPoint[] = scatterGeometry([[3, 4], [5, 6]], { labels: [1, 0] }).points;
 * p!.component; // 1
 * ```
 */
export interface ScatterPoint {
  /** 0-based row of X (the circle's `data-index` in the SVG). */
  index: number;
  /** Value in the first plotted column (`dims[0]`), in data units. */
  x: number;
  /** Value in the second plotted column (`dims[1]`), in data units. */
  y: number;
  /**
   * 0-based component: from `labels`, else the most probable one under `probabilities` or `model`; null
   * when none of them is given.
   */
  component: number | null;
  /** 1 − max posterior probability, from 0 (certain) to 1 − 1/K; null unless `uncertainty` is on. */
  uncertainty: number | null;
}

/**
 * A component's ellipse in the plotted pair of dimensions.
 *
 * @example
 * ```ts
 * import { scatterGeometry, type ComponentEllipse } from '@em/plot';
 * const model = { weights: [1], means: [[0, 0]], covariances: [[[1, 0], [0, 4]]] };
 * const ellipses: ComponentEllipse[] = scatterGeometry([[0, 1], [1, 0]], { model, nStd: [1, 2] }).ellipses;
 * ellipses.length; // 2
 * ```
 */
export interface ComponentEllipse extends EllipseGeometry {
  /** 0-based index of the component in the model. */
  component: number;
}

/**
 * A component mean in the plotted pair of dimensions.
 *
 * @example
 * ```ts
 * import { scatterGeometry, type ComponentMean } from '@em/plot';
 * const model = { weights: [1], means: [[2, 3]], covariances: [1], covarianceType: 'spherical' as const };
 * const [mean]: ComponentMean[] = scatterGeometry([[0, 1], [1, 0]], { model }).means;
 * mean; // { "component": 0, "x": 2, "y": 3 }
 * ```
 */
export interface ComponentMean {
  /** 0-based index of the component in the model. */
  component: number;
  /** The mean's coordinate in the plot's x dimension, in data units. */
  x: number;
  /** The mean's coordinate in the plot's y dimension, in data units. */
  y: number;
}

/**
 * Everything needed to draw the scatter plot with any library.
 *
 * @example
 * ```ts
 * import { scatterGeometry, type ScatterGeometry } from '@em/plot';
 * const g: ScatterGeometry = scatterGeometry([[0, 0], [1, 1], [2, 0]], { maxPoints: 2 });
 * g.subsampled; // true
 * ```
 */
export interface ScatterGeometry {
  /** The plotted columns of X, 0-based: `[x column, y column]`. */
  dims: [number, number];
  /** The drawn points (all of them, or the subsample). */
  points: ScatterPoint[];
  /** Number of rows in X. */
  total: number;
  /** True when X has more rows than `maxPoints`, so `points` is a reproducible random subsample. */
  subsampled: boolean;
  /**
   * Each component's ellipse at each `nStd` level, component by component, in data units; empty without
   * a model.
   */
  ellipses: ComponentEllipse[];
  /** Each component's mean, in data units; empty without a model. */
  means: ComponentMean[];
  /**
   * x-axis range in data units: the `xDomain` option as given, else the data and ellipses' range rounded
   * outwards to nice tick values.
   */
  xDomain: [number, number];
  /** y-axis range in data units; as `xDomain`, from the `yDomain` option or the data. */
  yDomain: [number, number];
  /** Ticks of the x axis, in data units, within `xDomain`. */
  xTicks: Tick[];
  /** Ticks of the y axis, in data units, within `yDomain`. */
  yTicks: Tick[];
}

/** Ellipses and means of every component projected onto dimensions (i, j). */
export function projectModel(
  p: PreparedPoints,
  i: number,
  j: number,
): { ellipses: ComponentEllipse[]; means: ComponentMean[] } {
  if (!p.model) return { ellipses: [], means: [] };
  const m = p.model;
  const means = m.means.map((mu, c) => ({ component: c, x: mu[i]!, y: mu[j]! }));
  const ellipses = m.covariances.flatMap((cov, c) =>
    p.nStd.map((s) => ({
      component: c,
      ...covarianceEllipse(
        [at(m.means, c, i), at(m.means, c, j)],
        [
          [at(cov, i, i), at(cov, i, j)],
          [at(cov, j, i), at(cov, j, j)],
        ],
        s,
        72,
        `model.covariances[${c}]`,
      ),
    })),
  );
  return { ellipses, means };
}

/** Data range of column `j` over all rows, widened to contain the ellipses' extent in that column. */
export function columnDomain(p: PreparedPoints, j: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < p.rows; r++) {
    const v = p.data[r * p.cols + j]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (p.model && p.nStd.length > 0) {
    const s = Math.max(...p.nStd);
    const model = p.model;
    model.means.forEach((mu, c) => {
      const half = s * Math.sqrt(at(model.covariances[c] as number[][], j, j));
      lo = Math.min(lo, mu[j]! - half);
      hi = Math.max(hi, mu[j]! + half);
    });
  }
  return [lo, hi];
}

export function pickPoints(p: PreparedPoints, i: number, j: number): ScatterPoint[] {
  return p.indices.map((r) => ({
    index: r,
    x: p.data[r * p.cols + i]!,
    y: p.data[r * p.cols + j]!,
    component: p.labels ? p.labels[r]! : null,
    uncertainty: p.uncertainty ? p.uncertainty[r]! : null,
  }));
}

const sdStyles = [
  { width: 2, dash: undefined },
  { width: 1.5, dash: '6 3' },
  { width: 1.25, dash: '2 3' },
];
const sdStyle = (rank: number) => sdStyles[Math.min(rank, sdStyles.length - 1)]!;

/** Legend of a scatter: components, ellipse levels, means and the uncertainty shading. */
export function scatterLegend(p: PreparedPoints, theme: Theme): LegendItem[] {
  const items: LegendItem[] = p.componentLabels.map((label, c) => ({
    label,
    colour: componentColour(theme, c),
    mark: 'point',
  }));
  if (p.model) {
    const sorted = [...p.nStd].sort((a, b) => a - b);
    sorted.forEach((s, rank) => {
      items.push({
        label: `${num(s)} sd`,
        colour: theme.muted,
        mark: 'ellipse',
        dash: sdStyle(rank).dash,
        strokeWidth: sdStyle(rank).width,
      });
    });
    items.push({ label: 'mean', colour: theme.foreground, mark: 'symbol', symbol: meanSymbol });
  }
  if (p.uncertainty) {
    items.push({
      label: 'certain',
      colour: theme.muted,
      mark: 'point',
      opacity: uncertaintyOpacity(0, p.k, p.minOpacity),
    });
    items.push({ label: 'uncertain (1 − max posterior)', colour: theme.muted, mark: 'point', opacity: 1 });
  }
  return items;
}

const meanSymbol = symbol(symbolCross, 90)()!;

/** Points, ellipses and means of one panel in pixels. */
export function renderScatterBody(
  points: ScatterPoint[],
  ellipses: ComponentEllipse[],
  means: ComponentMean[],
  p: PreparedPoints,
  xScale: ScaleLinear<number, number>,
  yScale: ScaleLinear<number, number>,
  theme: Theme,
): string {
  const groups = new Map<number, string[]>();
  for (const pt of points) {
    const key = pt.component ?? -1;
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
    }
    group.push(
      el('circle', {
        class: 'em-point',
        'data-index': pt.index,
        cx: xScale(pt.x),
        cy: yScale(pt.y),
        r: p.radius,
        'fill-opacity':
          pt.uncertainty === null
            ? undefined
            : Math.round(uncertaintyOpacity(pt.uncertainty, p.k, p.minOpacity) * 100) / 100,
      }),
    );
  }
  const opacity = p.uncertainty ? undefined : points.length > 1000 ? 0.55 : 0.8;
  let out = [...groups.keys()]
    .sort((a, b) => a - b)
    .map((key) =>
      el(
        'g',
        {
          class: 'points',
          'data-component': key < 0 ? undefined : key,
          fill: key < 0 ? theme.muted : componentColour(theme, key),
          'fill-opacity': opacity,
        },
        groups.get(key)!.join(''),
      ),
    )
    .join('');
  const path = line<[number, number]>()
    .x((q) => xScale(q[0]))
    .y((q) => yScale(q[1]))
    .curve(curveLinearClosed)
    .digits(2);
  const ranks = [...p.nStd].sort((a, b) => a - b);
  for (const e of ellipses) {
    const style = sdStyle(ranks.indexOf(e.nStd));
    // A thin halo in the background colour keeps the outline visible over points of the same colour.
    const d = path(e.points) ?? '';
    const hooks = { 'data-component': e.component, 'data-nstd': String(e.nStd) };
    out += el('path', {
      class: 'em-ellipse-halo',
      ...hooks,
      d,
      fill: 'none',
      stroke: theme.background === 'none' ? undefined : theme.background,
      'stroke-width': style.width + 2,
      'stroke-opacity': 0.7,
      'stroke-dasharray': style.dash,
    });
    out += el('path', {
      class: 'em-ellipse',
      ...hooks,
      d,
      fill: 'none',
      stroke: componentColour(theme, e.component),
      'stroke-width': style.width,
      'stroke-dasharray': style.dash,
    });
  }
  for (const m of means) {
    out += el('path', {
      class: 'em-mean',
      'data-component': m.component,
      d: meanSymbol,
      transform: `translate(${Math.round(xScale(m.x) * 100) / 100},${Math.round(yScale(m.y) * 100) / 100})`,
      fill: theme.foreground,
      stroke: theme.background === 'none' ? undefined : theme.background,
      'stroke-width': 1.5,
    });
  }
  return out;
}

export function describeScatter(p: PreparedPoints, dims: number[]): string {
  const names = dims.map((d) => p.names[d]).join(', ');
  const colouring = p.labels
    ? `coloured by the most probable of ${p.k} components${p.uncertainty ? ', shaded by uncertainty (1 − max posterior: faint = certain, solid = uncertain)' : ''}`
    : 'not assigned to components';
  const model = p.model
    ? ` Ellipses at ${p.nStd.map(num).join(', ')} standard deviations around each component's mean (marked +).`
    : '';
  return `Scatter of ${p.rows} points over ${names}, ${colouring}.${model}${describeSubsample(p)}`;
}

function checkDims(dims: unknown, cols: number): [number, number] {
  const ok =
    Array.isArray(dims) &&
    dims.length === 2 &&
    dims.every((d) => Number.isInteger(d) && d >= 0 && d < cols) &&
    dims[0] !== dims[1];
  if (!ok) throw new InvalidOptionError('dims', `two different column indices in [0, ${cols - 1}]`, dims);
  return [dims[0], dims[1]];
}

/** A fixed axis range given as an option: two finite numbers, min < max. */
export function checkDomain(option: string, value: unknown): [number, number] | undefined {
  if (value === undefined) return undefined;
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    value[0] < value[1];
  if (!ok) throw new InvalidOptionError(option, 'two finite numbers [min, max] with min < max', value);
  return [value[0], value[1]];
}

function build(X: MatrixInput, options: ScatterOptions | undefined) {
  const p = preparePoints(X, options);
  if (p.cols < 2)
    throw new InvalidOptionError(
      'X',
      'at least 2 columns for a scatter plot (use histogramSvg for 1-D)',
      `${p.cols} column`,
    );
  const dims = checkDims(options?.dims ?? [0, 1], p.cols);
  const xDomain = checkDomain('xDomain', options?.xDomain);
  const yDomain = checkDomain('yDomain', options?.yDomain);
  const resolved: ResolvedOptions = resolveOptions(options as ChartOptions | undefined, {
    xLabel: p.names[dims[0]],
    yLabel: p.names[dims[1]],
  });
  const legend = scatterLegend(p, resolved.theme);
  const layout = layoutChart({
    kind: 'scatter',
    options: resolved,
    legend,
    x: xDomain ? { domain: xDomain } : { domain: columnDomain(p, dims[0]), nice: true },
    y: yDomain ? { domain: yDomain } : { domain: columnDomain(p, dims[1]), nice: true },
  });
  const { ellipses, means } = projectModel(p, dims[0], dims[1]);
  const geometry: ScatterGeometry = {
    dims,
    points: pickPoints(p, dims[0], dims[1]),
    total: p.rows,
    subsampled: p.indices.length < p.rows,
    ellipses,
    means,
    xDomain: layout.xScale.domain() as [number, number],
    yDomain: layout.yScale.domain() as [number, number],
    xTicks: layout.xTicks,
    yTicks: layout.yTicks,
  };
  return { p, geometry, layout, resolved };
}

/**
 * Scatter geometry of two columns of X: drawn points with component and uncertainty, ellipses, means, ticks.
 *
 * @example
 * ```ts
 * import { scatterGeometry } from '@em/plot';
 * const X = [[0, 0], [1, 0.5], [5, 5], [6, 5.5]];
 * const model = { weights: [0.5, 0.5], means: [[0.5, 0.25], [5.5, 5.25]], covariances: [1, 1], covarianceType: 'spherical' as const };
 * const { points, ellipses } = scatterGeometry(X, { model, nStd: [2] });
 * points.map((p) => p.component); // [0, 0, 1, 1]
 * ```
 */
export function scatterGeometry(X: MatrixInput, options?: ScatterOptions): ScatterGeometry {
  return build(X, options).geometry;
}

/**
 * A 2-D scatter plot coloured by component, with covariance ellipses and means, as a standalone SVG string.
 * With more than two columns, `dims` picks the pair (see {@link scatterMatrixSvg} for all pairs). Samples
 * larger than `maxPoints` are drawn as a reproducible random subsample, and the `<desc>` says so.
 * `xDomain` / `yDomain` fix the axes' ranges, e.g. to keep an interactive view still as points arrive.
 *
 * Marks carry stable hooks, so apps and tests need not rely on element order: `circle.em-point` with
 * `data-index` (the row of X), inside a `g.points` with `data-component`; `path.em-ellipse` with
 * `data-component` and `data-nstd` (a `path.em-ellipse-halo` with the same data is drawn under each);
 * `path.em-mean` with `data-component`. Components are 0-based.
 *
 * @example
 * ```ts
 * import { scatterSvg } from '@em/plot';
 * const X = [[0, 0], [1, 0.5], [0.5, 1], [5, 5], [6, 5.5], [5.5, 6]];
 * const model = {
 *   weights: [0.5, 0.5],
 *   means: [[0.5, 0.5], [5.5, 5.5]],
 *   covariances: [[[0.25, 0.1], [0.1, 0.25]], [[0.25, 0.1], [0.1, 0.25]]],
 * };
 * const svg = scatterSvg(X, { model, uncertainty: true, minOpacity: 0.6, title: 'Clusters' });
 * svg.match(/class="em-ellipse"/g)?.length; // 6
 * ```
 */
export function scatterSvg(X: MatrixInput, options?: ScatterOptions): string {
  const { p, geometry, layout, resolved } = build(X, options);
  const body = renderScatterBody(
    geometry.points,
    geometry.ellipses,
    geometry.means,
    p,
    layout.xScale,
    layout.yScale,
    resolved.theme,
  );
  return renderDocument({
    kind: 'scatter',
    options: resolved,
    description: describeScatter(p, geometry.dims),
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame: renderAxes(layout.plot, layout.xScale, layout.yScale, layout.xTicks, layout.yTicks, resolved),
    panels: [{ plot: layout.plot, body }],
    area: layout.plot,
  });
}
