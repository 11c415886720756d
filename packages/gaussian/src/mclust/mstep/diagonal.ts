import { geometricMean } from '../eigen.js';
import { EPS, INNER_MAX_ITER, INNER_TOL, type MStep } from './types.js';

/** EEI: one diagonal covariance, Σ = diag(Σ_k W_k) / n. */
export const mStepEEI: MStep = ({ k, d, n, w }, out) => {
  const shape = new Float64Array(d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) shape[j]! += w[c * d + j]!;
  let ok = geometricMean(shape, 0, d) / n > EPS;
  for (let j = 0; j < d; j++) {
    const v = shape[j]! / n;
    if (!(v > EPS)) ok = false;
    for (let c = 0; c < k; c++) out[c * d + j] = v;
  }
  return ok;
};

/** VVI: Σ_k = diag(W_k) / n_k. */
export const mStepVVI: MStep = ({ k, d, nk, w }, out) => {
  let ok = true;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      out[c * d + j] = w[c * d + j]! / nk[c]!;
      if (!(out[c * d + j]! > EPS)) ok = false;
    }
  }
  return ok;
};

/**
 * EVI: Σ_k = λ B_k with B_k = diag(W_k) / |diag(W_k)|^(1/d) (determinant 1) and
 * λ = Σ_k |diag(W_k)|^(1/d) / n (Celeux & Govaert 1995, closed form).
 */
export const mStepEVI: MStep = ({ k, d, n, w }, out) => {
  let scale = 0;
  const volumes = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    volumes[c] = geometricMean(w, c * d, d);
    if (!(volumes[c]! > EPS)) return false;
    scale += volumes[c]!;
  }
  scale /= n;
  if (!(scale > EPS)) return false;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) out[c * d + j] = (scale * w[c * d + j]!) / volumes[c]!;
  }
  return true;
};

/**
 * VEI: Σ_k = λ_k B with one diagonal shape B (determinant 1): no closed form, so mclust alternates
 * λ_k = Σ_j W_k,jj / B_j / (d n_k) and B ∝ Σ_k diag(W_k) / λ_k until both change by less than
 * its inner tolerance (relative to 1 + value), starting from the previous iteration's B and λ.
 */
export const mStepVEI: MStep = ({ k, d, nk, w }, out, warm) => {
  const shape = warm.get('VEI.shape')?.slice() ?? new Float64Array(d).fill(1);
  const scale = warm.get('VEI.scale')?.slice() ?? new Float64Array(k).fill(1);
  const oldScale = new Float64Array(k);
  const oldShape = new Float64Array(d);
  for (let inner = 0; inner < INNER_MAX_ITER; inner++) {
    oldScale.set(scale);
    oldShape.set(shape);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += w[c * d + j]! / shape[j]!;
      scale[c] = s / (d * nk[c]!);
      if (!(scale[c]! > EPS)) return false;
    }
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += w[c * d + j]! / scale[c]!;
      shape[j] = s;
    }
    const volume = geometricMean(shape, 0, d);
    if (!(volume > EPS)) return false;
    let change = 0;
    for (let j = 0; j < d; j++) {
      shape[j]! /= volume;
      change = Math.max(change, Math.abs(oldShape[j]! - shape[j]!) / (1 + shape[j]!));
    }
    for (let c = 0; c < k; c++)
      change = Math.max(change, Math.abs(oldScale[c]! - scale[c]!) / (1 + scale[c]!));
    if (!(change > INNER_TOL)) break;
  }
  warm.set('VEI.shape', shape);
  warm.set('VEI.scale', scale);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) out[c * d + j] = scale[c]! * shape[j]!;
  return true;
};
