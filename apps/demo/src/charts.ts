// Every chart of the demo comes from @em/plot's SVG functions; this file only picks their options
// (and maps clicks on a scatter back to data coordinates).

import type { CovarianceModel, ModelScore } from '@em/gaussian';
import {
  convergenceSvg,
  histogramSvg,
  mixtureDensitySvg,
  modelSelectionSvg,
  type ScatterOptions,
  scatterGeometry,
  scatterSvg,
} from '@em/plot';
import type { Matrix, ModelView } from './fit/protocol.js';
import type { ChartSize } from './ui.js';

// Proportions of each kind of chart. Pages draw them at their container's width (ui.ts chartSize), so
// that one unit of the SVG is one CSS pixel and the text keeps its size on every screen.
export const WIDE: ChartSize = { width: 720, height: 420 };
export const SIDE: ChartSize = { width: 480, height: 360 };
export const SQUARE: ChartSize = { width: 640, height: 600 };
// Fixed margins make the scatter's plotting area known, so a click can be turned back into data units.
const SCATTER_MARGIN = { top: 64, right: 20, bottom: 48, left: 56 };

/** A histogram (in density units, so fitted curves share its axis), with the fitted mixture over it. */
export function densityChart(
  X: Float64Array,
  bins: number,
  model: ModelView | undefined,
  xLabel = 'value',
  componentLabels?: string[],
  size: ChartSize = WIDE,
): string {
  const common = { ...size, bins, xLabel };
  if (!model) return histogramSvg(X, { ...common, normalize: 'density', title: `Histogram, ${bins} bins` });
  return mixtureDensitySvg(X, model, {
    ...common,
    ...(componentLabels ? { componentLabels } : {}),
    title: `Fitted mixture over the histogram (${bins} bins)`,
  });
}

export function convergenceChart(history: readonly number[], size: ChartSize = SIDE): string {
  return convergenceSvg(history, {
    ...size,
    title: 'Log-likelihood per iteration',
    yLabel: 'mean log-likelihood',
  });
}

/** A fixed x and y range for a scatter, so an interactive view stays still while points are added. */
export interface ScatterView {
  xDomain: [number, number];
  yDomain: [number, number];
}

/** The playground's view before it has any points. */
export const EMPTY_VIEW: ScatterView = { xDomain: [-10, 10], yDomain: [-10, 10] };

export interface ScatterChartOptions {
  model?: ModelView | undefined;
  labels?: Int32Array | undefined;
  /** Shade points by how unsure the model is about them (computed by @em/plot from the model). */
  uncertainty?: boolean;
  xLabel?: string;
  yLabel?: string;
  dims?: [number, number];
  /** Fixed axes; without it the axes fit the data and the ellipses. */
  view?: ScatterView | undefined;
  /** Width and height to draw at (default {@link SQUARE}). */
  size?: ChartSize;
}

function scatterOptions(X: Matrix, options: ScatterChartOptions): ScatterOptions {
  const names = Array.from({ length: X.cols }, (_, j) => `x${j + 1}`);
  const dims = options.dims ?? [0, 1];
  if (options.xLabel) names[dims[0]] = options.xLabel;
  if (options.yLabel) names[dims[1]] = options.yLabel;
  return {
    ...(options.size ?? SQUARE),
    margin: SCATTER_MARGIN,
    dims,
    dimensionNames: names,
    nStd: [1, 2],
    ...(options.view ? { xDomain: options.view.xDomain, yDomain: options.view.yDomain } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.labels && options.model ? { labels: options.labels } : {}),
    ...(options.uncertainty && options.model ? { uncertainty: true } : {}),
  };
}

/** A scatter of two columns, coloured by component, with 1- and 2-sd ellipses when a model is given. */
export function scatterChart(X: Matrix, options: ScatterChartOptions = {}): string {
  if (X.rows === 0)
    return '<div class="placeholder">No points yet: click here to add some, or press Generate.</div>';
  return scatterSvg(X, scatterOptions(X, options));
}

