import { invertSpd } from '../../linalg.js';
import {
  geometricMean,
  type PolarWork,
  polarFactor,
  polarState,
  polarWork,
  resumePolarWork,
  symmetricEigenvaluesInto,
} from '../eigen.js';
import { compose, wellConditioned } from './full-helpers.js';
import { lapackCholeskyAccepts } from './lapack-cholesky.js';
import { orientationSteps } from './orientation-steps.js';
import { INNER_MAX_ITER, INNER_TOL, type MStep, RTEPS, type Scatter, type WarmStart } from './types.js';

/** EEE: one covariance for all components, Σ = Σ_k W_k / n (the scatter arrives summed). */
export const mStepEEE: MStep = ({ d, n, w }, out) => {
  for (let i = 0; i < d * d; i++) out[i] = w[i]! / n;
  return wellConditioned(out, 0, d);
};

/** The arrays of {@link mStepVEE} for one d and k, kept between calls (one runs at a time). */
const volumeWorks = new Map<
  number,
  {
    factor: Float64Array;
    scale: Float64Array;
    c: Float64Array;
    inverse: Float64Array;
    values: Float64Array;
    shape: Float64Array;
    work: Float64Array;
    order: Int32Array;
  }
>();

function volumeWork(d: number, k: number) {
  const key = k * 1024 + d;
  const dd = d * d;
  let work = volumeWorks.get(key);
  if (!work) {
    work = {
      factor: new Float64Array(dd),
      scale: new Float64Array(k),
      c: new Float64Array(dd),
      inverse: new Float64Array(dd),
      values: new Float64Array(d),
      shape: new Float64Array(d),
      work: new Float64Array(2 * dd),
      order: new Int32Array(d),
    };
    volumeWorks.set(key, work);
  }
  return work;
}

/**
 * VEE: Σ_k = λ_k C with one C of determinant 1. mclust alternates C ∝ Σ_k W_k / λ_k and
 * λ_k = tr(W_k C⁻¹) / (d n_k), from λ_k = 1, until its target Σ_k n_k d (1 + log λ_k) changes by
 * less than the inner tolerance (Celeux & Govaert 1995, p. 785).
 */
export const mStepVEE: MStep = ({ k, d, nk, w }, out) => {
  const dd = d * d;
  // mclust first factors each W_k (LAPACK's potrf) and gives up on one that is not positive
  // definite; for an exactly singular W_k (n_k ≤ d) the verdict rests on rounding, so it is
  // taken in LAPACK's order of operations.
  const { factor, scale, c, inverse, values, shape, work, order } = volumeWork(d, k);
  for (let g = 0; g < k; g++) if (!lapackCholeskyAccepts(w, g * dd, d, factor)) return false;
  scale.fill(1);
  let previousTarget = Number.MAX_VALUE / 2;
  for (let inner = 0; inner < INNER_MAX_ITER; inner++) {
    c.fill(0);
    for (let g = 0; g < k; g++) for (let i = 0; i < dd; i++) c[i]! += w[g * dd + i]! / scale[g]!;
    symmetricEigenvaluesInto(c, d, values, work, order);
    const volume = geometricMean(values, 0, d);
    if (!(volume > 0)) return false;
    for (let i = 0; i < dd; i++) c[i]! /= volume;
    for (let j = 0; j < d; j++) shape[j] = values[j]! / volume;
    if (!invertSpd(c, 0, d, inverse, 0)) return false;
    let target = 0;
    for (let g = 0; g < k; g++) {
      let trace = 0;
      for (let i = 0; i < dd; i++) trace += w[g * dd + i]! * inverse[i]!;
      scale[g] = trace / (d * nk[g]!);
      target += nk[g]! * d + d * Math.log(scale[g]!) * nk[g]!;
    }
    const change = Math.abs(target - previousTarget) / (1 + Math.abs(target));
    previousTarget = target;
    if (!(change > INNER_TOL)) break;
  }
  for (let j = 0; j < d; j++) if (!(shape[j]! > RTEPS)) return false;
  for (let g = 0; g < k; g++) {
    if (!(scale[g]! > RTEPS)) return false;
    for (let i = 0; i < dd; i++) out[g * dd + i] = scale[g]! * c[i]!;
  }
  return true;
};

/** The arrays of {@link commonOrientation} for one d and k, kept between calls (one runs at a time). */
interface OrientationWork {
  omega: Float64Array;
  /** Eigenvalues of one W_k, Jacobi's work and order (only the values are needed). */
  values: Float64Array;
  eigenWork: Float64Array;
  order: Int32Array;
  f: Float64Array;
  polar: Float64Array;
  work1: PolarWork;
  work2: PolarWork;
  inverses: Float64Array;
  raw: Float64Array;
  wd: Float64Array;
}

const orientationWorks = new Map<number, OrientationWork>();

/** The work arrays for d and k (a grid fits thousands of M-steps of a few sizes: allocate once). */
function orientationWork(d: number, k: number): OrientationWork {
  const key = k * 1024 + d;
  const dd = d * d;
  let work = orientationWorks.get(key);
  if (!work) {
    work = {
      omega: new Float64Array(k),
      values: new Float64Array(d),
      eigenWork: new Float64Array(2 * dd),
      order: new Int32Array(d),
      f: new Float64Array(dd),
      polar: new Float64Array(dd),
      work1: polarWork(d),
      work2: polarWork(d),
      inverses: new Float64Array(k * d),
      raw: new Float64Array(k * d),
      wd: new Float64Array(k * dd),
    };
    orientationWorks.set(key, work);
  }
  return work;
}

