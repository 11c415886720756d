import { InvalidInputError, InvalidOptionError } from '@em/core';
import { max, min, quantileSorted } from 'd3-array';
import {
  line,
  symbol,
  symbolCircle,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
} from 'd3-shape';
import { escapeXml } from './escape.js';
import { num } from './format.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el } from './svg/element.js';
import type { LegendItem } from './svg/legend.js';
import { componentColour } from './theme.js';
import { type Tick, wholeNumberTicks } from './ticks.js';

/**
 * One fitted candidate: its covariance type, number of components and criterion value (null if it failed).
 *
 * @example
 * ```ts
 * import { modelSelectionSvg, type SelectionRow } from '@em/plot';
 * const rows: SelectionRow[] = [
 *   { covarianceType: 'full', nComponents: 1, value: 530 },
 *   { covarianceType: 'full', nComponents: 2, value: null }, // this fit failed
 *   { covarianceType: 'full', nComponents: 3, value: 470 },
 * ];
 * modelSelectionSvg(rows);
 * ```
 */
export interface SelectionRow {
  /** Covariance model's name (`'full'`, mclust's `'VVV'`, …); rows sharing it form one line. */
  covarianceType: string;
  /** Number of components K, an integer >= 1 (the x position). */
  nComponents: number;
  /** The criterion's value (e.g. BIC), or null for a fit that failed (not estimable). */
  value: number | null;
  /**
   * Why the row is not a candidate, when it is not: `'collapsed'` (a component collapsed onto a point
   * or a line, so the value only reflects the covariance floor) or `'failed'` (not estimable). Such
   * rows are a gap in their line and a cross on the bottom edge, never the best, and left out of the
   * axis range. A null value without a status counts as `'failed'`. `'notFitted'` (a grid stopped or
   * still filling in) is only a gap: there is nothing to mark yet.
   */
  status?: 'collapsed' | 'failed' | 'notFitted';
}

/**
 * A row that is not a candidate, as {@link ModelSelectionGeometry.excluded} lists it.
 *
 * @example
 * ```ts
 * import { modelSelectionGeometry, type ExcludedRow } from '@em/plot';
 * const rows = [
 *   { covarianceType: 'diag', nComponents: 1, value: 900 },
 *   { covarianceType: 'diag', nComponents: 2, value: -5000, status: 'collapsed' as const },
 * ];
 * const excluded: ExcludedRow[] = modelSelectionGeometry(rows).excluded; // [{ …, nComponents: 2, status: 'collapsed' }]
 * ```
 */
export interface ExcludedRow {
  /** The covariance type (the series) of the excluded fit. */
  covarianceType: string;
  /** Its number of components (where its cross is drawn on the K axis). */
  nComponents: number;
  /** Why it has no value: `'collapsed'` (a component collapsed) or `'failed'` (not estimable). */
  status: 'collapsed' | 'failed';
}

/**
 * Options of {@link modelSelectionSvg} and {@link modelSelectionGeometry}.
 *
 * @example
 * ```ts
 * import { modelSelectionSvg, type ModelSelectionOptions } from '@em/plot';
 * const mclustStyle: ModelSelectionOptions = { criterion: 'BIC', better: 'higher' };
 * modelSelectionSvg([{ covarianceType: 'VVV', nComponents: 2, value: -1200 }], mclustStyle);
 * ```
 */
export interface ModelSelectionOptions extends ChartOptions {
  /** Name of the criterion, for the axis and description (default `'BIC'`). */
  criterion?: string;
  /** Which values are better: `'lower'` (scikit-learn's BIC/AIC, the default) or `'higher'` (mclust's BIC). */
  better?: 'lower' | 'higher';
  /**
   * Keep a runaway curve (spherical covariances, K = 1 on clustered data) from squeezing the others
   * into a thin band (default true): the axis then reaches from the best value only to
   * {@link ZOOM_FACTOR} times the lower quartile of the values' distances from it, and values beyond
   * are drawn as triangles on the edge of the plot, their lines clipped there. `false` shows every value.
   */
  zoom?: boolean;
}

