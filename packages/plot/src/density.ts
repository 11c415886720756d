import { InvalidInputError, InvalidOptionError } from '@em/core';
import { line } from 'd3-shape';
import type { Bins } from './bins.js';
import { num } from './format.js';
import { computeBins, describeBins, type HistogramBin, renderBars } from './histogram.js';
import { at } from './matrix.js';
import { type MixtureModel, type NormalizedModel, normalizeModel } from './model.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el } from './svg/element.js';
import type { LegendItem } from './svg/legend.js';
import { componentColour } from './theme.js';
import type { Tick } from './ticks.js';
import { toSample } from './validate.js';

/**
 * A point of a curve, `[x, y]` in data units.
 *
 * @example
 * ```ts
 * import { mixtureDensityGeometry, type Point } from '@em/plot';
 * const curve: Point[] = mixtureDensityGeometry(null, { weights: [1], means: [0], variances: [1] }, { points: 3 }).total;
 * curve.length; // 3
 * ```
 */
export type Point = [number, number];

/**
 * Options of {@link mixtureDensitySvg} and {@link mixtureDensityGeometry}.
 *
 * @example
 * ```ts
 * import { mixtureDensitySvg, type MixtureDensityOptions } from '@em/plot';
 * const options: MixtureDensityOptions = { bins: 30, points: 200, componentLabels: ['low', 'high'] };
 * mixtureDensitySvg([0, 0.2, 3, 3.1], { weights: [0.5, 0.5], means: [0.1, 3], variances: [0.1, 0.1] }, options);
 * ```
 */
export interface MixtureDensityOptions extends ChartOptions {
  /** Bins of the histogram drawn under the curves (ignored without a sample). */
  bins?: Bins;
  /** Number of points each curve is evaluated at (default 400). */
  points?: number;
  /** x range of the curves; defaults to the histogram's range, or the means ± 4 sd without a sample. */
  xDomain?: [number, number];
  /** Draw each weighted component (default true). */
  components?: boolean;
  /** Legend labels of the components (default "component 1 (w = 0.40)", …). */
  componentLabels?: readonly string[];
}

/**
 * The curves (and histogram) of a univariate mixture, in data units.
 *
 * @example
 * ```ts
 * import { mixtureDensityGeometry, type MixtureDensityGeometry } from '@em/plot';
 * const g: MixtureDensityGeometry = mixtureDensityGeometry([1, 2, 2, 3], { weights: [1], means: [2], variances: [0.5] }, { bins: 2 });
 * g.bins!.length; // 2
 * ```
 */
export interface MixtureDensityGeometry {
  /** The histogram in density units, or null when no sample was given. */
  bins: HistogramBin[] | null;
  /** The mixture density Σ wₖ N(x; μₖ, σₖ²). */
  total: Point[];
  /** Each weighted component wₖ N(x; μₖ, σₖ²); they add up to `total`. */
  components: Point[][];
  /**
   * x range of the curves and the axis, in data units: the `xDomain` option, else the histogram's outer
   * edges, else the lowest and highest component mean ∓ 4 standard deviations.
   */
  xDomain: [number, number];
  /**
   * y-axis range `[0, top]` in density units, the top (highest curve or bar) rounded up to a nice tick
   * value.
   */
  yDomain: [number, number];
  /** Ticks of the x axis, in data units, within `xDomain`. */
  xTicks: Tick[];
  /** Ticks of the y axis, in density units, within `yDomain`. */
  yTicks: Tick[];
}

/**
 * Density of each weighted component of a univariate mixture at `x`.
 *
 * @example
 * ```ts
 * import { componentDensities } from '@em/plot';
 * componentDensities({ weights: [1], means: [0], variances: [1] }, 0); // [0.3989…]
 * ```
 */
export function componentDensities(model: MixtureModel, x: number): number[] {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidInputError('x', 'a finite number', x);
  const m = normalizeModel(model);
  if (m.d !== 1) throw new InvalidInputError('model.means', 'a univariate model (D = 1)', `D = ${m.d}`);
  return weightedDensities(m, x);
}

const variance = (m: NormalizedModel, k: number) => at(m.covariances[k] as number[][], 0, 0);

function weightedDensities(m: NormalizedModel, x: number): number[] {
  return m.weights.map((w, k) => {
    const v = variance(m, k);
    const z = x - at(m.means, k, 0);
    return (w * Math.exp((-0.5 * z * z) / v)) / Math.sqrt(2 * Math.PI * v);
  });
}

