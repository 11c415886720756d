import type { EMModel } from '@em/core';
import { addStats, gaussianModel, mStep, zeroStats } from '../estep.js';
import { fullKernel } from '../kernels/full.js';
import { createFusedEStep, type FusedEStep, type KernelMode } from '../kernels/specialized/index.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import { packMixture, unpackMixture } from '../pack.js';
import type { MixtureParams } from '../types.js';
import {
  denseCovariances,
  forEachPatternBlock,
  type PatternConditional,
  patternConditional,
} from './conditional.js';
import type { MissingLayout } from './patterns.js';

/**
 * The fused E-step of a p-dimensional full-covariance mixture of k components, made once per p
 * (a pattern's observed coordinates), in the fit's kernel mode.
 */
export function fusedByFeatures(k: number, mode: KernelMode | undefined): (p: number) => FusedEStep {
  const made = new Map<number, FusedEStep>();
  return (p) => {
    let fused = made.get(p);
    if (!fused) {
      fused = createFusedEStep('full', p, k, mode);
      made.set(p, fused);
    }
    return fused;
  };
}

/**
 * E-step statistics of the incomplete rows (Ghahramani & Jordan 1994; Little & Rubin, ch. 11):
 * responsibilities from the marginal density of each row's observed coordinates; first and second
 * moments with each missing coordinate replaced by its conditional expectation under each
 * component, plus the conditional covariance of the missing coordinates (times the summed
 * responsibility of the pattern) on the second moments. Centred on the current means, as the
 * kernels' statistics, so they add to the complete rows' statistics and the M-step is unchanged.
 *
 * Within a pattern and a component the completed deviation of a row is a linear map of its
 * observed deviation, `e = A (x_o − μ_o)` with `A = [I; B]` (B the regression coefficients), so
 * the rows only need the statistics of their observed coordinates, which are those of complete
 * data in p dimensions (run by the same fused kernels as complete rows, see `fusedFor`); they are
 * mapped to the d × d statistics once per pattern, `A S Aᵀ + R C`.
 */
export function incompleteEStep(
  kernel: CovarianceKernel,
  layout: MissingLayout,
  params: MixtureParams,
  fusedFor: (p: number) => FusedEStep,
): GaussianStats {
  const { nComponents: k, nFeatures: d, covarianceType: type, means, weights } = params;
  const stats = zeroStats(kernel, k, d);
  stats.n = layout.incompleteRows;
  const cov = denseCovariances(params);
  const full = new Float64Array(d * d);
  for (const pattern of layout.patterns) {
    const { observed, values, rows } = pattern;
    const p = observed.length;
    const conditionals: PatternConditional[] = [];
    for (let c = 0; c < k; c++)
      conditionals.push(patternConditional(cov, c, d, pattern, Math.log(weights[c]!)));
    // The observed coordinates of a pattern are complete data in p dimensions, with the marginal
    // means and the precision factors of Σ_oo: the fused kernel of a p-dimensional full mixture
    // gives their responsibilities, Σ r, Σ r e_o and Σ r e_o e_oᵀ (upper triangle) in one pass.
    const meansO = new Float64Array(k * p);
    const upper = new Float64Array(k * p * p);
    for (let c = 0; c < k; c++) {
      for (let a = 0; a < p; a++) meansO[c * p + a] = means[c * d + observed[a]!]!;
      upper.set(conditionals[c]!.upper, c * p * p);
    }
    const part = zeroStats(fullKernel, k, p);
    fusedFor(p).run(values, 0, rows.length, weights, meansO, upper, part);
    stats.logLikelihood += part.logLikelihood;
    const r = part.nk;
    const s1 = part.s1;
    const s2 = part.s2;
    for (let c = 0; c < k; c++) {
      if (r[c]! > 0) addPatternStats(stats, type, pattern, conditionals[c]!, c, d, r[c]!, s1, s2, full);
    }
  }
  return stats;
}

/**
 * Maps one component's statistics of one pattern (Σ r, Σ r e_o, Σ r e_o e_oᵀ in the observed
 * coordinates) to the d-dimensional statistics: `A s1` and `A S Aᵀ + R C` with `A = [I; B]`,
 * reduced as the covariance type's kernel keeps them.
 */