/**
 * How far a zoomed model-selection axis reaches from the best value, in lower quartiles of the values'
 * distances from it (see {@link ModelSelectionOptions.zoom}).
 *
 * @example
 * ```ts
 * import { ZOOM_FACTOR } from '@em/plot';
 * ZOOM_FACTOR; // 10
 * ```
 */
export const ZOOM_FACTOR = 10;

/**
 * Everything needed to draw a model-selection chart with any library.
 *
 * @example
 * ```ts
 * import { modelSelectionGeometry, type ModelSelectionGeometry } from '@em/plot';
 * const g: ModelSelectionGeometry = modelSelectionGeometry([{ covarianceType: 'diag', nComponents: 3, value: 10 }]);
 * g.series[0]!.points; // [[3, 10]]
 * ```
 */
export interface ModelSelectionGeometry {
  /** One line per covariance type, in order of first appearance; points sorted by number of components. */
  series: { covarianceType: string; points: [number, number | null][] }[];
  /** The row with the best value (lowest, or highest with `better: 'higher'`); on a tie, the first given. */
  best: SelectionRow;
  /**
   * x-axis range in numbers of components, `[smallest K − 0.3, largest K + 0.3]`, which keeps the end
   * markers off the axes.
   */
  xDomain: [number, number];
  /** y-axis range in criterion units: the finite values' range rounded outwards to nice tick values. */
  yDomain: [number, number];
  /** Whole-number ticks from the smallest to the largest K. */
  xTicks: Tick[];
  /** Rows that are not candidates (collapsed or failed), drawn as crosses on the bottom edge. */
  excluded: ExcludedRow[];
  /** Candidates beyond the zoomed axis, drawn as triangles on its edge (empty when nothing is cut). */
  offScale: SelectionRow[];
  /** Criterion ticks within `yDomain`. */
  yTicks: Tick[];
}

const symbols = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolStar, symbolWye];

