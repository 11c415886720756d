import { InvalidInputError, InvalidOptionError } from '@em/core';
import { max } from 'd3-array';
import { num, textWidth } from './format.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el, text } from './svg/element.js';
import { componentColour } from './theme.js';
import type { Tick } from './ticks.js';

/**
 * One bar: a label (an allele, a haplotype such as `'1-2-2'`), an estimated frequency or proportion,
 * and optionally its standard error.
 *
 * @example
 * ```ts
 * import type { FrequencyBar } from '@em/plot';
 * const bar: FrequencyBar = { label: 'A', value: 0.2136, standardError: 0.0135 };
 * ```
 */
export interface FrequencyBar {
  /** Text under the bar. */
  label: string;
  /** Height of the bar (a frequency, a proportion or any value ≥ 0). */
  value: number;
  /** Standard error of `value`; draws an interval of ± `z` standard errors. */
  standardError?: number;
}

/**
 * Options of {@link frequencyBarsSvg} and {@link frequencyBarsGeometry}.
 *
 * @example
 * ```ts
 * import { frequencyBarsSvg, type FrequencyBarsOptions } from '@em/plot';
 * const options: FrequencyBarsOptions = { z: 1, sort: 'descending', title: 'ABO allele frequencies' };
 * frequencyBarsSvg([{ label: 'A', value: 0.21, standardError: 0.01 }], options);
 * ```
 */
export interface FrequencyBarsOptions extends ChartOptions {
  /** Half-width of the intervals in standard errors (default 1.96: 95% normal intervals). */
  z?: number;
  /** Bar order: `'none'` (as given, the default) or `'descending'` by value. */
  sort?: 'none' | 'descending';
}

/**
 * Everything needed to draw the bars with any library.
 *
 * @example
 * ```ts
 * import { frequencyBarsGeometry, type FrequencyBarsGeometry } from '@em/plot';
 * const g: FrequencyBarsGeometry = frequencyBarsGeometry([{ label: 'O', value: 0.74, standardError: 0.01 }]);
 * g.bars[0]!.high; // 0.74 + 1.96 × 0.01
 * ```
 */
export interface FrequencyBarsGeometry {
  /** The bars in drawing order, left to right. */
  bars: {
    /** The bar's label. */
    label: string;
    /** Its value. */
    value: number;
    /** Lower end of the interval (value − z·SE, not below 0), or `value` without a standard error. */
    low: number;
    /** Upper end of the interval (value + z·SE), or `value`. */
    high: number;
    /** Index of the bar in the input. */
    index: number;
  }[];
  /** y-axis range `[0, top]`, the top rounded up to a nice tick value. */
  yDomain: [number, number];
  /** Ticks of the y axis. */
  yTicks: Tick[];
}

function build(input: readonly FrequencyBar[], options: FrequencyBarsOptions | undefined) {
  const resolved = resolveOptions(options, { yLabel: 'frequency' });
  const z = options?.z ?? 1.96;
  if (typeof z !== 'number' || !Number.isFinite(z) || z < 0)
    throw new InvalidOptionError('z', 'a finite number >= 0', z);
  const sort = options?.sort ?? 'none';
  if (sort !== 'none' && sort !== 'descending')
    throw new InvalidOptionError('sort', "'none' or 'descending'", sort);
  if (!Array.isArray(input) || input.length === 0)
    throw new InvalidInputError('bars', 'a non-empty array of { label, value, standardError? }', input);
  const bars = input.map((bar, index) => {
    if (typeof bar !== 'object' || bar === null)
      throw new InvalidInputError('bars', 'an object { label, value, standardError? }', bar, { row: index });
    const { label, value, standardError } = bar;
    if (typeof label !== 'string')
      throw new InvalidInputError('bars.label', 'a string', label, { row: index });
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e300)
      throw new InvalidInputError('bars.value', 'a finite number >= 0', value, { row: index });
    if (
      standardError !== undefined &&
      (typeof standardError !== 'number' ||
        !Number.isFinite(standardError) ||
        standardError < 0 ||
        standardError > 1e300)
    )
      throw new InvalidInputError('bars.standardError', 'a finite number >= 0', standardError, {
        row: index,
      });
    const half = standardError === undefined ? 0 : z * standardError;
    return { label, value, low: Math.max(0, value - half), high: value + half, index };
  });
  if (sort === 'descending') bars.sort((a, b) => b.value - a.value || a.index - b.index);
  const top = max(bars, (b) => b.high)!;
  const widestLabel = Math.max(0, ...bars.map((b) => textWidth(b.label, resolved.fontSize)));
  // Labels wider than their slot are drawn at −45°; the bottom margin then grows to hold them.
  const rotate = widestLabel > (resolved.width - 90) / bars.length - 4;
  if (rotate && resolved.margin.bottom === undefined)
    resolved.margin = {
      ...resolved.margin,
      bottom: 18 + widestLabel * 0.71 + resolved.fontSize + (resolved.xLabel ? 10 + resolved.fontSize : 0),
    };
  const layout = layoutChart({
    kind: 'frequency-bars',
    options: resolved,
    legend: [],
    x: { domain: [0, bars.length] },
    y: { domain: [0, top > 0 ? top : 1], nice: true },
  });
  const geometry: FrequencyBarsGeometry = {
    bars,
    yDomain: layout.yScale.domain() as [number, number],
    yTicks: layout.yTicks,
  };
  const withSe = bars.filter((b) => b.high > b.value).length;
  const largest = bars.reduce((best, b) => (b.value > best.value ? b : best), bars[0]!);
  const description = `Bar chart of ${bars.length} frequencies${withSe > 0 ? ` with ±${num(z)} standard-error intervals on ${withSe}` : ''}; the largest is ${largest.label} at ${num(largest.value)}.`;
  return { geometry, layout, resolved, description, rotate };
}

