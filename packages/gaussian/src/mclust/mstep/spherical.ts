import { EPS, type MStep } from './types.js';

/** EII: one variance for all components, σ² = Σ_k tr W_k / (n d). */
export const mStepEII: MStep = ({ k, d, n, w }, out) => {
  let total = 0;
  for (let c = 0; c < k; c++) total += w[c]!;
  const variance = total / (n * d);
  out.fill(variance, 0, k);
  return variance > EPS;
};

/** VII: σ²_k = tr W_k / (n_k d). */
export const mStepVII: MStep = ({ k, d, nk, w }, out) => {
  let ok = true;
  for (let c = 0; c < k; c++) {
    out[c] = w[c]! / (nk[c]! * d);
    if (!(out[c]! > EPS)) ok = false;
  }
  return ok;
};
