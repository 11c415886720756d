import { InvalidInputError } from '@em/core';
import { at } from './matrix.js';

/**
 * scikit-learn's covariance types; they decide the shape of `covariances`.
 *
 * @example
 * ```ts
 * import { normalizeModel, type CovarianceType } from '@em/plot';
 * const covarianceType: CovarianceType = 'diag';
 * normalizeModel({ weights: [1], means: [[0, 0]], covariances: [[1, 2]], covarianceType }).covariances; // [[[1, 0], [0, 2]]]
 * ```
 */
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/**
 * A fitted Gaussian mixture as plain data, in scikit-learn's shapes, so a fitted `GaussianMixture` from
 * `@em/gaussian` (or any object with these fields) can be passed as-is. With K components in D dimensions:
 *
 * | `covarianceType` | `covariances` shape |
 * | --- | --- |
 * | `'full'` (default when 3-deep) | K × D × D |
 * | `'tied'` | D × D (shared) |
 * | `'diag'` | K × D |
 * | `'spherical'` | K (one variance per component) |
 *
 * A univariate model may give `means` as K numbers and `variances` (K numbers) instead of `covariances`.
 *
 * @example
 * ```ts
 * import type { MixtureModel } from '@em/plot';
 * const univariate: MixtureModel = { weights: [0.3, 0.7], means: [0, 4], variances: [1, 2] };
 * const tied: MixtureModel = { weights: [0.5, 0.5], means: [[0, 0], [3, 3]], covariances: [[1, 0.2], [0.2, 1]], covarianceType: 'tied' };
 * ```
 */
export interface MixtureModel {
  /** Mixing weight of each of the K components: non-negative, summing to 1 (within 1e-6). */
  weights: ArrayLike<number>;
  /** Component means, K × D in data units; a univariate model may give K numbers. */
  means: ArrayLike<number> | readonly ArrayLike<number>[];
  /**
   * Covariances in the shape `covarianceType` gives (see the table above), in squared data units. Give
   * either this or `variances`.
   */
  covariances?: ArrayLike<number> | readonly ArrayLike<number>[] | readonly (readonly ArrayLike<number>[])[];
  /** Univariate models only (D = 1): the K component variances, instead of `covariances`. */
  variances?: ArrayLike<number>;
  /**
   * Shape of `covariances`. When left out it is inferred from the nesting depth and sizes (K × D × D is
   * `'full'`, K numbers `'spherical'`, K × D `'diag'`, D × D `'tied'`); required when a 2-deep array
   * is ambiguous because K equals D.
   */
  covarianceType?: CovarianceType;
}

/**
 * A validated model with every covariance written out as a full D × D matrix.
 *
 * @example
 * ```ts
 * import { normalizeModel, type NormalizedModel } from '@em/plot';
 * const m: NormalizedModel = normalizeModel({ weights: [1], means: [[0, 0]], covariances: [2], covarianceType: 'spherical' });
 * m.covariances; // [[[2, 0], [0, 2]]]
 * ```
 */
export interface NormalizedModel {
  /** Number of components, K. */
  k: number;
  /** Number of dimensions, D (1 for a univariate model). */
  d: number;
  /** The K mixing weights, as given (validated, not renormalised). */
  weights: number[];
  /** K × D means; a univariate model's means become K rows of one value. */
  means: number[][];
  /** K full, symmetric D × D covariance matrices (a `'tied'` covariance is copied to every component). */
  covariances: number[][][];
}

const isList = (v: unknown): v is ArrayLike<unknown> =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

function finite(value: unknown, argument: string, location: { row?: number; column?: number } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidInputError(argument, 'a finite number', value, location);
  return value;
}

function vector(value: unknown, length: number, argument: string): number[] {
  if (!isList(value) || value.length !== length)
    throw new InvalidInputError(argument, `an array of ${length} numbers`, value);
  return Array.from(value, (v, i) => finite(v, argument, { row: i }));
}

function matrix(value: unknown, rows: number, cols: number, argument: string): number[][] {
  if (!isList(value) || value.length !== rows)
    throw new InvalidInputError(argument, `${rows} rows of ${cols} numbers`, value);
  return Array.from(value, (row, i) => {
    if (!isList(row) || row.length !== cols)
      throw new InvalidInputError(argument, `a row of ${cols} numbers`, row, { row: i });
    return Array.from(row, (v, j) => finite(v, argument, { row: i, column: j }));
  });
}

function depth(value: unknown): number {
  let d = 0;
  let v = value;
  while (isList(v) && v.length > 0) {
    d += 1;
    v = v[0];
  }
  return d;
}

