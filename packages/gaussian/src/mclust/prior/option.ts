import { InvalidInputError, InvalidOptionError } from '@em/core';
import { choleskyLower } from '../../linalg.js';
import { isMclustModel, SKLEARN_EQUIVALENT } from '../models.js';
import {
  type DataMoments,
  defaultPriorOf,
  hasMatrixScale,
  PRIOR_MODELS,
  type PriorHyperparameters,
  type PriorModelName,
} from './hyperparameters.js';

/**
 * The `prior` option: `'default'` for mclust's `priorControl()` (the hyperparameters of
 * {@link defaultPrior} for each model and K), or some of the hyperparameters, the others taken from
 * `defaultPrior` as `priorControl(shrinkage = …, scale = …)` does.
 *
 * `fitStream` and `fitFromStatistics` take it too (the data's moments from passes over the source,
 * or from the parts' statistics); `partialFit` does not.
 *
 * A fit whose maximum-likelihood estimate does not exist (two points cannot have a full 2 × 2
 * covariance: mclust's NA) has a maximum a posteriori one, mclust's `meVVV(X, z, prior =
 * priorControl())` to 15 digits:
 *
 * @example
 * ```ts
 * import { GaussianMixture, type PriorOption } from '@em/gaussian';
 * const X = [[0, 0], [1, 0.2], [0.1, 1], [1, 1], [0.5, 0.4], [6, 6], [7, 7]];
 * const options = { nComponents: 2, covarianceType: 'VVV', initialClasses: [0, 0, 0, 0, 0, 1, 1] } as const;
 * // new GaussianMixture(options).fit(X) throws a SingularCovarianceError
 * const prior: PriorOption = 'default';
 * const gmm = new GaussianMixture({ ...options, prior }).fit(X);
 * gmm.means[1]; // ≈ [6.47874911158451, 6.47874911158451]: (2 x̄ + 0.01 μ_P) / 2.01, pulled towards the data's mean
 * gmm.covariances[1]; // ≈ [[0.505606711341715, 0.499273378008382], [0.499273378008382, 0.505106711341715]]
 * gmm.score(X) * X.length; // ≈ -11.422047046447
 * // fitStream reads the data's mean and covariance in passes (the first, and one more), so a prior
 * // streams, here from k-means on chunks, with fit's hyperparameters:
 * const chunks = [X.slice(0, 4), X.slice(4)];
 * const streamed = await new GaussianMixture({ nComponents: 2, covarianceType: 'VVV', prior, randomState: 0 }).fitStream(chunks);
 * streamed.score(X) * X.length; // ≈ -11.422047046447
 * const noMeanShrinkage: PriorOption = { shrinkage: 0 };
 * ```
 */
export type PriorOption = 'default' | PriorInput;

/**
 * Some of the {@link PriorHyperparameters}; the missing ones are mclust's defaults for the model
 * and K being fitted.
 *
 * @example
 * ```ts
 * import type { PriorInput } from '@em/gaussian';
 * const prior: PriorInput = { shrinkage: 0.1, dof: 5 };
 * ```
 */
export interface PriorInput {
  /** κ_P ≥ 0. Default 0.01. */
  shrinkage?: number;
  /** μ_P, length d. Default the data's mean. */
  mean?: ArrayLike<number>;
  /** ν_P > d − 1. Default d + 2. */
  dof?: number;
  /**
   * Λ_P: a positive number (spherical and diagonal models, one-dimensional data) or a d × d
   * symmetric positive definite matrix (EEE, EEV, VEV, VVV). Default from the data's variance.
   */
  scale?: number | ArrayLike<ArrayLike<number>>;
}

/** The resolved prior one fit uses, flat. */
export interface ResolvedPrior {
  shrinkage: number;
  mean: Float64Array;
  dof: number;
  /** A number, or the d × d matrix row-major. */
  scale: number | Float64Array;
}

const FIELDS = new Set(['shrinkage', 'mean', 'dof', 'scale']);

/** The mclust model a prior applies to, or an {@link InvalidOptionError} naming the model. */
export function priorModel(covarianceType: string): PriorModelName {
  if ((PRIOR_MODELS as readonly string[]).includes(covarianceType)) return covarianceType as PriorModelName;
  const mclustName = SKLEARN_EQUIVALENT[covarianceType];
  throw new InvalidOptionError(
    'prior',
    `undefined with covarianceType '${covarianceType}' (mclust's conjugate prior exists for ${PRIOR_MODELS.join(', ')})`,
    'given',
    isMclustModel(covarianceType)
      ? 'mclust drops this model when given a prior.'
      : mclustName
        ? `Use '${mclustName}', mclust's name for '${covarianceType}'.`
        : undefined,
  );
}

