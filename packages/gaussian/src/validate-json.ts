import { InvalidInputError, InvalidOptionError } from '@em/core';
import { kernelFor } from './kernels/index.js';
import { covarianceShape } from './params.js';
import { flattenShaped } from './shapes.js';
import type { CovarianceType } from './types.js';

/**
 * The checks shared by `GaussianMixture.fromJSON` and `BayesianGaussianMixture.fromJSON`: every
 * refusal is an `InvalidInputError` whose argument is the JSON path of the field (`json.fitted.nIter`).
 */

/** Numbers nested one to three deep: scikit-learn-shaped covariance arrays. */
type Nested = number[] | number[][] | number[][][];

/** A typed array (or nested arrays of them) as plain nested arrays, for `toJSON`. */
export const toNested = (value: unknown): Nested =>
  (ArrayBuffer.isView(value)
    ? Array.from(value as Float64Array)
    : (value as unknown[]).map((item) => (typeof item === 'number' ? item : toNested(item)))) as Nested;

export function fail(path: string, expected: string, received: unknown): never {
  throw new InvalidInputError(`json${path}`, expected, received);
}

/** An object with exactly `keys` (and maybe `optional`): unknown and missing fields are named. */
export function record(
  path: string,
  value: unknown,
  keys: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!keys.includes(key) && !optional.includes(key))
      fail(`${path}.${key}`, `no such field (known: ${[...keys, ...optional].join(', ')})`, object[key]);
  }
  for (const key of keys)
    if (!Object.hasOwn(object, key)) fail(`${path}.${key}`, 'a field that is present', undefined);
  return object;
}

/** The document's root: `format` and `version` as written by this version of the package. */
export function readRoot(
  json: unknown,
  format: string,
  version: number,
  optional: readonly string[] = [],
): Record<string, unknown> {
  const root = record('', json, ['format', 'version', 'options', 'fitted'], optional);
  if (root.format !== format) fail('.format', `'${format}'`, root.format);
  if (root.version !== version) {
    fail('.version', `schema version ${version} (written by this version of @em/gaussian)`, root.version);
  }
  return root;
}

/**
 * Options read from the document and validated by the model's own options validator; its
 * refusal is reported at the option's JSON path.
 */
export function validatedOptions<T>(options: T, resolve: (options: T) => unknown): T {
  try {
    resolve(options);
  } catch (error) {
    if (error instanceof InvalidOptionError)
      throw new InvalidInputError(`json.options.${error.option}`, error.expected, error.received);
    throw error;
  }
  return options;
}

/** `nComponents` (from the options) and `nFeatures` (from the fitted state) as positive integers. */
export function readDimensions(options: Record<string, unknown>, fitted: Record<string, unknown>) {
  const k = options.nComponents;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1)
    fail('.options.nComponents', 'an integer >= 1', k);
  const d = fitted.nFeatures;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) fail('.fitted.nFeatures', 'an integer >= 1', d);
  return { k, d };
}

/** A fitted field of the given shape as a flat array; a wrong shape or entry is bad input, named. */
export function readShaped(
  fitted: Record<string, unknown>,
  field: string,
  shape: number[],
  label: string,
): Float64Array {
  // Lengths first, so that a tampered nComponents or nFeatures (2^53, say) is named, not allocated.
  const wrong = lengthMismatch(fitted[field], shape);
  if (wrong !== undefined) {
    const expected = `an array (expected length ${shape[wrong.split('[').length - 1]} here: shape ${label}, ${shape.join(' × ')})`;
    fail(`.fitted.${field}${wrong}`, expected, 'another length or kind');
  }
  try {
    return flattenShaped(`json.fitted.${field}`, fitted[field], shape, label);
  } catch (error) {
    if (error instanceof InvalidOptionError)
      throw new InvalidInputError(error.option, error.expected, error.received);
    throw error;
  }
}

