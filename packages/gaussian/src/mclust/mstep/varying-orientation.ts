import { geometricMean } from '../eigen.js';
import { compose, eigenScatter, wellConditioned } from './full-helpers.js';
import { EPS, INNER_MAX_ITER, INNER_TOL, type MStep, RTEPS } from './types.js';

/** VVV: Σ_k = W_k / n_k. */
export const mStepVVV: MStep = ({ k, d, nk, w }, out) => {
  const dd = d * d;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < dd; i++) out[c * dd + i] = w[c * dd + i]! / nk[c]!;
    if (!wellConditioned(out, c * dd, d)) return false;
  }
  return true;
};

/**
 * EVV: Σ_k = λ C_k with C_k = W_k / |W_k|^(1/d) and λ = Σ_k |W_k|^(1/d) / n (closed form).
 */
export const mStepEVV: MStep = ({ k, d, n, w }, out) => {
  const eigen = eigenScatter(w, k, d);
  let scale = 0;
  for (const { volume } of eigen) scale += volume;
  scale /= n;
  if (!(scale > RTEPS)) return false;
  const dd = d * d;
  for (let c = 0; c < k; c++) {
    const { values, volume } = eigen[c]!;
    if (!(volume > 0) || !(values[d - 1]! / volume > RTEPS)) return false;
    for (let i = 0; i < dd; i++) out[c * dd + i] = (scale * w[c * dd + i]!) / volume;
  }
  return true;
};

/**
 * EEV: Σ_k = λ D_k A D_kᵀ. With W_k = D_k Ω_k D_kᵀ, A = Σ_k Ω_k / |Σ_k Ω_k|^(1/d) and
 * λ = |Σ_k Ω_k|^(1/d) / n (Celeux & Govaert 1995, closed form).
 */
export const mStepEEV: MStep = ({ k, d, n, w }, out) => {
  const eigen = eigenScatter(w, k, d);
  const shape = new Float64Array(d);
  for (const { values } of eigen) for (let j = 0; j < d; j++) shape[j]! += values[j]!;
  const volume = geometricMean(shape, 0, d);
  const scale = volume / n;
  if (!(volume > EPS) || !(scale > EPS)) return false;
  for (let j = 0; j < d; j++) {
    shape[j]! /= volume;
    if (!(shape[j]! > EPS)) return false;
  }
  for (let c = 0; c < k; c++) compose(eigen[c]!.vectors, shape, 0, scale, d, out, c * d * d);
  return true;
};

/**
 * VEV: Σ_k = λ_k D_k A D_kᵀ, D_k the eigenvectors of W_k (eigenvalues Ω_k). No closed form for
 * λ_k and A together: mclust alternates λ_k = tr(Ω_k A⁻¹) / (d n_k) and A ∝ Σ_k Ω_k / λ_k until
 * A changes by less than its inner tolerance, starting from the previous iteration's A (the
 * first time from Σ_k Ω_k, EEV's shape).
 */
export const mStepVEV: MStep = ({ k, d, nk, w }, out, warm) => {
  const eigen = eigenScatter(w, k, d);
  let shape = warm.get('VEV.shape')?.slice();
  if (!shape) {
    shape = new Float64Array(d);
    for (const { values } of eigen) for (let j = 0; j < d; j++) shape[j]! += values[j]!;
    const volume = geometricMean(shape, 0, d);
    if (!(volume > EPS)) return false;
    for (let j = 0; j < d; j++) shape[j]! /= volume;
  }
  const scale = new Float64Array(k);
  // The previous and the new shape, swapped each round.
  let next = new Float64Array(d);
  for (let inner = 0; inner < INNER_MAX_ITER; inner++) {
    const previous = shape;
    next.fill(0);
    for (let c = 0; c < k; c++) {
      const { values } = eigen[c]!;
      let s = 0;
      for (let j = 0; j < d; j++) s += values[j]! / previous[j]!;
      scale[c] = s / (nk[c]! * d);
      if (!(scale[c]! > EPS)) return false;
      for (let j = 0; j < d; j++) next[j]! += values[j]! / scale[c]!;
    }
    const volume = geometricMean(next, 0, d);
    if (!(volume > EPS)) return false;
    let change = 0;
    for (let j = 0; j < d; j++) {
      next[j]! /= volume;
      change = Math.max(change, Math.abs(previous[j]! - next[j]!) / (1 + next[j]!));
    }
    shape = next;
    next = previous;
    if (!(change > INNER_TOL)) break;
  }
  warm.set('VEV.shape', shape);
  for (let c = 0; c < k; c++) compose(eigen[c]!.vectors, shape, 0, scale[c]!, d, out, c * d * d);
  return true;
};
