import { normalizeLogRows } from '@em/core/numeric';
import type { CovarianceKernel } from '../../kernels/types.js';
import type { MixtureParams, NoiseParams } from '../../types.js';

/**
 * The E-step of a mixture with a noise component on rows `[0, n)` of `X`: writes the
 * responsibilities (or their logarithms with `logResp`) to `out`, n × (k + 1) with the noise last
 * (mclust's `z`), and each row's log-density to `logProbNorm` if given; returns Σ_i log p(x_i).
 * `scratch` holds n × k Gaussian log-densities. The noise column, log(weight / volume), is finite,
 * so no row's density can underflow to 0 here.
 */
export function noiseResponsibilities(
  kernel: CovarianceKernel,
  X: Float64Array,
  n: number,
  d: number,
  params: MixtureParams & { noise: NoiseParams },
  out: Float64Array,
  scratch: Float64Array,
  logProbNorm?: Float64Array,
  logResp = false,
): number {
  const k = params.nComponents;
  const K = k + 1;
  kernel.estimateLogProb(X, n, d, k, params.means, params.precisionsCholesky, scratch);
  const logWeights = Array.from(params.weights, Math.log);
  const logNoise = Math.log(params.noise.weight) - Math.log(params.noise.volume);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) out[i * K + c] = logWeights[c]! + scratch[i * k + c]!;
    out[i * K + k] = logNoise;
  }
  const norms = normalizeLogRows({ data: out, rows: n, cols: K }, { log: logResp, out: logProbNorm });
  let total = 0;
  for (let i = 0; i < n; i++) total += norms[i]!;
  return total;
}

/** Whether a model's parameters carry a noise component. */
export function hasNoise(params: MixtureParams): params is MixtureParams & { noise: NoiseParams } {
  return params.noise !== undefined;
}
