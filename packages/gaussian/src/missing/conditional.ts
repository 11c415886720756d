import { NumericalError } from '@em/core';
import { choleskyLower, invertLowerTransposed } from '../linalg.js';
import { covariancesOf } from '../params.js';
import type { MixtureParams } from '../types.js';
import type { MissingLayout, MissingPattern } from './patterns.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Rows of one pattern handled together: keeps the k × rows × d scratch small and in cache. */
export const PATTERN_BLOCK_ROWS = 256;

/**
 * Every component's covariance as a dense d × d matrix (k × d × d), whatever the covariance type:
 * the one form the conditional distributions below need.
 */
export function denseCovariances(params: MixtureParams): Float64Array {
  const { covarianceType: type, nComponents: k, nFeatures: d } = params;
  const flat = covariancesOf(params);
  const dd = d * d;
  if (type === 'full') return flat;
  const out = new Float64Array(k * dd);
  for (let c = 0; c < k; c++) {
    const off = c * dd;
    if (type === 'tied') out.set(flat, off);
    else for (let j = 0; j < d; j++) out[off + j * d + j] = type === 'diag' ? flat[c * d + j]! : flat[c]!;
  }
  return out;
}

/**
 * One component's distribution split by a missingness pattern (o observed, m missing):
 * the lower Cholesky factor L of Σ_oo, the log-density constant of the observed coordinates with
 * the component's log-weight added, `W = L⁻¹ Σ_om` (so the regression of the missing coordinates
 * on the observed ones is `E[x_m | x_o] − μ_m = Wᵀ L⁻¹ (x_o − μ_o)`), and the conditional covariance
 * `C = Σ_mm − Wᵀ W` (Little & Rubin, ch. 11).
 */
export interface PatternConditional {
  /** p × p lower triangular. */
  chol: Float64Array;
  /** log w_c − p/2 log 2π − ½ log det Σ_oo. */
  constant: number;
  /** p × q. */
  w: Float64Array;
  /** q × q, symmetric. */
  condCov: Float64Array;
  /** q × p: the regression coefficients `B = Σ_mo Σ_oo⁻¹ = Wᵀ L⁻¹`. */
  regression: Float64Array;
  /** p × p upper triangular `L⁻ᵀ`: `‖(x_o − μ_o) · upper‖²` is the Mahalanobis distance. */
  upper: Float64Array;
}

/** The conditional factors of component `c` for `pattern`; a NumericalError if Σ_oo is not positive definite. */
export function patternConditional(
  cov: Float64Array,
  c: number,
  d: number,
  pattern: MissingPattern,
  logWeight: number,
): PatternConditional {
  const { observed, missing } = pattern;
  const p = observed.length;
  const q = missing.length;
  const off = c * d * d;
  const soo = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) soo[a * p + b] = cov[off + observed[a]! * d + observed[b]!]!;
  const chol = new Float64Array(p * p);
  if (!choleskyLower(soo, 0, p, chol, 0)) {
    throw new NumericalError(
      `The covariance of component ${c} restricted to the observed features ${Array.from(observed).join(', ')} is not positive definite.`,
      'Increase regCovar or use fewer components.',
    );
  }
  let logDet = 0;
  for (let a = 0; a < p; a++) logDet += Math.log(chol[a * p + a]!);
  // W = L⁻¹ Σ_om by forward substitution, column by column.
  const w = new Float64Array(p * q);
  for (let m = 0; m < q; m++) {
    for (let a = 0; a < p; a++) {
      let sum = cov[off + observed[a]! * d + missing[m]!]!;
      for (let b = 0; b < a; b++) sum -= chol[a * p + b]! * w[b * q + m]!;
      w[a * q + m] = sum / chol[a * p + a]!;
    }
  }
  const condCov = new Float64Array(q * q);
  for (let u = 0; u < q; u++) {
    for (let v = u; v < q; v++) {
      let sum = cov[off + missing[u]! * d + missing[v]!]!;
      for (let a = 0; a < p; a++) sum -= w[a * q + u]! * w[a * q + v]!;
      condCov[u * q + v] = sum;
      condCov[v * q + u] = sum;
    }
  }
  const upper = new Float64Array(p * p);
  invertLowerTransposed(chol, 0, p, upper, 0);
  // B[m][a] = Σ_b W[b][m] L⁻¹[b][a], with L⁻¹[b][a] = upper[a][b] (zero unless a ≤ b).
  const regression = new Float64Array(q * p);
  for (let m = 0; m < q; m++) {
    for (let a = 0; a < p; a++) {
      let sum = 0;
      for (let b = a; b < p; b++) sum += w[b * q + m]! * upper[a * p + b]!;
      regression[m * p + a] = sum;
    }
  }
  return { chol, constant: logWeight - 0.5 * p * LOG_2PI - logDet, w, condCov, regression, upper };
}

