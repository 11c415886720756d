import { InvalidOptionError } from '@em/core';
import { textWidth } from './format.js';
import { computeBins, type HistogramBin, renderBars } from './histogram.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { type PointOptions, preparePoints } from './points.js';
import {
  type ComponentEllipse,
  type ComponentMean,
  columnDomain,
  describeScatter,
  projectModel,
  renderScatterBody,
  scatterLegend,
} from './scatter.js';
import { headerLayout, renderAxes, renderDocument } from './svg/chart.js';
import { el, text } from './svg/element.js';
import { axisTicks, type Tick } from './ticks.js';
import type { MatrixInput } from './validate.js';

/**
 * Options of {@link scatterMatrixSvg} and {@link scatterMatrixGeometry}.
 *
 * @example
 * ```ts
 * import { scatterMatrixSvg, type ScatterMatrixOptions } from '@em/plot';
 * const options: ScatterMatrixOptions = { dims: [0, 2], gap: 12, width: 500, height: 500 };
 * scatterMatrixSvg([[0, 1, 2], [3, 4, 5], [6, 7, 9]], options);
 * ```
 */
export interface ScatterMatrixOptions extends Omit<ChartOptions, 'xLabel' | 'yLabel'>, PointOptions {
  /** Columns to show, 0-based (default all). */
  dims?: readonly number[];
  /** Gap between panels in pixels (default 16). */
  gap?: number;
}

/**
 * One off-diagonal panel: column `xDim` of X across, `yDim` up.
 *
 * @example
 * ```ts
 * import { scatterMatrixGeometry, type ScatterMatrixPanel } from '@em/plot';
 * const [panel]: ScatterMatrixPanel[] = scatterMatrixGeometry([[0, 1], [2, 3], [4, 4]]).panels;
 * [panel!.xDim, panel!.yDim]; // [1, 0]
 * ```
 */
export interface ScatterMatrixPanel {
  /** 0-based row of the panel in the grid, from the top; the row shows `dims[row]` up. */
  row: number;
  /** 0-based column of the panel in the grid, from the left; the column shows `dims[col]` across. */
  col: number;
  /** Column of X on the panel's horizontal axis (0-based). */
  xDim: number;
  /** Column of X on the panel's vertical axis (0-based). */
  yDim: number;
  /** Each component's ellipses projected onto (`xDim`, `yDim`), in data units; empty without a model. */
  ellipses: ComponentEllipse[];
  /** Each component's mean in (`xDim`, `yDim`), in data units; empty without a model. */
  means: ComponentMean[];
}

/**
 * Everything needed to draw a scatter matrix with any library.
 *
 * @example
 * ```ts
 * import { scatterMatrixGeometry, type ScatterMatrixGeometry } from '@em/plot';
 * const g: ScatterMatrixGeometry = scatterMatrixGeometry([[0, 1, 2], [3, 4, 5], [6, 7, 9]]);
 * g.histograms.length; // 3
 * ```
 */
export interface ScatterMatrixGeometry {
  /** The shown columns of X, 0-based, in grid order: row and column i show `dims[i]`. */
  dims: number[];
  /** Drawn points with their values in `dims` order. */
  points: { index: number; values: number[]; component: number | null; uncertainty: number | null }[];
  /** Number of rows in X. */
  total: number;
  /** True when X has more rows than `maxPoints`, so `points` is a reproducible random subsample. */
  subsampled: boolean;
  /** Domain of each shown dimension, shared by its row and its column. */
  domains: [number, number][];
  /** x-axis ticks of each shown dimension (index i is `dims[i]`), in data units, drawn below the last row. */
  xTicks: Tick[][];
  /** y-axis ticks of each shown dimension, in data units, drawn left of the first column. */
  yTicks: Tick[][];
  /** The off-diagonal panels, row by row (the diagonal holds `histograms`). */
  panels: ScatterMatrixPanel[];
  /** The histogram of each dimension, drawn on the diagonal. */
  histograms: HistogramBin[][];
}

