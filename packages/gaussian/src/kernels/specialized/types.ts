/**
 * The fused E-step: the per-sample × per-component loops of one E-step (log-densities,
 * log-sum-exp, responsibilities and the sufficient statistics) in one pass over blocks of rows,
 * so the n × k responsibilities never exist in full. Two implementations share this contract:
 * `generic.ts` (plain loops over the dimension, works everywhere) and `generate.ts` (the same
 * algorithm unrolled for the fit's dimension and compiled once per fit with `new Function`).
 *
 * Results are those of `kernels/<type>.ts` + `estimateResponsibilities` + `accumulate`, added in
 * a different order, so they agree to rounding (~1e-15 relative), not bit for bit.
 */
import type { GaussianStats } from '../types.js';

/**
 * Which implementation of the per-sample × per-component loops a fit uses: `'wasm'`
 * (WebAssembly with SIMD, two doubles per instruction), `'generated'` (JavaScript unrolled for the
 * number of features, compiled once per fit with `new Function`), `'generic'` (plain JavaScript
 * loops, for pages whose Content-Security-Policy forbids both), or `'auto'` (the first of these
 * the environment allows). The option `kernels` of `GaussianMixture`.
 *
 * @example
 * ```ts
 * import { GaussianMixture, type KernelMode } from '@em/gaussian';
 * const kernels: KernelMode = 'generic';
 * const gmm = new GaussianMixture({ nComponents: 2, kernels });
 * ```
 */
export type KernelMode = 'auto' | 'wasm' | 'generated' | 'generic';

export interface FusedEStep {
  /** What actually runs (`'auto'` resolves to one of these). */
  readonly mode: 'wasm' | 'generated' | 'generic';
  /**
   * Adds the statistics of rows `[start, end)` of `X` (flat row-major, d columns) under the given
   * parameters (flat layouts of `kernels/types.ts`) into `stats`: `n`, `nk`, `s1`, `s2` centred on
   * `means`, and Σ log p(x_i) into `stats.logLikelihood`. Not re-entrant (it owns its scratch).
   */
  run(
    X: Float64Array,
    start: number,
    end: number,
    weights: Float64Array,
    means: Float64Array,
    precisionsCholesky: Float64Array,
    stats: GaussianStats,
  ): void;
}

/**
 * Rows per block: the block of X (≈ 8 KiB) and its B × k scratch stay in L1/L2 cache while every
 * component passes over them.
 */
export function blockRows(d: number): number {
  return Math.max(16, Math.min(1024, Math.floor(1024 / d)));
}

export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * For full/tied: which entries of the d × d factor U can be non-zero. After an M-step U is upper
 * triangular; from `precisionsInit` it is lower triangular (scikit-learn's conventions).
 */
export type Triangle = 'upper' | 'lower' | 'dense';

export function triangleOf(u: Float64Array, blocks: number, d: number): Triangle {
  let upper = true;
  let lower = true;
  for (let c = 0; c < blocks; c++) {
    const off = c * d * d;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        if (u[off + a * d + b] === 0) continue;
        if (b < a) upper = false;
        if (b > a) lower = false;
      }
    }
  }
  return upper ? 'upper' : lower ? 'lower' : 'dense';
}