function addPatternStats(
  stats: GaussianStats,
  type: MixtureParams['covarianceType'],
  pattern: MissingLayout['patterns'][number],
  conditional: PatternConditional,
  c: number,
  d: number,
  rc: number,
  s1: Float64Array,
  s2: Float64Array,
  full: Float64Array,
): void {
  const { observed, missing } = pattern;
  const p = observed.length;
  const q = missing.length;
  const { regression: B, condCov } = conditional;
  const s1Off = c * p;
  const s2Off = c * p * p;
  stats.nk[c]! += rc;
  for (let a = 0; a < p; a++) stats.s1[c * d + observed[a]!]! += s1[s1Off + a]!;
  for (let m = 0; m < q; m++) {
    let sum = 0;
    for (let a = 0; a < p; a++) sum += B[m * p + a]! * s1[s1Off + a]!;
    stats.s1[c * d + missing[m]!]! += sum;
  }
  // S (symmetric, from its upper triangle) into the observed block of `full`.
  const S = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const v = s2[s2Off + a * p + b]!;
      S[a * p + b] = v;
      S[b * p + a] = v;
      full[observed[a]! * d + observed[b]!] = v;
      full[observed[b]! * d + observed[a]!] = v;
    }
  }
  // B S (q × p): the missing × observed block.
  const bs = new Float64Array(q * p);
  for (let m = 0; m < q; m++) {
    for (let b = 0; b < p; b++) {
      let sum = 0;
      for (let a = 0; a < p; a++) sum += B[m * p + a]! * S[a * p + b]!;
      bs[m * p + b] = sum;
      full[missing[m]! * d + observed[b]!] = sum;
      full[observed[b]! * d + missing[m]!] = sum;
    }
  }
  // B S Bᵀ + R C: the missing × missing block.
  for (let m = 0; m < q; m++) {
    for (let l = m; l < q; l++) {
      let sum = rc * condCov[m * q + l]!;
      for (let b = 0; b < p; b++) sum += bs[m * p + b]! * B[l * p + b]!;
      full[missing[m]! * d + missing[l]!] = sum;
      full[missing[l]! * d + missing[m]!] = sum;
    }
  }
  switch (type) {
    case 'full':
    case 'tied': {
      const off = type === 'full' ? c * d * d : 0;
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) stats.s2[off + a * d + b]! += full[a * d + b]!;
      break;
    }
    case 'diag':
      for (let j = 0; j < d; j++) stats.s2[c * d + j]! += full[j * d + j]!;
      break;
    case 'spherical': {
      let trace = 0;
      for (let j = 0; j < d; j++) trace += full[j * d + j]!;
      stats.s2[c]! += trace;
      break;
    }
  }
}

/**
 * `out[i * k + c] = log w_c + log N(x_io | μ_co, Σ_coo)` for every row of the layout (complete rows
 * through the kernel, incomplete ones through their pattern's marginal): the observed-data
 * log-joint densities that `predict`, `predictProba` and `scoreSamples` normalise.
 */
export function observedLogJoint(
  kernel: CovarianceKernel,
  layout: MissingLayout,
  params: MixtureParams,
  out: Float64Array,
): void {
  const k = params.nComponents;
  const { complete, completeRows } = layout;
  if (complete.rows > 0) {
    const block = new Float64Array(complete.rows * k);
    kernel.estimateLogProb(
      complete.data,
      complete.rows,
      complete.cols,
      k,
      params.means,
      params.precisionsCholesky,
      block,
    );
    for (let r = 0; r < complete.rows; r++) {
      const row = completeRows[r]!;
      for (let c = 0; c < k; c++) out[row * k + c] = block[r * k + c]! + Math.log(params.weights[c]!);
    }
  }
  forEachPatternBlock(layout, params, false, ({ pattern, start, count, logJoint }) => {
    for (let i = 0; i < count; i++) {
      const row = pattern.rows[start + i]!;
      for (let c = 0; c < k; c++) out[row * k + c] = logJoint[i * k + c]!;
    }
  });
}

/**
 * The Gaussian mixture on data with missing values as an `@em/core` model: the complete rows take
 * the same (fused, chunked) E-step as complete data, the incomplete rows {@link incompleteEStep};
 * their statistics add up before the unchanged M-step. The reported log-likelihood is the mean
 * observed-data log-likelihood per row.
 */
export function missingGaussianModel(
  kernel: CovarianceKernel,
  layout: MissingLayout,
  k: number,
  regCovar: number,
  fused: FusedEStep | undefined,
  mode: KernelMode | undefined,
): EMModel<MixtureParams, GaussianStats> {
  const complete =
    layout.complete.rows > 0 ? gaussianModel(kernel, layout.complete, k, regCovar, fused) : undefined;
  const fusedFor = fusedByFeatures(k, mode);
  return {
    eStep(params) {
      const stats = complete ? complete.eStep(params).stats : zeroStats(kernel, k, layout.cols);
      addStats(stats, incompleteEStep(kernel, layout, params, fusedFor));
      return { stats, logLikelihood: stats.logLikelihood / layout.rows };
    },
    mStep: (stats, params, { iteration }) => mStep(kernel, stats, params, regCovar, iteration),
    pack: packMixture,
    unpack: (vector, like) => unpackMixture(kernel, vector, like),
  };
}