function build(
  sample: ArrayLike<number> | null,
  model: MixtureModel,
  options: MixtureDensityOptions | undefined,
) {
  const resolved = resolveOptions(options, { yLabel: 'density' });
  const m = normalizeModel(model);
  if (m.d !== 1)
    throw new InvalidInputError(
      'model.means',
      'a univariate model (K numbers or K × 1)',
      `a ${m.d}-dimensional model`,
    );
  const nPoints = options?.points ?? 400;
  if (!Number.isInteger(nPoints) || nPoints < 2)
    throw new InvalidOptionError('points', 'an integer >= 2', nPoints);
  const values = sample === null ? null : toSample(sample, 'sample');
  const hist = values === null ? null : computeBins(values, options?.bins, 'density');

  let domain: [number, number];
  if (options?.xDomain !== undefined) {
    const d = options.xDomain;
    if (!Array.isArray(d) || d.length !== 2 || !d.every(Number.isFinite) || !(d[1] > d[0]))
      throw new InvalidOptionError('xDomain', '[min, max] with finite min < max', d);
    domain = [d[0], d[1]];
  } else if (hist !== null) {
    domain = [hist.edges[0]!, hist.edges[hist.edges.length - 1]!];
  } else {
    const sds = m.covariances.map((c) => Math.sqrt(at(c, 0, 0)));
    domain = [
      Math.min(...m.means.map((mu, k) => mu[0]! - 4 * sds[k]!)),
      Math.max(...m.means.map((mu, k) => mu[0]! + 4 * sds[k]!)),
    ];
  }
  const xs = Array.from(
    { length: nPoints },
    (_, i) => domain[0] + ((domain[1] - domain[0]) * i) / (nPoints - 1),
  );
  const perComponent = xs.map((x) => weightedDensities(m, x));
  const components = m.weights.map((_, k) => xs.map((x, i): Point => [x, at(perComponent, i, k)]));
  const total = xs.map((x, i): Point => [x, perComponent[i]!.reduce((a, b) => a + b, 0)]);

  const showComponents = options?.components ?? true;
  const labels = options?.componentLabels;
  if (
    labels !== undefined &&
    (!Array.isArray(labels) || labels.length !== m.k || labels.some((l) => typeof l !== 'string'))
  )
    throw new InvalidOptionError('componentLabels', `${m.k} strings (one per component)`, labels);
  const { theme } = resolved;
  const legend: LegendItem[] = [];
  if (hist) legend.push({ label: 'histogram (density)', colour: theme.bar, mark: 'swatch' });
  legend.push({ label: 'mixture density', colour: theme.foreground, mark: 'line' });
  if (showComponents)
    m.weights.forEach((w, k) => {
      legend.push({
        label: labels?.[k] ?? `component ${k + 1} (w = ${num(w)})`,
        colour: componentColour(theme, k),
        mark: 'line',
        dash: '6 3',
        strokeWidth: 2,
      });
    });
  const top = Math.max(...total.map((p) => p[1]), ...(hist?.bins.map((b) => b.value) ?? []));
  const layout = layoutChart({
    kind: 'density',
    options: resolved,
    legend,
    x: { domain },
    y: { domain: [0, top], nice: true },
  });
  const geometry: MixtureDensityGeometry = {
    bins: hist?.bins ?? null,
    total,
    components,
    xDomain: domain,
    yDomain: layout.yScale.domain() as [number, number],
    xTicks: layout.xTicks,
    yTicks: layout.yTicks,
  };
  const parts = m.weights.map(
    (w, k) =>
      `component ${k + 1} weight ${num(w)}, mean ${num(at(m.means, k, 0))}, sd ${num(Math.sqrt(variance(m, k)))}`,
  );
  const description = [
    hist && values ? describeBins(values.length, hist) : '',
    `Density of a ${m.k}-component Gaussian mixture (${parts.join('; ')}) from ${num(domain[0])} to ${num(domain[1])}${showComponents ? ', with each weighted component' : ''}.`,
  ]
    .filter(Boolean)
    .join(' ');
  return { geometry, layout, resolved, description, showComponents };
}

/**
 * The curves of a univariate mixture density (and, given a sample, its histogram in density units).
 *
 * @example
 * ```ts
 * import { mixtureDensityGeometry } from '@em/plot';
 * const model = { weights: [0.4, 0.6], means: [-1, 2], variances: [0.5, 1] };
 * const { total, components } = mixtureDensityGeometry(null, model, { points: 200 });
 * total.length; // 200, each [x, density]
 * ```
 */
export function mixtureDensityGeometry(
  sample: ArrayLike<number> | null,
  model: MixtureModel,
  options?: MixtureDensityOptions,
): MixtureDensityGeometry {
  return build(sample, model, options).geometry;
}

/**
 * A univariate mixture's density drawn over the histogram of a sample, as a standalone SVG string.
 * Pass `null` as the sample to draw the curves alone. A fitted `GaussianMixture` can be passed as the model.
 * Hooks: the total density is `path.em-density-total`, each weighted component `path.em-density` with a
 * 0-based `data-component`, and the bars `rect.em-bar` (as in {@link histogramSvg}).
 *
 * @example
 * ```ts
 * import { mixtureDensitySvg } from '@em/plot';
 * const sample = [-1.2, -0.8, -1.1, 1.9, 2.2, 2.5, 1.7, 2.1];
 * const model = { weights: [0.375, 0.625], means: [-1.03, 2.08], variances: [0.03, 0.08] };
 * const svg = mixtureDensitySvg(sample, model, { bins: 5, title: 'Fitted density' });
 * svg.includes('class="em-density" data-component="1"'); // true
 * ```
 */
export function mixtureDensitySvg(
  sample: ArrayLike<number> | null,
  model: MixtureModel,
  options?: MixtureDensityOptions,
): string {
  const { geometry, layout, resolved, description, showComponents } = build(sample, model, options);
  const { theme } = resolved;
  const path = line<Point>()
    .x((p) => layout.xScale(p[0]))
    .y((p) => layout.yScale(p[1]))
    .digits(2);
  let body = geometry.bins ? renderBars(geometry.bins, layout, theme.bar, theme.barStroke) : '';
  if (showComponents)
    geometry.components.forEach((curve, k) => {
      body += el('path', {
        class: 'em-density',
        'data-component': k,
        d: path(curve) ?? '',
        fill: 'none',
        stroke: componentColour(theme, k),
        'stroke-width': 2,
        'stroke-dasharray': '6 3',
      });
    });
  body += el('path', {
    class: 'em-density-total',
    d: path(geometry.total) ?? '',
    fill: 'none',
    stroke: theme.foreground,
    'stroke-width': 2.5,
  });
  return renderDocument({
    kind: 'density',
    options: resolved,
    description,
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame: renderAxes(layout.plot, layout.xScale, layout.yScale, layout.xTicks, layout.yTicks, resolved),
    panels: [{ plot: layout.plot, body }],
    area: layout.plot,
  });
}