/**
 * The common orientation D (columns: directions) and per-component shapes A_k of EVE and VVE, by
 * Browne & McNicholas's (2014) two majorisation–minimisation steps per round, as mclust does,
 * until Σ_k tr(Dᵀ W_k D A_k⁻¹) changes by less than the inner tolerance. `normalise` turns
 * diag(Dᵀ W_k D) (at `off` in `diagonals`) into A_k (determinant 1) in place and returns the
 * component's scale. Warm-started from the previous iteration's D and A_k, as mclust. The rounds
 * (tens per EM iteration for d ≥ 4) allocate nothing, and their arrays are kept for the next call.
 */
function commonOrientation(
  name: string,
  { k, d, w }: Scatter,
  warm: WarmStart,
  normalise: (diagonals: Float64Array, off: number, c: number) => number,
): { orientation: Float64Array; shapes: Float64Array; scales: Float64Array; target: number } | undefined {
  const dd = d * d;
  const work = orientationWork(d, k);
  const { omega, values, eigenWork, order, f, polar, work1, work2, inverses, raw, wd } = work;
  for (let c = 0; c < k; c++) {
    symmetricEigenvaluesInto(w, d, values, eigenWork, order, c * dd);
    if (values[d - 1]! < RTEPS) return undefined;
    omega[c] = values[0]!;
  }
  const orientation: Float64Array = warm.get(`${name}.orientation`)?.slice() ?? identity(d);
  const shapes = warm.get(`${name}.shapes`)?.slice() ?? new Float64Array(k * d).fill(1);
  const scales = new Float64Array(k);
  // Each polar factor's Jacobi resumes from this fit's previous M-step (its F changed little),
  // or starts from the identity: never from another fit that used the same arrays.
  resumePolarWork(work1, d, warm.get(`${name}.polar1`));
  resumePolarWork(work2, d, warm.get(`${name}.polar2`));
  let previousTarget = Number.MAX_VALUE / 2;
  let target = 0;
  // One warm start per MM step: each step's F changes slowly from round to round.
  // W_k D for the current D: diag(Dᵀ W_k D) and the next round's MM 1 share it (W_k is symmetric).
  const { times } = work1.products;
  const steps = orientationSteps(d);
  times(w, orientation, wd, k);
  for (let inner = 0; inner < INNER_MAX_ITER; inner++) {
    for (let i = 0; i < k * d; i++) inverses[i] = 1 / shapes[i]!;
    // MM 1: Dᵀ ← polar(Σ_k A_k⁻¹ Dᵀ (W_k − ω_k I)), ω_k the largest eigenvalue of W_k.
    steps.first(wd, orientation, inverses, omega, f, k);
    polarFactor(f, d, polar, work1);
    for (let a = 0; a < d; a++) for (let j = 0; j < d; j++) orientation[a * d + j] = polar[j * d + a]!;
    // MM 2: D ← polar(Σ_k W_k D (A_k⁻¹ − max_j(1 / a_kj) I)).
    times(w, orientation, wd, k);
    steps.second(wd, inverses, f, k);
    polarFactor(f, d, polar, work2);
    orientation.set(polar);
    // A_k from diag(Dᵀ W_k D); the target is Σ_k tr(Dᵀ W_k D A_k⁻¹) with the new D and A_k.
    times(w, orientation, wd, k);
    steps.diagonals(wd, orientation, raw, k);
    shapes.set(raw);
    target = 0;
    for (let c = 0; c < k; c++) {
      const off = c * d;
      scales[c] = normalise(shapes, off, c);
      for (let j = 0; j < d; j++) {
        if (!(shapes[off + j]! >= RTEPS)) return undefined;
        target += raw[off + j]! / shapes[off + j]!;
      }
    }
    const change = Math.abs(target - previousTarget) / (1 + Math.abs(target));
    previousTarget = target;
    if (!(change > INNER_TOL)) break;
  }
  warm.set(`${name}.orientation`, orientation);
  warm.set(`${name}.shapes`, shapes);
  warm.set(`${name}.polar1`, polarState(work1, d));
  warm.set(`${name}.polar2`, polarState(work2, d));
  return { orientation, shapes, scales, target };
}

function identity(d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) out[j * d + j] = 1;
  return out;
}

/** EVE: Σ_k = λ D A_k Dᵀ (equal volume, varying shape, equal orientation); λ = target / (n d). */
export const mStepEVE: MStep = (scatter, out, warm) => {
  const { k, d, n } = scatter;
  const fit = commonOrientation('EVE', scatter, warm, (diagonals, off) => {
    const volume = geometricMean(diagonals, off, d);
    for (let j = 0; j < d; j++) diagonals[off + j]! /= volume;
    return 1;
  });
  if (!fit) return false;
  const scale = fit.target / (n * d);
  if (!(scale > RTEPS)) return false;
  for (let c = 0; c < k; c++) compose(fit.orientation, fit.shapes, c * d, scale, d, out, c * d * d);
  return true;
};

/** VVE: Σ_k = λ_k D A_k Dᵀ (varying volume and shape, equal orientation); λ_k A_k = diag(Dᵀ W_k D) / n_k. */
export const mStepVVE: MStep = (scatter, out, warm) => {
  const { k, d, nk } = scatter;
  const fit = commonOrientation('VVE', scatter, warm, (diagonals, off, c) => {
    for (let j = 0; j < d; j++) diagonals[off + j]! /= nk[c]!;
    const volume = geometricMean(diagonals, off, d);
    for (let j = 0; j < d; j++) diagonals[off + j]! /= volume;
    return volume;
  });
  if (!fit) return false;
  for (let c = 0; c < k; c++) {
    if (!(fit.scales[c]! > RTEPS)) return false;
    compose(fit.orientation, fit.shapes, c * d, fit.scales[c]!, d, out, c * d * d);
  }
  return true;
};