/**
 * What {@link forEachPatternBlock} hands to its visitor for a block of rows of one pattern:
 * `logJoint[i * k + c] = log w_c + log N(x_io | μ_co, Σ_coo)`, and with deviations asked for,
 * `deviations[(c * count + i) * d + j]`: the row's deviation from μ_c with each missing value
 * replaced by its conditional expectation under component c (x_ij − μ_cj observed, the regression
 * Wᵀ L⁻¹ (x_o − μ_co) missing).
 */
export interface PatternBlock {
  pattern: MissingPattern;
  conditionals: PatternConditional[];
  /** Position of the block's first row in `pattern.rows`. */
  start: number;
  count: number;
  logJoint: Float64Array;
  deviations: Float64Array;
}

/**
 * Walks the incomplete rows of `layout` pattern by pattern, block by block, computing each
 * pattern's conditional factors once (per component) and each row's observed-data log-joint
 * densities and, with `withDeviations`, its conditional deviations. The arrays handed to `visit`
 * are reused between blocks.
 */
export function forEachPatternBlock(
  layout: MissingLayout,
  params: MixtureParams,
  withDeviations: boolean,
  visit: (block: PatternBlock) => void,
): void {
  const { nComponents: k, nFeatures: d, means, weights } = params;
  const cov = denseCovariances(params);
  const logJoint = new Float64Array(PATTERN_BLOCK_ROWS * k);
  const deviations = new Float64Array(withDeviations ? k * PATTERN_BLOCK_ROWS * d : 0);
  const diff = new Float64Array(d);
  const z = new Float64Array(d);
  for (const pattern of layout.patterns) {
    const { observed, missing, values } = pattern;
    const p = observed.length;
    const q = missing.length;
    const conditionals: PatternConditional[] = [];
    for (let c = 0; c < k; c++)
      conditionals.push(patternConditional(cov, c, d, pattern, Math.log(weights[c]!)));
    const n = pattern.rows.length;
    for (let start = 0; start < n; start += PATTERN_BLOCK_ROWS) {
      const count = Math.min(PATTERN_BLOCK_ROWS, n - start);
      for (let c = 0; c < k; c++) {
        const { chol, constant, w } = conditionals[c]!;
        const mOff = c * d;
        for (let i = 0; i < count; i++) {
          const xOff = (start + i) * p;
          let maha = 0;
          // z = L⁻¹ (x_o − μ_o), forward substitution.
          for (let a = 0; a < p; a++) {
            const v = values[xOff + a]! - means[mOff + observed[a]!]!;
            diff[a] = v;
            let sum = v;
            const row = a * p;
            for (let b = 0; b < a; b++) sum -= chol[row + b]! * z[b]!;
            const za = sum / chol[row + a]!;
            z[a] = za;
            maha += za * za;
          }
          logJoint[i * k + c] = constant - 0.5 * maha;
          if (!withDeviations) continue;
          const dOff = (c * count + i) * d;
          for (let a = 0; a < p; a++) deviations[dOff + observed[a]!] = diff[a]!;
          for (let m = 0; m < q; m++) {
            let sum = 0;
            for (let a = 0; a < p; a++) sum += w[a * q + m]! * z[a]!;
            deviations[dOff + missing[m]!] = sum;
          }
        }
      }
      visit({ pattern, conditionals, start, count, logJoint, deviations });
    }
  }
}
