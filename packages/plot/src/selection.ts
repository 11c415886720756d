import { InvalidInputError, InvalidOptionError } from '@em/core';
import { max, min } from 'd3-array';
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
import { num } from './format.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el } from './svg/element.js';
import type { LegendItem } from './svg/legend.js';
import { componentColour } from './theme.js';
import type { Tick } from './ticks.js';

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
  /** The criterion's value (e.g. BIC), or null for a fit that failed, drawn as a gap in its line. */
  value: number | null;
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
}

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
    series.set(nComponents, value);
    if (value !== null && (best === null || (better === 'lower' ? value < best.value! : value > best.value!)))
      best = { covarianceType, nComponents, value };
  });
  if (best === null) throw new InvalidInputError('rows.value', 'at least one finite value', null);
  const chosen: SelectionRow = best;
  const series = [...byType].map(([covarianceType, values]) => ({
    covarianceType,
    points: [...values].sort((a, b) => a[0] - b[0]) as [number, number | null][],
  }));
  const ks = rows.map((r) => r.nComponents);
  const vs = rows.flatMap((r) => (r.value === null ? [] : [r.value]));
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
  const kMin = min(ks)!;
  const kMax = max(ks)!;
  const layout = layoutChart({
    kind: 'model-selection',
    options: resolved,
    legend,
    // Half a step of room on each side keeps end markers off the axes.
    x: { domain: [kMin - 0.3, kMax + 0.3], integer: true },
    y: { domain: [min(vs)!, max(vs)!], nice: true },
  });
  const geometry: ModelSelectionGeometry = {
    series,
    best: chosen,
    xDomain: layout.xScale.domain() as [number, number],
    yDomain: layout.yScale.domain() as [number, number],
    xTicks: layout.xTicks.filter((t) => t.value >= kMin && t.value <= kMax),
    yTicks: layout.yTicks,
  };
  const description = `${criterion} against the number of components (${kMin} to ${kMax}) for ${series.length} covariance type${series.length === 1 ? '' : 's'} (${series.map((s) => s.covarianceType).join(', ')}); ${better} is better. Best: ${chosen.covarianceType} with ${chosen.nComponents} component${chosen.nComponents === 1 ? '' : 's'}, ${criterion} ${num(chosen.value!)}.`;
  return { geometry, layout, resolved, description, criterion };
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
 * `data-components` (K).
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
        .filter((q) => q[1] !== null)
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
