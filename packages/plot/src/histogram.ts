import { InvalidOptionError } from '@em/core';
import { type Bins, binCounts, binEdges } from './bins.js';
import { num } from './format.js';
import { type ChartOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { type Layout, layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el } from './svg/element.js';
import type { LegendItem } from './svg/legend.js';
import type { Tick } from './ticks.js';
import { toSample } from './validate.js';

/**
 * Options of {@link histogramSvg} and {@link histogramGeometry}.
 *
 * @example
 * ```ts
 * import { histogramSvg, type HistogramOptions } from '@em/plot';
 * const options: HistogramOptions = { bins: 'scott', normalize: 'density', xLabel: 'x' };
 * histogramSvg([1, 2, 2, 3], options);
 * ```
 */
export interface HistogramOptions extends ChartOptions {
  /** A number of equal-width bins, explicit edges, or a rule (default `'auto'`, numpy's). */
  bins?: Bins;
  /** `'count'` (default) or `'density'` (count / (values inside the edges × bin width), so the bars' area is 1). */
  normalize?: 'count' | 'density';
}

/**
 * One bar. `value` is the count or the density, depending on `normalize`.
 *
 * @example
 * ```ts
 * import { histogramGeometry, type HistogramBin } from '@em/plot';
 * const [first]: HistogramBin[] = histogramGeometry([0, 1, 2, 3], { bins: 2 }).bins;
 * first!.count; // 2
 * ```
 */
export interface HistogramBin {
  /** Lower edge in data units, included in the bin. */
  x0: number;
  /** Upper edge in data units: excluded, except for the last bin, which includes it. */
  x1: number;
  /** Number of sample values in the bin. */
  count: number;
  /**
   * Height of the bar: `count`, or with `normalize: 'density'` count / (counted values × (x1 − x0)), so the
   * bars' total area is 1.
   */
  value: number;
}

/**
 * Everything needed to draw a histogram with any library.
 *
 * @example
 * ```ts
 * import { histogramGeometry, type HistogramGeometry } from '@em/plot';
 * const g: HistogramGeometry = histogramGeometry([0, 1, 2, 3], { bins: [0, 2, 4] });
 * g.edges; // [0, 2, 4]
 * ```
 */
export interface HistogramGeometry {
  /** The bars, left to right. */
  bins: HistogramBin[];
  /** Increasing bin edges in data units, one more than there are bins. */
  edges: number[];
  /** Sample size. */
  n: number;
  /** Values that fell outside explicit edges and were not counted. */
  excluded: number;
  /** What each bin's `value` holds: `'count'` (the default) or `'density'`. */
  normalize: 'count' | 'density';
  /** x-axis range `[first edge, last edge]`, in data units. */
  xDomain: [number, number];
  /** y-axis range `[0, top]` in count or density units, the top rounded up to a nice tick value. */
  yDomain: [number, number];
  /** Ticks of the x axis, in data units, within `xDomain`. */
  xTicks: Tick[];
  /** Ticks of the y axis, in count or density units, within `yDomain` (whole numbers for small counts). */
  yTicks: Tick[];
}

/** Bins and values of a histogram, before any layout. */
export function computeBins(
  sample: Float64Array,
  bins: Bins | undefined,
  normalize: unknown,
): {
  bins: HistogramBin[];
  edges: number[];
  excluded: number;
  normalize: 'count' | 'density';
} {
  if (normalize !== undefined && normalize !== 'count' && normalize !== 'density')
    throw new InvalidOptionError('normalize', "'count' or 'density'", normalize);
  const mode = normalize ?? 'count';
  const edges = binEdges(sample, bins);
  const counts = binCounts(sample, edges);
  const counted = counts.reduce((a, b) => a + b, 0);
  const result = counts.map((count, i) => {
    const x0 = edges[i]!;
    const x1 = edges[i + 1]!;
    const value = mode === 'count' ? count : counted === 0 ? 0 : count / (counted * (x1 - x0));
    return { x0, x1, count, value };
  });
  return { bins: result, edges, excluded: sample.length - counted, normalize: mode };
}

function equalWidth(edges: number[]): boolean {
  const w = edges[1]! - edges[0]!;
  return edges.every((e, i) => i === 0 || Math.abs(e - edges[i - 1]! - w) <= 1e-9 * Math.max(1, Math.abs(w)));
}

/** A sentence saying what a histogram shows, for `<desc>`. */
export function describeBins(n: number, h: ReturnType<typeof computeBins>): string {
  const { edges, bins } = h;
  const k = bins.length;
  const span = `from ${num(edges[0]!)} to ${num(edges[k]!)}`;
  const shape = equalWidth(edges)
    ? `${k} equal-width bin${k === 1 ? '' : 's'} of width ${num(edges[1]! - edges[0]!)}`
    : `${k} bins`;
  const tallest = bins.reduce((best, b) => (b.count > best.count ? b : best), bins[0]!);
  const outside = h.excluded > 0 ? ` ${h.excluded} values outside the edges are not counted.` : '';
  return `Histogram of ${n} values in ${shape} ${span}, showing ${h.normalize === 'count' ? 'counts' : 'density'}; the tallest bin [${num(tallest.x0)}, ${num(tallest.x1)}] holds ${tallest.count}.${outside}`;
}

/** Bars as SVG rectangles in the layout's scales. */
export function renderBars(
  bins: HistogramBin[],
  layout: Pick<Layout, 'xScale' | 'yScale'>,
  fill: string,
  stroke: string,
): string {
  const { xScale, yScale } = layout;
  const y0 = yScale(0);
  // Empty bins draw nothing, so `data-bin` (the bin's index in the geometry) keeps rects findable.
  const rects = bins
    .map((b, i) => {
      if (b.value <= 0) return '';
      const x = xScale(b.x0);
      const y = yScale(b.value);
      return el('rect', { class: 'em-bar', 'data-bin': i, x, y, width: xScale(b.x1) - x, height: y0 - y });
    })
    .join('');
  return el('g', { class: 'bars', fill, stroke, 'stroke-width': bins.length > 60 ? 0.5 : 1 }, rects);
}

function build(sample: ArrayLike<number>, options: HistogramOptions | undefined) {
  const values = toSample(sample, 'sample');
  const resolved: ResolvedOptions = resolveOptions(options, {
    yLabel: options?.normalize === 'density' ? 'density' : 'count',
  });
  const h = computeBins(values, options?.bins, options?.normalize);
  const maxValue = Math.max(...h.bins.map((b) => b.value));
  const legend: LegendItem[] = [];
  const layout = layoutChart({
    kind: 'histogram',
    options: resolved,
    legend,
    x: { domain: [h.edges[0]!, h.edges[h.edges.length - 1]!] },
    y: {
      domain: [0, maxValue > 0 ? maxValue : 1],
      nice: true,
      integer: h.normalize === 'count' && maxValue < 5,
    },
  });
  const geometry: HistogramGeometry = {
    ...h,
    n: values.length,
    xDomain: layout.xScale.domain() as [number, number],
    yDomain: layout.yScale.domain() as [number, number],
    xTicks: layout.xTicks,
    yTicks: layout.yTicks,
  };
  return { geometry, layout, resolved, description: describeBins(values.length, h) };
}

/**
 * Histogram geometry: bins (edges, counts, values), domains and ticks, for drawing with any library.
 *
 * @example
 * ```ts
 * import { histogramGeometry } from '@em/plot';
 * const { bins } = histogramGeometry([1, 2, 2, 3, 3, 3], { bins: 3 });
 * bins.map((b) => b.count); // [1, 2, 3]
 * ```
 */
export function histogramGeometry(sample: ArrayLike<number>, options?: HistogramOptions): HistogramGeometry {
  return build(sample, options).geometry;
}

/**
 * A histogram as a standalone SVG string. Each non-empty bin is a `rect.em-bar` whose `data-bin` is its
 * index in {@link histogramGeometry}'s `bins`.
 *
 * @example
 * ```ts
 * import { histogramSvg } from '@em/plot';
 * const svg = histogramSvg([1.2, 2.3, 2.1, 3.3, 2.9], { bins: 'sturges', title: 'Sample' });
 * svg.startsWith('<svg'); // true
 * svg.includes('class="em-bar" data-bin="0"'); // true
 * ```
 */
export function histogramSvg(sample: ArrayLike<number>, options?: HistogramOptions): string {
  const { geometry, layout, resolved, description } = build(sample, options);
  const { theme } = resolved;
  return renderDocument({
    kind: 'histogram',
    options: resolved,
    description,
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame: renderAxes(layout.plot, layout.xScale, layout.yScale, layout.xTicks, layout.yTicks, resolved),
    panels: [{ plot: layout.plot, body: renderBars(geometry.bins, layout, theme.bar, theme.barStroke) }],
    area: layout.plot,
  });
}