function build(rows: readonly SelectionRow[], options: ModelSelectionOptions | undefined) {
  const criterion = options?.criterion ?? 'BIC';
  if (typeof criterion !== 'string') throw new InvalidOptionError('criterion', 'a string', criterion);
  const better = options?.better ?? 'lower';
  if (better !== 'lower' && better !== 'higher')
    throw new InvalidOptionError('better', "'lower' or 'higher'", better);
  const resolved = resolveOptions(options, { xLabel: 'number of components', yLabel: criterion });
  if (!Array.isArray(rows) || rows.length === 0)
    throw new InvalidInputError('rows', 'a non-empty array of { covarianceType, nComponents, value }', rows);
  const byType = new Map<string, Map<number, number | null>>();
  const excluded: ExcludedRow[] = [];
  const candidates: SelectionRow[] = [];
  let best: SelectionRow | null = null;
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null)
      throw new InvalidInputError('rows', '{ covarianceType, nComponents, value }', row, { row: i });
    const { covarianceType, nComponents, value } = row;
    if (typeof covarianceType !== 'string')
      throw new InvalidInputError('rows.covarianceType', 'a string', covarianceType, { row: i });
    if (!Number.isInteger(nComponents) || nComponents < 1)
      throw new InvalidInputError('rows.nComponents', 'an integer >= 1', nComponents, { row: i });
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value)))
      throw new InvalidInputError('rows.value', 'a finite number, or null for a failed fit', value, {
        row: i,
      });
    const status = row.status ?? (value === null ? 'failed' : undefined);
    if (status !== undefined && status !== 'collapsed' && status !== 'failed' && status !== 'notFitted')
      throw new InvalidInputError('rows.status', "'collapsed', 'failed', 'notFitted' or absent", status, {
        row: i,
      });
    let series = byType.get(covarianceType);
    if (!series) {
      series = new Map();
      byType.set(covarianceType, series);
    }
    if (series.has(nComponents))
      throw new InvalidInputError(
        'rows',
        `one row per covariance type and K (${covarianceType}, K = ${nComponents} repeats)`,
        row,
        { row: i },
      );
    if (status !== undefined) {
      if (status !== 'notFitted') excluded.push({ covarianceType, nComponents, status });
      series.set(nComponents, null);
      return;
    }
    series.set(nComponents, value);
    candidates.push({ covarianceType, nComponents, value });
    if (value !== null && (best === null || (better === 'lower' ? value < best.value! : value > best.value!)))
      best = { covarianceType, nComponents, value };
  });
  if (best === null)
    throw new InvalidInputError(
      'rows.value',
      'at least one finite value of a candidate (not collapsed)',
      null,
    );
  const chosen: SelectionRow = best;
  const series = [...byType].map(([covarianceType, values]) => ({
    covarianceType,
    points: [...values].sort((a, b) => a[0] - b[0]) as [number, number | null][],
  }));
  const ks = rows.map((r) => r.nComponents);
  const vs = candidates.map((r) => r.value!);
  const reach = options?.zoom === false ? undefined : zoomReach(vs, chosen.value!);
  const offScale =
    reach === undefined ? [] : candidates.filter((r) => Math.abs(r.value! - chosen.value!) > reach);
  const shown = reach === undefined ? vs : vs.filter((v) => Math.abs(v - chosen.value!) <= reach);
  const { theme } = resolved;
  const legend: LegendItem[] = series.map((s, i) => ({
    label: s.covarianceType,
    colour: componentColour(theme, i),
    mark: 'symbol',
    dash: '',
    symbol: symbol(symbols[i % symbols.length], 48)()!,
  }));
  legend.push({
    label: `best: ${chosen.covarianceType}, K = ${chosen.nComponents} (${better === 'lower' ? 'lowest' : 'highest'} ${criterion})`,
    colour: theme.foreground,
    mark: 'ellipse',
  });
  if (offScale.length > 0)
    legend.push({ label: 'off scale', colour: theme.muted, mark: 'symbol', symbol: offScaleMark(better) });
  if (excluded.length > 0) {
    const kinds = new Set(excluded.map((e) => e.status));
    legend.push({
      label:
        kinds.size === 2
          ? 'collapsed or not estimable'
          : kinds.has('collapsed')
            ? 'collapsed'
            : 'not estimable',
      colour: theme.muted,
      mark: 'symbol',
      symbol: CROSS,
    });
  }
  const kMin = min(ks)!;
  const kMax = max(ks)!;
  const layout = layoutChart({
    kind: 'model-selection',
    options: resolved,
    legend,
    // Half a step of room on each side keeps end markers off the axes.
    x: { domain: [kMin - 0.3, kMax + 0.3], integer: true },
    y: { domain: [min(shown)!, max(shown)!], nice: true },
  });
  const geometry: ModelSelectionGeometry = {
    series,
    best: chosen,
    xDomain: layout.xScale.domain() as [number, number],
    yDomain: layout.yScale.domain() as [number, number],
    // Every K when the labels fit, else every 2nd, 5th, … from the smallest: always whole numbers.
    xTicks: wholeNumberTicks(kMin, kMax, layout.plot.width, resolved.fontSize),
    yTicks: layout.yTicks,
    excluded,
    offScale,
  };
  const description = `${criterion} against the number of components (${kMin} to ${kMax}) for ${series.length} covariance type${series.length === 1 ? '' : 's'} (${series.map((s) => s.covarianceType).join(', ')}); ${better} is better. Best: ${chosen.covarianceType} with ${chosen.nComponents} component${chosen.nComponents === 1 ? '' : 's'}, ${criterion} ${num(chosen.value!)}.${describeMarks(excluded, offScale, criterion)}`;
  return { geometry, layout, resolved, description, criterion };
}

/**
 * The zoomed axis's reach from the best value, or undefined when every value fits without squeezing.
 * The lower quartile of the distances measures the spread of the good models, which a runaway curve
 * does not move.
 */
