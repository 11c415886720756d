import type { CovarianceLayout } from '../models.js';
import { mStepEEE } from '../mstep/common-orientation.js';
import { mStepEEI, mStepEVI, mStepVEI, mStepVVI } from '../mstep/diagonal.js';
import { mStepEII, mStepVII } from '../mstep/spherical.js';
import type { Scatter, WarmStart } from '../mstep/types.js';
import { mStepEEV, mStepVEV, mStepVVV } from '../mstep/varying-orientation.js';
import type { PriorModelName } from './hyperparameters.js';
import type { ResolvedPrior } from './option.js';

/**
 * mclust's maximum a posteriori M-steps under its conjugate prior (Fraley & Raftery 2007, and the
 * `me*p` routines of mclust 6). With κ = shrinkage, ν = dof, Λ = scale, μ_P = mean and, for each
 * component, the weighted mean x̄_k, the scatter W_k around it and c_k = κ n_k / (n_k + κ):
 *
 * - the means move towards the prior mean, μ_k = (n_k x̄_k + κ μ_P) / (n_k + κ) (except in EEI,
 *   where mclust keeps x̄_k);
 * - each model's M-step runs on the scatter augmented by the prior, W_k + c_k (x̄_k − μ_P)(·)ᵀ
 *   (+ Λ where mclust adds it), with the counts its divisors use augmented by the prior's degrees of
 *   freedom, exactly as mclust's routines do (the divisors differ by model, as there).
 *
 * The augmented problem is the model's own M-step, so each is that model's `MStep` on a transformed
 * {@link Scatter}; K = 1 uses mclust's single-Gaussian forms (`mvn` with XII, XXI, XXX).
 * Returns false when mclust would report the model as not estimable.
 */
export function mapStep(
  model: PriorModelName,
  layout: CovarianceLayout,
  scatter: Scatter,
  xbar: Float64Array,
  prior: ResolvedPrior,
  out: Float64Array,
  warm: WarmStart,
): boolean {
  const { k, d, n, nk } = scatter;
  const { shrinkage: kappa, dof: nu } = prior;
  const b = kappa > 0 ? 1 : 0;
  const c = new Float64Array(k);
  const delta = new Float64Array(k * d);
  for (let g = 0; g < k; g++) {
    c[g] = (kappa * nk[g]!) / (nk[g]! + kappa);
    for (let j = 0; j < d; j++) delta[g * d + j] = xbar[g * d + j]! - prior.mean[j]!;
  }
  const sc = typeof prior.scale === 'number' ? prior.scale : 0;
  const plus = (add: number) => nk.map((v) => v + add);
  if (layout === 'spherical') {
    // tr W_k + c_k ‖δ_k‖², and ς where mclust adds it.
    const w = scatter.w.map((v, g) => v + c[g]! * dot(delta, g * d, delta, g * d, d));
    if (k === 1 || (model === 'VII' && d > 1)) {
      // mvn XII (and mvn1p) and VII: σ²_k = (ς + …) / (ν + n_k d + 2 + [κ > 0] d).
      return mStepVII({ ...scatter, w: w.map((v) => v + sc), nk: plus((nu + 2 + b * d) / d) }, out, warm);
    }
    if (model === 'VII')
      return mStepVII({ ...scatter, w: w.map((v) => v + sc), nk: plus(nu + 3) }, out, warm); // V
    if (d === 1) {
      // E: σ² = (ς + Σ_k …) / (ν + n + K + 2).
      return mStepEII({ ...scatter, w: w.map((v) => v + sc / k), n: n + k + nu + 2 }, out, warm);
    }
    // EII: σ² = Σ_k (…) / (ν + (n + K) d + 2), without ς (as mclust's meeiip).
    return mStepEII({ ...scatter, w, n: n + k + (nu + 2) / d }, out, warm);
  }
  if (layout === 'diag') {
    // S_kj = ς + W_k,jj + c_k δ_kj².
    const w = scatter.w.map((v, i) => v + sc + c[Math.floor(i / d)]! * delta[i]! ** 2);
    if (k === 1 || model === 'VVI') return mStepVVI({ ...scatter, w, nk: plus(nu + 2 + b) }, out, warm);
    if (model === 'VEI') return mStepVEI({ ...scatter, w, nk: plus((nu + 2 + b) / d) }, out, warm);
    if (model === 'EVI') return mStepEVI({ ...scatter, w, n: n + nu + 1 + b }, out, warm);
    // EEI: one ς for the pooled scatter.
    const pooled = w.map((v) => v - sc + sc / k);
    return mStepEEI({ ...scatter, w: pooled, n: n + nu + 1 + b }, out, warm);
  }
  const lambda = prior.scale as Float64Array;
  const dd = d * d;
  if (layout === 'tied') {
    // EEE: Σ = (Λ + Σ_k W_k + c_k δ_k δ_kᵀ) / (ν + d + 1 + [κ > 0] K + n).
    const w = scatter.w.slice();
    for (let i = 0; i < dd; i++) w[i]! += lambda[i]!;
    for (let g = 0; g < k; g++) addOuter(w, 0, delta, g * d, c[g]!, d);
    return mStepEEE({ ...scatter, w, n: n + nu + d + 1 + b * k }, out, warm);
  }
  // EEV, VEV, VVV: each W_k augmented by Λ + c_k δ_k δ_kᵀ.
  const w = scatter.w.slice();
  for (let g = 0; g < k; g++) {
    for (let i = 0; i < dd; i++) w[g * dd + i]! += lambda[i]!;
    addOuter(w, g * dd, delta, g * d, c[g]!, d);
  }
  const augmented = { ...scatter, w };
  if (k === 1) return mStepVVV({ ...augmented, nk: plus(nu + d + 1 + b) }, out, warm); // mvn XXX
  if (model === 'VVV') return mStepVVV({ ...augmented, nk: plus(nu + d + 2) }, out, warm);
  if (model === 'EEV') return mStepEEV({ ...augmented, n: n + nu + d + 1 + b }, out, warm);
  return mStepVEV(augmented, out, warm); // mclust's VEV divides by n_k d alone
}

/** Whether mclust moves the means towards the prior mean in this model (all but EEI with K > 1). */
export function shrinksMeans(model: PriorModelName, k: number, d: number): boolean {
  return !(model === 'EEI' && k > 1 && d > 1);
}

function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += a[aOff + j]! * b[bOff + j]!;
  return s;
}

/** `w[off…] += scale · v vᵀ` (v the d-vector at `vOff`). */
function addOuter(
  w: Float64Array,
  off: number,
  v: Float64Array,
  vOff: number,
  scale: number,
  d: number,
): void {
  for (let a = 0; a < d; a++)
    for (let e = 0; e < d; e++) w[off + a * d + e]! += scale * v[vOff + a]! * v[vOff + e]!;
}