function build(X: MatrixInput, options: ScatterMatrixOptions | undefined) {
  const p = preparePoints(X, options);
  const dims =
    options?.dims === undefined ? Array.from({ length: p.cols }, (_, j) => j) : options.dims.slice();
  if (
    !Array.isArray(dims) ||
    dims.length < 2 ||
    dims.some((d) => !Number.isInteger(d) || d < 0 || d >= p.cols) ||
    new Set(dims).size !== dims.length
  )
    throw new InvalidOptionError(
      'dims',
      `at least 2 different column indices in [0, ${p.cols - 1}]`,
      options?.dims,
    );
  const gap = options?.gap ?? 16;
  if (typeof gap !== 'number' || !Number.isFinite(gap) || gap < 0)
    throw new InvalidOptionError('gap', 'a number >= 0', gap);
  const resolved = resolveOptions(options as ChartOptions | undefined);
  const fs = resolved.fontSize;
  const tickFs = fs * 0.9;
  const legend = scatterLegend(p, resolved.theme);
  const header = headerLayout(resolved, legend);
  const n = dims.length;
  const top = resolved.margin.top ?? header.height + fs * 0.6;
  const bottom = resolved.margin.bottom ?? 10 + 5 + 4 + tickFs;
  const cellH = Math.max(10, (resolved.height - top - bottom - gap * (n - 1)) / n);
  const domains = dims.map((d) => columnDomain(p, d));
  const yAxes = domains.map((domain) => axisTicks({ domain, nice: true }, [cellH, 0], 35, tickFs, false));
  const widest = Math.max(...yAxes.flatMap((a) => a.ticks.map((t) => textWidth(t.label, tickFs))));
  const left = resolved.margin.left ?? 10 + widest + 5 + 5;
  const right = resolved.margin.right ?? 10 + 12;
  const cellW = Math.max(10, (resolved.width - left - right - gap * (n - 1)) / n);
  // Rows and columns of one dimension must agree, so x uses the y axis's nice domain.
  const xAxes = yAxes.map((a) =>
    axisTicks({ domain: a.scale.domain() as [number, number] }, [0, cellW], 70, tickFs, true),
  );
  const cell = (row: number, col: number) => ({
    left: left + col * (cellW + gap),
    top: top + row * (cellH + gap),
    width: cellW,
    height: cellH,
  });
  const panels: ScatterMatrixPanel[] = [];
  dims.forEach((yDim, row) => {
    dims.forEach((xDim, col) => {
      if (row !== col) panels.push({ row, col, xDim, yDim, ...projectModel(p, xDim, yDim) });
    });
  });
  const histograms = dims.map((d) => {
    const column = Float64Array.from(p.indices, (r) => p.data[r * p.cols + d]!);
    const [lo, hi] = (xAxes[dims.indexOf(d)] as (typeof xAxes)[number]).scale.domain() as [number, number];
    const edges = computeBins(column, 'auto', 'count').edges;
    const step = (edges[edges.length - 1]! - edges[0]!) / Math.max(1, edges.length - 1);
    // Bins over the whole panel range, so the bars line up with the panel's ticks.
    const count = Math.max(1, Math.min(60, Math.round((hi - lo) / step)));
    return computeBins(
      column,
      count === 1 ? 1 : Array.from({ length: count + 1 }, (_, i) => lo + ((hi - lo) * i) / count),
      'count',
    ).bins;
  });
  const geometry: ScatterMatrixGeometry = {
    dims,
    points: p.indices.map((r) => ({
      index: r,
      values: dims.map((d) => p.data[r * p.cols + d]!),
      component: p.labels ? p.labels[r]! : null,
      uncertainty: p.uncertainty ? p.uncertainty[r]! : null,
    })),
    total: p.rows,
    subsampled: p.indices.length < p.rows,
    domains: yAxes.map((a) => a.scale.domain() as [number, number]),
    xTicks: xAxes.map((a) => a.ticks),
    yTicks: yAxes.map((a) => a.ticks),
    panels,
    histograms,
  };
  return {
    p,
    geometry,
    resolved,
    header,
    cell,
    xAxes,
    yAxes,
    area: { left, top, width: n * cellW + (n - 1) * gap, height: n * cellH + (n - 1) * gap },
  };
}