function zoomReach(values: number[], best: number): number | undefined {
  const distances = values.map((v) => Math.abs(v - best)).sort((a, b) => a - b);
  const quartile = quantileSorted(distances, 0.25) ?? 0;
  if (!(quartile > 0)) return undefined;
  const reach = ZOOM_FACTOR * quartile;
  return distances[distances.length - 1]! > reach ? reach : undefined;
}

/** A cross (✕) as a filled path centred on (0, 0), for rows that are not candidates. */
const CROSS = 'M-5,-3.5L-3.5,-5L0,-1.5L3.5,-5L5,-3.5L1.5,0L5,3.5L3.5,5L0,1.5L-3.5,5L-5,3.5L-1.5,0Z';

/** A triangle pointing off the axis: up where worse values are (lower is better), else down. */
function offScaleMark(better: 'lower' | 'higher'): string {
  return better === 'lower' ? 'M0,-5L5,4L-5,4Z' : 'M0,5L5,-4L-5,-4Z';
}

function describeMarks(excluded: ExcludedRow[], offScale: SelectionRow[], criterion: string): string {
  const name = (r: { covarianceType: string; nComponents: number }) =>
    `${r.covarianceType} K = ${r.nComponents}`;
  let text = '';
  if (offScale.length > 0)
    text += ` Off scale (drawn on the edge): ${offScale.map((r) => `${name(r)} (${criterion} ${num(r.value!)})`).join(', ')}.`;
  const collapsed = excluded.filter((e) => e.status === 'collapsed');
  const failed = excluded.filter((e) => e.status === 'failed');
  if (collapsed.length > 0) text += ` Collapsed, not candidates: ${collapsed.map(name).join(', ')}.`;
  if (failed.length > 0) text += ` Not estimable: ${failed.map(name).join(', ')}.`;
  return text;
}

/**
 * Model-selection geometry: a series per covariance type and the best candidate.
 *
 * @example
 * ```ts
 * import { modelSelectionGeometry } from '@em/plot';
 * const rows = [
 *   { covarianceType: 'full', nComponents: 1, value: 812.4 },
 *   { covarianceType: 'full', nComponents: 2, value: 640.1 },
 *   { covarianceType: 'diag', nComponents: 1, value: 815.0 },
 *   { covarianceType: 'diag', nComponents: 2, value: 655.3 },
 * ];
 * modelSelectionGeometry(rows).best; // { covarianceType: 'full', nComponents: 2, value: 640.1 }
 * ```
 */
export function modelSelectionGeometry(
  rows: readonly SelectionRow[],
  options?: ModelSelectionOptions,
): ModelSelectionGeometry {
  return build(rows, options).geometry;
}

/**
 * BIC (or AIC) against the number of components, a line per covariance type, the best marked — like
 * mclust's BIC plot. Lower is better by default (scikit-learn's sign); pass `better: 'higher'` for mclust's.
 * Hooks: each covariance type's line is `path.em-line` and its markers `path.em-marker`, both with
 * `data-series` (the covariance type); markers and the best-model ring `circle.em-best` also carry
 * `data-components` (K). Rows that are not candidates are `path.em-excluded` crosses (with
 * `data-status`), and values beyond a zoomed axis `path.em-off-scale` triangles on its edge.
 *
 * @example
 * ```ts
 * import { modelSelectionSvg } from '@em/plot';
 * const rows = [1, 2, 3].flatMap((k) => [
 *   { covarianceType: 'full', nComponents: k, value: [900, 700, 720][k - 1]! },
 *   { covarianceType: 'spherical', nComponents: k, value: [950, 760, 740][k - 1]! },
 * ]);
 * const svg = modelSelectionSvg(rows, { title: 'Choosing K' });
 * svg.includes('class="em-best" data-series="full" data-components="2"'); // true
 * ```
 */
