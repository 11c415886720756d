import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { choleskyLower } from './linalg.js';
import { layoutOf } from './mclust/models.js';
import type { CovarianceModel, MixtureParams } from './types.js';

/**
 * How many times `regCovar` a component's variance may be, in its narrowest direction, and still
 * count as collapsed: at 10 × `regCovar`, at least 90% of that variance is the regularisation
 * rather than the data.
 */
export const COLLAPSE_FACTOR = 10;

/**
 * Where a fitted mixture collapsed: the component, its smallest variance and the direction of it.
 * See {@link findCollapse}.
 *
 * @example
 * ```ts
 * import type { Collapse } from '@em/gaussian';
 * const describe = (c: Collapse) => `component ${c.component}: variance ${c.variance} along feature ${c.feature}`;
 * ```
 */
export interface Collapse {
  /** 0-based component (0 for a tied covariance, shared by all components). */
  component: number;
  /** The smallest eigenvalue of the component's covariance (`regCovar` included). */
  variance: number;
  /** Unit eigenvector of that variance (length D): the direction in which the component is flat. */
  direction: number[];
  /** The feature that weighs most in `direction` (an axis for diag and spherical covariances). */
  feature: number;
}

/**
 * Finds a component that collapsed onto repeated values or onto a lower-dimensional subspace: the
 * smallest eigenvalue of its covariance is at most 10 × `regCovar`, so that variance is (almost)
 * all regularisation. Such a component's likelihood grows without bound as `regCovar` shrinks,
 * which makes its BIC meaningless; mclust, which does not regularise, reports these fits as NA.
 * Returns the component with the smallest such variance, or `undefined` when none collapsed.
 *
 * `covariances` is shaped as `GaussianMixture.covariances` for `covarianceType` (full K×D×D,
 * tied D×D, diag K×D, spherical K). With `regCovar = 0` only exactly flat components count.
 *
 * @example
 * ```ts
 * import { findCollapse, GaussianMixture } from '@em/gaussian';
 * // Five points of which three are the same value: a second component sits on them.
 * const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'spherical', randomState: 0 }).fit([1, 2, 7, 7, 7]);
 * findCollapse(gmm.covarianceType, gmm.covariances, gmm.nFeatures, 1e-6);
 * // { component: 1, variance: 1e-6, direction: [1], feature: 0 }
 * ```
 */
export function findCollapse(
  covarianceType: CovarianceModel,
  covariances: number[] | number[][] | number[][][],
  nFeatures: number,
  regCovar: number,
): Collapse | undefined {
  const threshold = COLLAPSE_FACTOR * regCovar;
  let found: Collapse | undefined;
  const consider = (component: number, variance: number, direction: number[]) => {
    if (variance <= threshold && (found === undefined || variance < found.variance)) {
      found = { component, variance, direction, feature: largestEntry(direction) };
    }
  };
  const axis = (feature: number) => Array.from({ length: nFeatures }, (_, j) => (j === feature ? 1 : 0));
  // mclust's models are laid out as one of the four.
  switch (layoutOf(covarianceType, nFeatures)) {
    case 'spherical':
      for (const [k, variance] of (covariances as number[]).entries()) consider(k, variance, axis(0));
      break;
    case 'diag':
      for (const [k, variances] of (covariances as number[][]).entries()) {
        const feature = variances.indexOf(Math.min(...variances));
        consider(k, variances[feature]!, axis(feature));
      }
      break;
    case 'tied':
      consider(0, ...smallestEigen(covariances as number[][]));
      break;
    default:
      for (const [k, covariance] of (covariances as number[][][]).entries()) {
        consider(k, ...smallestEigen(covariance));
      }
  }
  return found;
}

/**
 * Whether {@link findCollapse} would certainly find nothing in `params` (the flat internal layout),
 * decided without eigenvalues: every variance above the threshold, and every full or tied
 * covariance Σ with a Cholesky factor of Σ − s I, s twice the threshold plus 1e-8 of its largest
 * variance (a margin far above the rounding of either test, so both agree). False means "look".
 */
export function certainlyNotCollapsed(params: MixtureParams, regCovar: number): boolean {
  const { covarianceType, nComponents: k, nFeatures: d, covariances } = params;
  if (covariances === undefined) return false;
  const threshold = COLLAPSE_FACTOR * regCovar;
  if (covarianceType === 'spherical' || covarianceType === 'diag' || d === 1) {
    for (let i = 0; i < covariances.length; i++) if (!(covariances[i]! > threshold)) return false;
    return true;
  }
  const dd = d * d;
  const blocks = covarianceType === 'tied' ? 1 : k;
  const shifted = new Float64Array(dd);
  const factor = new Float64Array(dd);
  for (let b = 0; b < blocks; b++) {
    let largest = 0;
    for (let j = 0; j < d; j++) largest = Math.max(largest, covariances[b * dd + j * d + j]!);
    const shift = 2 * threshold + 1e-8 * largest;
    for (let i = 0; i < dd; i++) shifted[i] = covariances[b * dd + i]!;
    for (let j = 0; j < d; j++) shifted[j * d + j]! -= shift;
    if (!choleskyLower(shifted, 0, d, factor, 0)) return false;
  }
  return true;
}

function smallestEigen(covariance: number[][]): [number, number[]] {
  if (covariance.length === 1) return [covariance[0]![0]!, [1]];
  const eigen = new EigenvalueDecomposition(new Matrix(covariance), { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  let smallest = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[smallest]!) smallest = i;
  return [values[smallest]!, eigen.eigenvectorMatrix.getColumn(smallest)];
}

function largestEntry(direction: number[]): number {
  let best = 0;
  for (let j = 1; j < direction.length; j++) {
    if (Math.abs(direction[j]!) > Math.abs(direction[best]!)) best = j;
  }
  return best;
}
