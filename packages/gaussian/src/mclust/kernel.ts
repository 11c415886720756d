import { kernelFor } from '../kernels/index.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import { type MclustModelName, modelSpec } from './models.js';
import { RTEPS, type Scatter, type WarmStart } from './mstep/types.js';

/**
 * The kernel of an mclust model: the E-step, statistics and precision Cholesky factors are those
 * of the model's layout (spherical, diagonal, tied or full — the E-step does not care which model
 * produced the covariances); only the M-step and the parameter count are the model's own. Each
 * call makes a new kernel, whose iterative M-steps warm-start from the previous iteration of the
 * same fit. A model mclust cannot estimate (a component with n_k ≤ √eps, a variance, scale or
 * shape at or below mclust's threshold) gets NaN covariances, which `precisionCholesky` reports
 * as that component failing: a `SingularCovarianceError`, mclust's NA.
 */
export function mclustKernel(model: MclustModelName, d: number): CovarianceKernel {
  const spec = modelSpec(model, d);
  const base = kernelFor(spec.layout, d);
  const warm: WarmStart = new Map();
  // The scatter of this fit's M-steps, each read within its call: one array for the fit.
  let scatterArray: Float64Array | undefined;
  return {
    ...base,
    modelName: model,
    nCovarianceParameters: (k, dims) => spec.nVarParams(k, dims),
    covariances(stats, nkReg, k, dims, _regCovar, out) {
      const scatter = scatterOf(spec.layout, stats, nkReg, k, dims, scatterArray);
      scatterArray = scatter.w;
      const estimable = allAbove(nkReg, RTEPS) && spec.mStep(scatter, out, warm);
      if (!estimable) out.fill(Number.NaN);
    },
    precisionCholesky(covariances, k, dims, out) {
      for (let i = 0; i < covariances.length; i++) {
        if (Number.isNaN(covariances[i]!)) return 0;
      }
      return base.precisionCholesky(covariances, k, dims, out);
    },
  };
}

/** Whether every entry of `values` exceeds `threshold` (a loop: this runs every M-step). */
function allAbove(values: Float64Array, threshold: number): boolean {
  for (let i = 0; i < values.length; i++) if (!(values[i]! > threshold)) return false;
  return true;
}

/**
 * W_k (reduced to the layout) from statistics centred on the previous means: s2 − s1 s1ᵀ / n_k,
 * written to `into` when it has the size (every entry is written), else to a new array.
 */
export function scatterOf(
  layout: string,
  stats: GaussianStats,
  nk: Float64Array,
  k: number,
  d: number,
  into?: Float64Array,
): Scatter {
  const { s1, s2 } = stats;
  let n = 0;
  for (let c = 0; c < k; c++) n += nk[c]!;
  const size = layout === 'spherical' ? k : layout === 'diag' ? k * d : (layout === 'tied' ? 1 : k) * d * d;
  const w = into?.length === size ? into : new Float64Array(size);
  if (layout === 'spherical') {
    for (let c = 0; c < k; c++) {
      let shift = 0;
      for (let j = 0; j < d; j++) shift += s1[c * d + j]! ** 2;
      w[c] = s2[c]! - shift / nk[c]!;
    }
  } else if (layout === 'diag') {
    for (let i = 0; i < k * d; i++) w[i] = s2[i]! - s1[i]! ** 2 / nk[Math.floor(i / d)]!;
  } else {
    const blocks = layout === 'tied' ? 1 : k;
    for (let b = 0; b < blocks; b++) {
      for (let a = 0; a < d; a++) {
        for (let e = a; e < d; e++) {
          let v = s2[b * d * d + a * d + e]!;
          for (let c = layout === 'tied' ? 0 : b; c < (layout === 'tied' ? k : b + 1); c++) {
            v -= (s1[c * d + a]! * s1[c * d + e]!) / nk[c]!;
          }
          w[b * d * d + a * d + e] = v;
          w[b * d * d + e * d + a] = v;
        }
      }
    }
  }
  return { k, d, n, nk, w };
}