/** Checks what can be checked without the data: the option's form and each field's range. */
export function checkPriorOption(value: unknown, covarianceType: string): void {
  if (value === undefined) return;
  priorModel(covarianceType);
  if (value === 'default') return;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidOptionError(
      'prior',
      "'default' or an object { shrinkage?, mean?, dof?, scale? }",
      value,
    );
  for (const key of Object.keys(value)) {
    if (!FIELDS.has(key))
      throw new InvalidOptionError(
        `prior.${key}`,
        'no such field (shrinkage, mean, dof, scale)',
        value[key as never],
      );
  }
  const p = value as PriorInput;
  if (p.shrinkage !== undefined && !(isFiniteNumber(p.shrinkage) && p.shrinkage >= 0))
    throw new InvalidOptionError('prior.shrinkage', 'a finite number >= 0', p.shrinkage);
  if (p.dof !== undefined && !isFiniteNumber(p.dof))
    throw new InvalidOptionError('prior.dof', 'a finite number', p.dof);
  if (p.mean !== undefined) {
    if (!isArrayLike(p.mean))
      throw new InvalidOptionError('prior.mean', 'an array of finite numbers', p.mean);
    for (let j = 0; j < p.mean.length; j++) {
      if (!isFiniteNumber(p.mean[j]))
        throw new InvalidOptionError(`prior.mean[${j}]`, 'a finite number', p.mean[j]);
    }
  }
  if (p.scale !== undefined && !isFiniteNumber(p.scale) && !isArrayLike(p.scale))
    throw new InvalidOptionError('prior.scale', 'a positive number or a d × d matrix', p.scale);
}

/**
 * The prior of one fit (from the data's {@link DataMoments}): mclust's defaults for the model and K, overridden by the given fields, each
 * checked against the data's dimension d (typed errors name the field, expected and received).
 */
export function resolvePrior(
  option: PriorOption,
  moments: DataMoments,
  k: number,
  covarianceType: string,
): ResolvedPrior {
  const model = priorModel(covarianceType);
  const d = moments.cols;
  if (moments.rows < 2 && (option === 'default' || option.scale === undefined)) {
    throw new InvalidInputError(
      'X (number of samples)',
      "at least 2 with prior.scale from the data's variance (give prior.scale)",
      moments.rows,
    );
  }
  const base: PriorHyperparameters = defaultPriorOf(moments, k, model);
  const given: PriorInput = option === 'default' ? {} : option;
  const mean = Float64Array.from(given.mean ?? base.mean);
  if (mean.length !== d)
    throw new InvalidOptionError('prior.mean', `an array of length d = ${d} (one per feature)`, given.mean);
  const dof = given.dof ?? base.dof;
  if (!(dof > d - 1)) throw new InvalidOptionError('prior.dof', `a number > d − 1 = ${d - 1}`, dof);
  const scale = given.scale === undefined ? flatScale(base.scale) : checkScale(given.scale, model, d);
  return { shrinkage: given.shrinkage ?? base.shrinkage, mean, dof, scale };
}

function checkScale(scale: number | ArrayLike<ArrayLike<number>>, model: PriorModelName, d: number) {
  if (!hasMatrixScale(model, d)) {
    if (!(isFiniteNumber(scale) && scale > 0)) {
      throw new InvalidOptionError(
        'prior.scale',
        `a finite number > 0 (model ${model}${d === 1 ? ' on one-dimensional data' : ''} has a scalar variance prior)`,
        scale,
      );
    }
    return scale;
  }
  const expected = `a ${d} × ${d} symmetric positive definite matrix (model ${model})`;
  if (typeof scale === 'number' || scale.length !== d)
    throw new InvalidOptionError('prior.scale', expected, scale);
  const flat = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    const row = scale[a];
    if (!isArrayLike(row) || row.length !== d)
      throw new InvalidOptionError(`prior.scale[${a}]`, `a row of length ${d}`, row);
    for (let b = 0; b < d; b++) {
      if (!isFiniteNumber(row[b]))
        throw new InvalidOptionError(`prior.scale[${a}][${b}]`, 'a finite number', row[b]);
      flat[a * d + b] = row[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) {
      const tol = 1e-12 * (Math.abs(flat[a * d + b]!) + Math.abs(flat[b * d + a]!) + 1e-300);
      if (Math.abs(flat[a * d + b]! - flat[b * d + a]!) > tol)
        throw new InvalidOptionError(
          `prior.scale[${a}][${b}]`,
          `equal to prior.scale[${b}][${a}] (symmetric)`,
          flat[a * d + b],
        );
    }
  }
  if (!choleskyLower(flat, 0, d, new Float64Array(d * d), 0))
    throw new InvalidOptionError('prior.scale', expected, scale, 'It is not positive definite.');
  return flat;
}

function flatScale(scale: PriorHyperparameters['scale']): number | Float64Array {
  return typeof scale === 'number' ? scale : Float64Array.from(scale.flat());
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isArrayLike(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}