function inferType(covariances: unknown, k: number, d: number): CovarianceType {
  const levels = depth(covariances);
  if (levels === 3) return 'full';
  if (levels === 1) return 'spherical';
  if (levels === 2 && isList(covariances)) {
    const rows = covariances.length;
    const cols = isList(covariances[0]) ? covariances[0].length : -1;
    if (k === 1 && d === 1) return 'diag';
    if (k !== d && rows === k && cols === d) return 'diag';
    if (k !== d && rows === d && cols === d) return 'tied';
    if (k === d)
      throw new InvalidInputError(
        'model.covarianceType',
        "'tied' or 'diag' (a K × D covariance array is ambiguous when K equals D)",
        undefined,
      );
  }
  throw new InvalidInputError('model.covariances', 'K × D × D, D × D, K × D or K numbers', covariances);
}

function diagonal(values: number[]): number[][] {
  return values.map((v, i) => values.map((_, j) => (i === j ? v : 0)));
}

/**
 * Validates a mixture model and expands its covariances to full matrices.
 *
 * @example
 * ```ts
 * import { normalizeModel } from '@em/plot';
 * normalizeModel({ weights: [0.5, 0.5], means: [0, 3], variances: [1, 2] }).covariances;
 * // [[[1]], [[2]]]
 * ```
 */
export function normalizeModel(model: MixtureModel): NormalizedModel {
  if (typeof model !== 'object' || model === null)
    throw new InvalidInputError('model', 'an object { weights, means, covariances }', model);
  const { weights: rawWeights, means: rawMeans } = model;
  if (!isList(rawWeights) || rawWeights.length === 0)
    throw new InvalidInputError('model.weights', 'a non-empty array of numbers', rawWeights);
  const k = rawWeights.length;
  const weights = vector(rawWeights, k, 'model.weights');
  weights.forEach((w, i) => {
    if (w < 0) throw new InvalidInputError('model.weights', 'a weight >= 0', w, { row: i });
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6)
    throw new InvalidInputError('model.weights', 'weights summing to 1', `weights summing to ${sum}`);

  if (!isList(rawMeans) || rawMeans.length !== k)
    throw new InvalidInputError('model.means', `${k} means (one per weight)`, rawMeans);
  const means = isList(rawMeans[0])
    ? matrix(rawMeans, k, (rawMeans[0] as ArrayLike<unknown>).length, 'model.means')
    : vector(rawMeans, k, 'model.means').map((m) => [m]);
  const d = means[0]!.length;
  if (d === 0) throw new InvalidInputError('model.means', 'means with at least one dimension', rawMeans);

  if (model.covariances !== undefined && model.variances !== undefined)
    throw new InvalidInputError('model', 'either covariances or variances, not both', 'both');
  let covariances: number[][][];
  if (model.variances !== undefined) {
    if (d !== 1)
      throw new InvalidInputError(
        'model.variances',
        'a univariate model (use covariances for D > 1)',
        `D = ${d}`,
      );
    covariances = vector(model.variances, k, 'model.variances').map((v) => [[v]]);
  } else {
    const raw = model.covariances;
    if (raw === undefined)
      throw new InvalidInputError('model.covariances', 'covariances (or variances)', raw);
    const type = model.covarianceType ?? inferType(raw, k, d);
    switch (type) {
      case 'full': {
        if (!isList(raw) || raw.length !== k)
          throw new InvalidInputError('model.covariances', `${k} matrices of ${d} × ${d} ('full')`, raw);
        covariances = Array.from(raw as ArrayLike<unknown>, (c, i) =>
          matrix(c, d, d, `model.covariances[${i}]`),
        );
        break;
      }
      case 'tied': {
        const shared = matrix(raw, d, d, "model.covariances ('tied', D × D)");
        covariances = weights.map(() => shared.map((row) => row.slice()));
        break;
      }
      case 'diag':
        covariances = matrix(raw, k, d, "model.covariances ('diag', K × D)").map(diagonal);
        break;
      case 'spherical':
        covariances = vector(raw, k, "model.covariances ('spherical', K)").map((v) =>
          diagonal(new Array(d).fill(v)),
        );
        break;
      default:
        throw new InvalidInputError('model.covarianceType', "'full', 'tied', 'diag' or 'spherical'", type);
    }
  }
  covariances.forEach((c, i) => {
    for (let a = 0; a < d; a++) {
      if (at(c, a, a) <= 0)
        throw new InvalidInputError(
          `model.covariances[${i}]`,
          'positive variances on the diagonal',
          at(c, a, a),
          {
            row: a,
            column: a,
          },
        );
      for (let b = 0; b < a; b++) {
        const x = at(c, a, b);
        const y = at(c, b, a);
        if (Math.abs(x - y) > 1e-8 * Math.max(1, Math.abs(x), Math.abs(y)))
          throw new InvalidInputError(`model.covariances[${i}]`, 'a symmetric matrix', x, {
            row: a,
            column: b,
          });
      }
    }
  });
  return { k, d, weights, means, covariances };
}