/**
 * Geometry of a scatter matrix: shared domains and ticks per dimension, drawn points, every panel's
 * ellipses and means, and the diagonal histograms.
 *
 * @example
 * ```ts
 * import { scatterMatrixGeometry } from '@em/plot';
 * const X = [[0, 0, 1], [1, 0.5, 2], [5, 5, 0], [6, 5.5, 1]];
 * const { panels } = scatterMatrixGeometry(X);
 * panels.length; // 6 (3 × 3 minus the diagonal)
 * ```
 */
export function scatterMatrixGeometry(X: MatrixInput, options?: ScatterMatrixOptions): ScatterMatrixGeometry {
  return build(X, options).geometry;
}

/**
 * Every pair of dimensions in a grid, coloured by component with ellipses and means, histograms on the
 * diagonal; for data with more than two columns. Same subsampling rule as {@link scatterSvg}.
 *
 * @example
 * ```ts
 * import { scatterMatrixSvg } from '@em/plot';
 * const X = [[5.1, 3.5, 1.4], [4.9, 3.0, 1.4], [6.3, 3.3, 6.0], [5.8, 2.7, 5.1]];
 * const svg = scatterMatrixSvg(X, { labels: [0, 0, 1, 1], dimensionNames: ['sepal length', 'sepal width', 'petal length'] });
 * ```
 */
export function scatterMatrixSvg(X: MatrixInput, options?: ScatterMatrixOptions): string {
  const { p, geometry, resolved, header, cell, xAxes, yAxes, area } = build(X, options);
  const { theme, fontSize: fs } = resolved;
  const n = geometry.dims.length;
  const tickOptions = { ...resolved, fontSize: fs * 0.9 };
  let frame = '';
  const panels: { plot: ReturnType<typeof cell>; body: string }[] = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const plot = cell(row, col);
      const xScale = xAxes[col]!.scale.copy().range([plot.left, plot.left + plot.width]);
      const yScale = yAxes[row]!.scale.copy().range([plot.top + plot.height, plot.top]);
      frame += el('rect', {
        x: plot.left,
        y: plot.top,
        width: plot.width,
        height: plot.height,
        fill: 'none',
        stroke: theme.grid,
      });
      frame += renderAxes(
        plot,
        xScale,
        yScale,
        row === n - 1 ? xAxes[col]!.ticks : null,
        col === 0 ? yAxes[row]!.ticks : null,
        tickOptions,
        false,
      );
      let body: string;
      if (row === col) {
        const bins = geometry.histograms[row]!;
        const peak = Math.max(1, ...bins.map((b) => b.count));
        // Bars fill the lower three quarters, leaving room for the dimension's name.
        const hScale = yScale.copy().domain([0, peak / 0.72]);
        body = renderBars(bins, { xScale, yScale: hScale }, theme.bar, theme.barStroke);
        frame += text(
          {
            x: plot.left + 5,
            y: plot.top + 5,
            dy: '0.8em',
            fill: theme.foreground,
            'font-size': fs,
            'font-weight': 600,
          },
          p.names[geometry.dims[row] as number] as string,
        );
      } else {
        const panel = geometry.panels.find((q) => q.row === row && q.col === col)!;
        const points = geometry.points.map((pt) => ({
          index: pt.index,
          x: pt.values[col]!,
          y: pt.values[row]!,
          component: pt.component,
          uncertainty: pt.uncertainty,
        }));
        body = renderScatterBody(points, panel.ellipses, panel.means, p, xScale, yScale, theme);
      }
      panels.push({ plot, body });
    }
  }
  return renderDocument({
    kind: 'scatter-matrix',
    options: { ...resolved, xLabel: undefined, yLabel: undefined },
    description: `Scatter matrix of ${n} dimensions (${geometry.dims.map((d) => p.names[d]).join(', ')}), every pair in a panel, histograms on the diagonal. ${describeScatter(p, geometry.dims)}`,
    legend: header.legend,
    legendTop: header.legendTop,
    frame,
    panels,
    area,
  });
}
