import { InvalidInputError, InvalidOptionError } from '@em/core';
import { toFlatMatrix } from '@em/core/numeric';
import { type MixtureModel, type NormalizedModel, normalizeModel } from './model.js';
import { posteriors } from './posterior.js';
import { subsampleIndices } from './subsample.js';
import type { MatrixInput } from './validate.js';

/**
 * Options shared by the scatter plot and the scatter matrix.
 *
 * @example
 * ```ts
 * import { scatterMatrixSvg, type PointOptions } from '@em/plot';
 * const points: PointOptions = { labels: [0, 1, 1], dimensionNames: ['a', 'b', 'c'], pointRadius: 3 };
 * scatterMatrixSvg([[0, 1, 2], [3, 4, 5], [6, 7, 9]], points);
 * ```
 */
export interface PointOptions {
  /** The fitted mixture: colours points by most probable component, and gives the ellipses and means. */
  model?: MixtureModel;
  /** Component of each point (e.g. from `predict`); overrides the model's own assignment. */
  labels?: ArrayLike<number>;
  /** Posterior probabilities, N × K (e.g. from `predictProba`); give labels and uncertainty. */
  probabilities?: MatrixInput;
  /** Shade points by uncertainty, 1 − max posterior (needs `model` or `probabilities`). Default false. */
  uncertainty?: boolean;
  /**
   * With `uncertainty`, the opacity of points the model is sure about (uncertainty 0), from 0 to 1
   * (default 0.5); opacity rises linearly to 1 for the most uncertain points possible with K components.
   */
  minOpacity?: number;
  /** Ellipses at these numbers of standard deviations (default [1, 2, 3]; [] for none). */
  nStd?: readonly number[];
  /** Most points drawn; larger samples are subsampled reproducibly (default 5000). */
  maxPoints?: number;
  /** Seed of the subsample (default 1). */
  seed?: number;
  /** Names of the data's columns, for axis titles. */
  dimensionNames?: readonly string[];
  /** Legend labels of the components (default "component 1", …). */
  componentLabels?: readonly string[];
  /** Radius of a point in pixels (default 2.5, or 1.75 above 2000 drawn points). */
  pointRadius?: number;
}

/** Data, model and per-point assignment, validated, plus which rows to draw. */
export interface PreparedPoints {
  data: Float64Array;
  rows: number;
  cols: number;
  model: NormalizedModel | null;
  /** Number of components for colours and the legend (0 when points are not assigned). */
  k: number;
  labels: Int32Array | null;
  uncertainty: Float64Array | null;
  indices: number[];
  nStd: number[];
  seed: number;
  maxPoints: number;
  names: string[];
  componentLabels: string[];
  radius: number;
  minOpacity: number;
}

/** The most components a chart colours and lists. */
const MAX_COMPONENTS = 1000;