/** The (rounded-out) ranges @em/plot picks for X, to be kept fixed from then on. */
export function viewOf(X: Matrix): ScatterView {
  if (X.rows === 0) return EMPTY_VIEW;
  const { xDomain, yDomain } = scatterGeometry(X, scatterOptions(X, {}));
  return { xDomain, yDomain };
}

/**
 * The data coordinates under a click on a scatter drawn by {@link scatterChart} with `view`, or
 * undefined outside the plotting area. Exact because both the margins and the axes' ranges are fixed.
 */
export function pointerToData(
  container: HTMLElement,
  event: MouseEvent,
  view: ScatterView,
): [number, number] | undefined {
  // Before there are points the placeholder stands in for the chart, with the same shape (styles.css).
  const drawn = container.querySelector('svg') ?? container.querySelector('.placeholder');
  if (!drawn) return undefined;
  const box = drawn.getBoundingClientRect();
  const margin = SCATTER_MARGIN;
  // The SVG may scale to its container's width: map through its viewBox (the size it was drawn at).
  const viewBox = drawn instanceof SVGSVGElement ? drawn.viewBox.baseVal : undefined;
  const width = viewBox?.width || box.width;
  const height = viewBox?.height || box.height;
  const px = ((event.clientX - box.left) / box.width) * width;
  const py = ((event.clientY - box.top) / box.height) * height;
  const u = (px - margin.left) / (width - margin.left - margin.right);
  const v = (py - margin.top) / (height - margin.top - margin.bottom);
  if (u < 0 || u > 1 || v < 0 || v > 1) return undefined;
  const { xDomain, yDomain } = view;
  return [xDomain[0] + u * (xDomain[1] - xDomain[0]), yDomain[1] - v * (yDomain[1] - yDomain[0])];
}

/** Whether a cell of the selection table counts: fitted to the end and not collapsed, as @em/gaussian's `best`. */
const isCandidate = (score: ModelScore): boolean => score.status === 'fitted' && !score.collapsed;

/**
 * The BIC chart of the grid `covarianceTypes` × `nComponents` from the cells scored so far, or
 * undefined while none counts. Collapsed and failed cells are crosses on the bottom edge, interrupted
 * and not yet fitted cells gaps, so the ringed best is @em/gaussian's; the whole grid is always laid
 * out, so the axes stay put.
 */
export function bicChart(
  covarianceTypes: readonly CovarianceModel[],
  nComponents: readonly number[],
  scores: readonly (ModelScore | undefined)[],
  size: ChartSize = SIDE,
  sign: 'scikit-learn' | 'mclust' = 'scikit-learn',
): string | undefined {
  // mclust's plot(mclustBIC): 2 log L − p log n, one line per model, higher is better.
  const mclust = sign === 'mclust';
  const shown = (bic: number | null) => (mclust && bic !== null ? -bic : bic);
  if (!scores.some((score) => score && isCandidate(score))) return undefined;
  const rows = covarianceTypes.flatMap((covarianceType) =>
    nComponents.map((k) => {
      const score = scores.find((s) => s?.covarianceType === covarianceType && s.nComponents === k);
      // Collapsed and failed fits are marked on the chart (a cross), not dropped; cells not fitted yet are gaps.
      if (score?.status === 'fitted' && score.collapsed)
        return { covarianceType, nComponents: k, value: shown(score.bic), status: 'collapsed' as const };
      if (score?.status === 'failed')
        return { covarianceType, nComponents: k, value: null, status: 'failed' as const };
      if (!score || !isCandidate(score))
        return { covarianceType, nComponents: k, value: null, status: 'notFitted' as const };
      return { covarianceType, nComponents: k, value: shown(score.bic) };
    }),
  );
  return modelSelectionSvg(rows, {
    ...size,
    criterion: 'BIC',
    better: mclust ? 'higher' : 'lower',
    title: mclust
      ? "BIC by model and number of components (mclust's sign: higher is better)"
      : 'BIC by number of components (lower is better)',
  });
}