/**
 * Frequency-bar geometry: bars with their intervals, the y domain and ticks.
 *
 * @example
 * ```ts
 * import { frequencyBarsGeometry } from '@em/plot';
 * const { bars } = frequencyBarsGeometry([
 *   { label: 'A', value: 0.2136, standardError: 0.0135 },
 *   { label: 'O', value: 0.7363, standardError: 0.0145 },
 * ], { sort: 'descending' });
 * bars.map((b) => b.label); // ['O', 'A']
 * ```
 */
export function frequencyBarsGeometry(
  bars: readonly FrequencyBar[],
  options?: FrequencyBarsOptions,
): FrequencyBarsGeometry {
  return build(bars, options).geometry;
}

/**
 * Estimated frequencies (allele, haplotype or any proportions) as bars with ± z standard-error
 * intervals, as a standalone SVG string. Each bar is a `rect.em-bar` and each interval a
 * `path.em-interval`, both with `data-index` (the bar's index in the input); labels are written
 * under the bars, rotated when they do not fit.
 *
 * @example
 * ```ts
 * import { frequencyBarsSvg } from '@em/plot';
 * const svg = frequencyBarsSvg(
 *   [
 *     { label: 'A', value: 0.2136, standardError: 0.0135 },
 *     { label: 'B', value: 0.0501, standardError: 0.0068 },
 *     { label: 'O', value: 0.7363, standardError: 0.0145 },
 *   ],
 *   { title: 'ABO allele frequencies, 95% intervals' },
 * );
 * svg.includes('class="em-interval"'); // true
 * ```
 */
export function frequencyBarsSvg(bars: readonly FrequencyBar[], options?: FrequencyBarsOptions): string {
  const { geometry, layout, resolved, description, rotate } = build(bars, options);
  const { theme, fontSize: fs } = resolved;
  const colour = componentColour(theme, 0);
  const slot = layout.plot.width / geometry.bars.length;
  const baseline = layout.yScale(0);
  let body = '';
  let labels = '';
  geometry.bars.forEach((bar, i) => {
    const x = layout.plot.left + i * slot;
    const width = slot * 0.7;
    const left = x + (slot - width) / 2;
    const y = layout.yScale(bar.value);
    body += el('rect', {
      class: 'em-bar',
      'data-index': bar.index,
      x: left,
      y,
      width,
      height: Math.max(0, baseline - y),
      fill: colour,
      'fill-opacity': 0.75,
    });
    if (bar.high > bar.low) {
      const cx = x + slot / 2;
      const [y0, y1] = [layout.yScale(bar.low), layout.yScale(bar.high)];
      const cap = Math.min(8, width / 3);
      const r = (v: number) => Math.round(v * 100) / 100;
      body += el('path', {
        class: 'em-interval',
        'data-index': bar.index,
        d: `M${r(cx)},${r(y0)}V${r(y1)}M${r(cx - cap)},${r(y0)}H${r(cx + cap)}M${r(cx - cap)},${r(y1)}H${r(cx + cap)}`,
        stroke: theme.foreground,
        'stroke-width': 1.5,
        fill: 'none',
      });
    }
    const lx = x + slot / 2;
    const ly = baseline + 8;
    labels += rotate
      ? text(
          {
            x: lx,
            y: ly,
            'text-anchor': 'end',
            transform: `rotate(-45 ${Math.round(lx * 100) / 100} ${Math.round(ly * 100) / 100})`,
            dy: '0.71em',
          },
          bar.label,
        )
      : text({ x: lx, y: ly, 'text-anchor': 'middle', dy: '0.71em' }, bar.label);
  });
  const frame =
    renderAxes(layout.plot, layout.xScale, layout.yScale, null, geometry.yTicks, resolved) +
    el('line', {
      x1: layout.plot.left,
      x2: layout.plot.left + layout.plot.width,
      y1: baseline,
      y2: baseline,
      stroke: theme.muted,
    }) +
    el('g', { class: 'x-labels', fill: theme.muted, 'font-size': fs }, labels);
  return renderDocument({
    kind: 'frequency-bars',
    options: resolved,
    description,
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame,
    panels: [{ plot: layout.plot, body }],
    area: layout.plot,
  });
}
