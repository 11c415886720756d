import type { EMModel } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { CHUNK_ROWS, mStep, rowChunks, zeroStats } from '../../estep.js';
import type { CovarianceKernel, GaussianStats } from '../../kernels/types.js';
import type { MixtureParams, NoiseParams } from '../../types.js';
import { noiseResponsibilities } from './estep.js';
import type { NoiseMask } from './mask.js';

/** The Gaussian components' statistics plus the noise component's expected count, Σ_i z_i,noise. */
export interface NoiseStats extends GaussianStats {
  noise: number;
}

export type NoisyParams = MixtureParams & { noise: NoiseParams };

/**
 * A Gaussian mixture plus uniform noise as an `@em/core` model, as mclust's `me*` with `Vinv`: the
 * E-step adds the noise column log(weight / volume) to the components' log-densities; the M-step
 * is the covariance model's own on the Gaussian columns of z (its pooled estimates divide by
 * Σ_c n_c, the rows the components explain), every proportion is its column's mean over all n
 * rows, and the volume stays fixed. `logLikelihood` is per row, as `gaussianModel`'s.
 */
export function noiseMixtureModel(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  k: number,
  regCovar: number,
): EMModel<MixtureParams, NoiseStats> {
  const { rows: n, cols: d } = X;
  const blockStats = noiseBlockStatistics(kernel, Math.min(n, CHUNK_ROWS), d, k);
  return {
    eStep(params) {
      const stats: NoiseStats = { ...zeroStats(kernel, k, d), n, noise: 0 };
      for (const part of rowChunks(X)) blockStats(part, params as NoisyParams, stats);
      return { stats, logLikelihood: stats.logLikelihood / n };
    },
    mStep: (stats, params, { iteration }) => noiseMStep(kernel, stats, params, n, regCovar, iteration),
  };
}

/**
 * The E-step of a block of at most `rows` rows with a noise component, added into `stats` (its
 * log-likelihood summed, not divided; the moments centred on `centre`, by default the means):
 * what `fit`, `fitStream`, the statistics of a shard and `partialFit` run on each 4096-row block,
 * so that their sums agree to the bit.
 */
export function noiseBlockStatistics(
  kernel: CovarianceKernel,
  rows: number,
  d: number,
  k: number,
): (block: FlatMatrix, params: NoisyParams, stats: NoiseStats, centre?: Float64Array) => void {
  const K = k + 1;
  const z = new Float64Array(rows * K);
  const scratch = new Float64Array(rows * k);
  const resp = new Float64Array(rows * k);
  return (block, params, stats, centre = params.means) => {
    const m = block.rows;
    stats.logLikelihood += noiseResponsibilities(kernel, block.data, m, d, params, z, scratch);
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < k; c++) resp[i * k + c] = z[i * K + c]!;
      stats.noise += z[i * K + k]!;
    }
    kernel.accumulate(block.data, m, d, k, resp, centre, stats.nk, stats.s1, stats.s2);
  };
}

/** The M-step with a noise component over `n` rows: the covariance model's, the noise weight Σ z / n. */
export function noiseMStep(
  kernel: CovarianceKernel,
  stats: NoiseStats,
  params: MixtureParams,
  n: number,
  regCovar: number,
  iteration: number,
): MixtureParams {
  const next = mStep(kernel, stats, params, regCovar, iteration);
  return { ...next, noise: { weight: stats.noise / n, volume: (params as NoisyParams).noise.volume } };
}

/** The rows of `X` not marked as noise (copied), where the Gaussian components start. */
export function unmarkedRows(X: FlatMatrix, mask: NoiseMask): FlatMatrix {
  const { rows: n, cols: d } = X;
  const data = new Float64Array((n - mask.count) * d);
  for (let i = 0, t = 0; i < n; i++) {
    if (mask.marked[i]) continue;
    data.set(X.data.subarray(i * d, i * d + d), t * d);
    t++;
  }
  return { data, rows: n - mask.count, cols: d };
}

/** The rows of an n × k responsibility matrix not marked as noise. */
export function unmarkedResponsibilities(resp: Float64Array, mask: NoiseMask, k: number): Float64Array {
  const out = new Float64Array((mask.marked.length - mask.count) * k);
  for (let i = 0, t = 0; i < mask.marked.length; i++) {
    if (mask.marked[i]) continue;
    out.set(resp.subarray(i * k, i * k + k), t * k);
    t++;
  }
  return out;
}

/**
 * The first parameters from the initial guess, as mclust's first M-step on z: the Gaussian
 * components as estimated on the `n − marked` unmarked rows, their weights scaled to all `n`
 * rows, the noise weight the marked share.
 */
export function withInitialNoise(
  params: MixtureParams,
  n: number,
  marked: number,
  volume: number,
): MixtureParams {
  const share = (n - marked) / n;
  return {
    ...params,
    weights: params.weights.map((w) => w * share),
    noise: { weight: marked / n, volume },
  };
}