/** The path of the first array whose length differs from `shape` (undefined when all match). */
function lengthMismatch(value: unknown, shape: readonly number[], path = ''): string | undefined {
  if (shape.length === 0) return undefined;
  if (!Array.isArray(value) || value.length !== shape[0]) return path;
  for (let i = 0; i < value.length; i++) {
    const inner = lengthMismatch(value[i], shape.slice(1), `${path}[${i}]`);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** Entries of `values` above `min` (weights, concentrations, degrees of freedom). */
export function requireAbove(field: string, values: Float64Array, min = 0, rows = 1): void {
  const cols = values.length / rows;
  values.forEach((v, i) => {
    const at = rows > 1 ? `[${Math.floor(i / cols)}][${i % cols}]` : `[${i}]`;
    if (!(v > min)) fail(`.fitted.${field}${at}`, `a number > ${min}`, v);
  });
}

/** Relative tolerance between stored and recomputed factors: rounding, not another model. */
const FACTOR_TOLERANCE = 1e-8;

/**
 * Covariances read from the document, checked to be symmetric and positive definite, and their
 * precision Cholesky factors. With `stored` factors (GaussianMixture keeps both), the factors
 * must be the covariances' own to a relative tolerance: a document whose covariances were replaced
 * while the precisions were kept would describe two models at once.
 */
export function readCovariances(
  fitted: Record<string, unknown>,
  type: CovarianceType,
  k: number,
  d: number,
  stored?: Float64Array,
): { covariances: Float64Array; precisionsCholesky: Float64Array } {
  const { shape, label } = covarianceShape(type, k, d);
  const covariances = readShaped(fitted, 'covariances', shape, label);
  if (type === 'full' || type === 'tied') checkSymmetric(covariances, type === 'full' ? k : 1, d);
  const precisionsCholesky = new Float64Array(covariances.length);
  const failed = kernelFor(type, d).precisionCholesky(covariances, k, d, precisionsCholesky);
  if (failed >= 0) {
    fail(
      `.fitted.covariances${type === 'full' ? `[${failed}]` : ''}`,
      'a positive-definite covariance',
      'a covariance that is not',
    );
  }
  if (stored) {
    const size = type === 'full' ? d * d : type === 'diag' ? d : type === 'tied' ? d * d : 1;
    for (let c = 0; c * size < stored.length; c++) {
      let scale = 0;
      for (let i = c * size; i < (c + 1) * size; i++)
        scale = Math.max(scale, Math.abs(precisionsCholesky[i]!));
      for (let i = c * size; i < (c + 1) * size; i++) {
        if (Math.abs(stored[i]! - precisionsCholesky[i]!) > FACTOR_TOLERANCE * scale) {
          const where = type === 'tied' || type === 'spherical' ? '' : `[${c}]`;
          fail(
            `.fitted.precisionsCholesky${where}`,
            `the Cholesky factor of the inverse of covariances${where} (to a relative ${FACTOR_TOLERANCE})`,
            `entry ${i - c * size} = ${stored[i]}, where covariances${where} give ${precisionsCholesky[i]}`,
          );
        }
      }
    }
  }
  return { covariances, precisionsCholesky };
}

/** Each d × d block must equal its transpose (to rounding). */
function checkSymmetric(values: Float64Array, blocks: number, d: number): void {
  for (let c = 0; c < blocks; c++) {
    const off = c * d * d;
    for (let a = 0; a < d; a++) {
      for (let b = a + 1; b < d; b++) {
        const x = values[off + a * d + b]!;
        const y = values[off + b * d + a]!;
        const scale = Math.max(Math.abs(values[off + a * d + a]!), Math.abs(values[off + b * d + b]!));
        if (Math.abs(x - y) > FACTOR_TOLERANCE * scale) {
          const where = blocks > 1 ? `[${c}]` : '';
          fail(
            `.fitted.covariances${where}[${a}][${b}]`,
            `a symmetric matrix (equal to [${b}][${a}] = ${y})`,
            x,
          );
        }
      }
    }
  }
}

/** What a fit summary says, once checked to tell one story. */
export interface FitSummary {
  converged: boolean;
  nIter: number;
  lowerBound: number;
  history: number[];
}

/**
 * `converged`, `nIter`, `lowerBound` and `history` checked against each other: `history` has one
 * entry per iteration, `lowerBound` is its last entry, and a model with no iteration (`maxIter: 0`)
 * has an empty history, `lowerBound: null` and has not converged; `nIter` is at most `maxIter`.
 * With `historyLimit`, `history` holds the last `min(nIter, historyLimit)` entries.
 */
export function readFitSummary(
  fitted: Record<string, unknown>,
  maxIter: number,
  historyLimit = Number.POSITIVE_INFINITY,
): FitSummary {
  const { converged, nIter, lowerBound } = fitted;
  if (typeof converged !== 'boolean') fail('.fitted.converged', 'a boolean', converged);
  if (typeof nIter !== 'number' || !Number.isInteger(nIter) || nIter < 0)
    fail('.fitted.nIter', 'an integer >= 0', nIter);
  if (nIter > maxIter) fail('.fitted.nIter', `at most options.maxIter = ${maxIter}`, nIter);
  if (lowerBound !== null && (typeof lowerBound !== 'number' || !Number.isFinite(lowerBound))) {
    fail('.fitted.lowerBound', 'a finite number or null', lowerBound);
  }
  if (!Array.isArray(fitted.history)) fail('.fitted.history', 'an array of numbers', fitted.history);
  const history = fitted.history as unknown[];
  history.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`.fitted.history[${i}]`, 'a finite number', v);
  });
  const kept = Math.min(nIter, historyLimit);
  if (history.length !== kept) {
    const which =
      kept < nIter ? `the last ${kept} iterations (historyLimit)` : `every iteration (nIter = ${nIter})`;
    fail('.fitted.history', `one entry for ${which}`, `${history.length} entries`);
  }
  if (nIter === 0) {
    if (converged) fail('.fitted.converged', 'false when nIter is 0 (no iteration ran)', converged);
    if (lowerBound !== null)
      fail('.fitted.lowerBound', 'null when nIter is 0 (no iteration ran)', lowerBound);
  } else if (lowerBound !== history[kept - 1]) {
    fail('.fitted.lowerBound', `the last history entry (${history[kept - 1]})`, lowerBound);
  }
  return {
    converged,
    nIter,
    lowerBound: lowerBound === null ? Number.NEGATIVE_INFINITY : lowerBound,
    history: history as number[],
  };
}