export function modelSelectionSvg(rows: readonly SelectionRow[], options?: ModelSelectionOptions): string {
  const { geometry, layout, resolved, description } = build(rows, options);
  const { theme } = resolved;
  const { xScale, yScale } = layout;
  const path = line<[number, number | null]>()
    .defined((q) => q[1] !== null)
    .x((q) => xScale(q[0]))
    .y((q) => yScale(q[1]!))
    .digits(2);
  const offScale = new Set(geometry.offScale.map((r) => `${r.covarianceType}\u0000${r.nComponents}`));
  let body = '';
  geometry.series.forEach((s, i) => {
    const colour = componentColour(theme, i);
    const shape = symbol(symbols[i % symbols.length], 48)()!;
    const series = s.covarianceType;
    body += el('path', {
      class: 'em-line',
      'data-series': series,
      d: path(s.points) ?? '',
      fill: 'none',
      stroke: colour,
      'stroke-width': 2,
    });
    body += el(
      'g',
      { fill: colour },
      s.points
        // Off-scale values get a triangle on the edge instead.
        .filter((q) => q[1] !== null && !offScale.has(`${series}\u0000${q[0]}`))
        .map((q) =>
          el('path', {
            class: 'em-marker',
            'data-series': series,
            'data-components': q[0],
            d: shape,
            transform: `translate(${Math.round(xScale(q[0]) * 100) / 100},${Math.round(yScale(q[1]!) * 100) / 100})`,
          }),
        )
        .join(''),
    );
  });
  const at = (v: number) => Math.round(v * 100) / 100;
  const { plot } = layout;
  // Off-scale candidates sit just inside the edge they went past; excluded rows on the bottom edge.
  const high = Math.max(...(yScale.domain() as [number, number]));
  // Several marks at one K stack away from the edge, so none hides another.
  const stacked = new Map<string, number>();
  const stack = (edge: string, k: number) => {
    const key = `${edge}${k}`;
    const n = stacked.get(key) ?? 0;
    stacked.set(key, n + 1);
    return n * 11;
  };
  body += geometry.offScale
    .map((r) => {
      const past =
        r.value! > high
          ? plot.top + 7 + stack('top', r.nComponents)
          : plot.top + plot.height - 7 - stack('bottom', r.nComponents);
      const i = geometry.series.findIndex((s) => s.covarianceType === r.covarianceType);
      return el(
        'path',
        {
          class: 'em-off-scale',
          'data-series': r.covarianceType,
          'data-components': r.nComponents,
          d: r.value! > high ? offScaleMark('lower') : offScaleMark('higher'),
          fill: componentColour(theme, i),
          transform: `translate(${at(xScale(r.nComponents))},${past})`,
        },
        el('title', {}, escapeXml(`${r.covarianceType}, K = ${r.nComponents}: ${num(r.value!)} (off scale)`)),
      );
    })
    .join('');
  body += geometry.excluded
    .map((r) => {
      const i = geometry.series.findIndex((s) => s.covarianceType === r.covarianceType);
      return el(
        'path',
        {
          class: 'em-excluded',
          'data-series': r.covarianceType,
          'data-components': r.nComponents,
          'data-status': r.status,
          d: CROSS,
          fill: componentColour(theme, i),
          transform: `translate(${at(xScale(r.nComponents))},${plot.top + plot.height - 7 - stack('bottom', r.nComponents)})`,
        },
        el(
          'title',
          {},
          escapeXml(
            `${r.covarianceType}, K = ${r.nComponents}: ${r.status === 'collapsed' ? 'collapsed' : 'not estimable'}`,
          ),
        ),
      );
    })
    .join('');
  const bx = xScale(geometry.best.nComponents);
  const by = yScale(geometry.best.value!);
  body += el('circle', {
    class: 'em-best',
    'data-series': geometry.best.covarianceType,
    'data-components': geometry.best.nComponents,
    cx: bx,
    cy: by,
    r: 9,
    fill: 'none',
    stroke: theme.foreground,
    'stroke-width': 2,
  });
  const frame = renderAxes(layout.plot, xScale, yScale, geometry.xTicks, geometry.yTicks, resolved);
  return renderDocument({
    kind: 'model-selection',
    options: resolved,
    description,
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame,
    panels: [{ plot: layout.plot, body }],
    area: layout.plot,
  });
}