export function preparePoints(X: MatrixInput, options: PointOptions | undefined): PreparedPoints {
  const { data, rows, cols } = toFlatMatrix(X, 'X');
  const o = options ?? {};
  const model = o.model === undefined ? null : normalizeModel(o.model);
  if (model && model.d !== cols)
    throw new InvalidInputError('model.means', `means with ${cols} columns, like X`, `${model.d} columns`);

  let probabilities: Float64Array | null = null;
  let k = model?.k ?? 0;
  if (o.probabilities !== undefined) {
    const p = toFlatMatrix(o.probabilities, 'probabilities');
    if (p.rows !== rows)
      throw new InvalidInputError('probabilities', `${rows} rows (one per row of X)`, `${p.rows} rows`);
    if (model && p.cols !== model.k)
      throw new InvalidInputError(
        'probabilities',
        `${model.k} columns (one per component)`,
        `${p.cols} columns`,
      );
    // They become opacities and labels: a value outside [0, 1] would draw a negative opacity.
    for (let i = 0; i < p.data.length; i++) {
      const v = p.data[i]!;
      if (!(v >= 0 && v <= 1))
        throw new InvalidInputError('probabilities', 'a probability in [0, 1]', v, {
          row: Math.floor(i / p.cols),
          column: i % p.cols,
        });
    }
    probabilities = p.data;
    k = p.cols;
  } else if (model && (o.labels === undefined || o.uncertainty)) {
    probabilities = posteriors(model, data, rows);
  }

  let labels: Int32Array | null = null;
  if (o.labels !== undefined) {
    const raw = o.labels;
    if (!(Array.isArray(raw) || ArrayBuffer.isView(raw)) || raw.length !== rows)
      throw new InvalidInputError('labels', `${rows} component numbers (one per row of X)`, raw);
    labels = new Int32Array(rows);
    let max = 0;
    for (let i = 0; i < rows; i++) {
      const v = raw[i];
      // Each component gets a colour, a legend entry and arrays of its own: bound their number.
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= (k > 0 ? k : MAX_COMPONENTS))
        throw new InvalidInputError('labels', `an integer in [0, ${(k > 0 ? k : MAX_COMPONENTS) - 1}]`, v, {
          row: i,
        });
      labels[i] = v;
      if (v > max) max = v;
    }
    k = Math.max(k, max + 1);
  } else if (probabilities) {
    labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (probabilities[i * k + c]! > probabilities[i * k + best]!) best = c;
      labels[i] = best;
    }
  }

  let uncertainty: Float64Array | null = null;
  if (o.uncertainty) {
    if (!probabilities)
      throw new InvalidOptionError(
        'uncertainty',
        'a model or probabilities to compute it from',
        o.uncertainty,
      );
    uncertainty = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let max = 0;
      for (let c = 0; c < k; c++) max = Math.max(max, probabilities[i * k + c]!);
      uncertainty[i] = 1 - max;
    }
  } else if (o.uncertainty !== undefined && o.uncertainty !== false) {
    throw new InvalidOptionError('uncertainty', 'a boolean', o.uncertainty);
  }

  const minOpacity = o.minOpacity ?? defaultMinOpacity;
  if (typeof minOpacity !== 'number' || !Number.isFinite(minOpacity) || minOpacity < 0 || minOpacity > 1)
    throw new InvalidOptionError('minOpacity', 'a number from 0 to 1', minOpacity);
  const nStd = o.nStd ?? [1, 2, 3];
  if (!Array.isArray(nStd) || nStd.some((s) => typeof s !== 'number' || !Number.isFinite(s) || s <= 0))
    throw new InvalidOptionError('nStd', 'an array of numbers > 0, e.g. [1, 2, 3]', nStd);
  const maxPoints = o.maxPoints ?? 5000;
  if (!Number.isInteger(maxPoints) || maxPoints < 1)
    throw new InvalidOptionError('maxPoints', 'an integer >= 1', maxPoints);
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed)) throw new InvalidOptionError('seed', 'an integer', seed);
  const names = Array.from({ length: cols }, (_, j) => `dimension ${j + 1}`);
  if (o.dimensionNames !== undefined) {
    const given = o.dimensionNames;
    if (!Array.isArray(given) || given.length !== cols || given.some((n) => typeof n !== 'string'))
      throw new InvalidOptionError('dimensionNames', `${cols} strings (one per column of X)`, given);
    names.splice(0, cols, ...given);
  }
  const componentLabels = Array.from({ length: k }, (_, c) => `component ${c + 1}`);
  if (o.componentLabels !== undefined) {
    const given = o.componentLabels;
    if (!Array.isArray(given) || given.length !== k || given.some((n) => typeof n !== 'string'))
      throw new InvalidOptionError('componentLabels', `${k} strings (one per component)`, given);
    componentLabels.splice(0, k, ...given);
  }
  const indices = subsampleIndices(rows, maxPoints, seed);
  const radius = o.pointRadius ?? (indices.length > 2000 ? 1.75 : 2.5);
  if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0)
    throw new InvalidOptionError('pointRadius', 'a number > 0', radius);
  return {
    data,
    rows,
    cols,
    model,
    k,
    labels,
    uncertainty,
    indices,
    nStd,
    seed,
    maxPoints,
    names,
    componentLabels,
    radius,
    minOpacity,
  };
}

/** The sentence about subsampling that goes into `<desc>`, or '' when every point is drawn. */
export function describeSubsample(p: PreparedPoints): string {
  if (p.indices.length === p.rows) return '';
  return ` Showing a reproducible random subsample of ${p.indices.length} of ${p.rows} points (seed ${p.seed}, maxPoints ${p.maxPoints}); ellipses and means come from the full model.`;
}

/** Opacity of the most certain points; lower and they vanish against the dark theme's background. */
const defaultMinOpacity = 0.5;

/**
 * Opacity of a point: `min` when its component is certain, solid when the model is as unsure as K
 * components allow (1 − 1/K).
 */
export function uncertaintyOpacity(u: number, k: number, min: number): number {
  const max = k > 1 ? 1 - 1 / k : 1;
  return min + (1 - min) * Math.min(1, u / max);
}
