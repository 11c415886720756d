import type { CovarianceType } from '../../types.js';
import type { GaussianStats } from '../types.js';
import { expNonPositive } from './exp.js';
import { blockRows, type FusedEStep, HALF_LOG_2PI, type Triangle, triangleOf } from './types.js';

/**
 * The fused E-step with plain loops over the dimension: the fallback when code generation is not
 * allowed (a strict Content-Security-Policy) and the reference the generated code is tested
 * against. Per block of rows: (1) weighted log-densities into a B × k scratch, component by
 * component, (2) log-sum-exp per row, turning the scratch into responsibilities, (3) the
 * statistics, component by component.
 */
export function genericEStep(type: CovarianceType, d: number, k: number): FusedEStep {
  const rowsPerBlock = blockRows(d);
  const scratch = new Float64Array(rowsPerBlock * k);
  const constant = new Float64Array(k);
  const diff = new Float64Array(d);
  const tiedOrFull = type === 'full' || type === 'tied';
  const dd = d * d;

  /** Squared Mahalanobis distance of `diff` for component c. */
  function distance(prec: Float64Array, c: number, triangle: Triangle): number {
    let maha = 0;
    if (tiedOrFull) {
      const off = type === 'full' ? c * dd : 0;
      // y = diffᵀ U, visiting only the entries of U that can be non-zero.
      for (let j = 0; j < d; j++) {
        const from = triangle === 'lower' ? j : 0;
        const to = triangle === 'upper' ? j + 1 : d;
        let y = 0;
        for (let m = from; m < to; m++) y += diff[m]! * prec[off + m * d + j]!;
        maha += y * y;
      }
    } else if (type === 'diag') {
      for (let j = 0; j < d; j++) {
        const y = diff[j]! * prec[c * d + j]!;
        maha += y * y;
      }
    } else {
      for (let j = 0; j < d; j++) maha += diff[j]! * diff[j]!;
      maha *= prec[c]! * prec[c]!;
    }
    return maha;
  }

  function accumulate(r: number, c: number, stats: GaussianStats): void {
    stats.nk[c]! += r;
    const s1 = stats.s1;
    const s2 = stats.s2;
    if (tiedOrFull) {
      const off = type === 'full' ? c * dd : 0;
      for (let a = 0; a < d; a++) {
        const ra = r * diff[a]!;
        s1[c * d + a]! += ra;
        for (let b = a; b < d; b++) s2[off + a * d + b]! += ra * diff[b]!;
      }
    } else if (type === 'diag') {
      for (let j = 0; j < d; j++) {
        const rv = r * diff[j]!;
        s1[c * d + j]! += rv;
        s2[c * d + j]! += rv * diff[j]!;
      }
    } else {
      let squares = 0;
      for (let j = 0; j < d; j++) {
        const rv = r * diff[j]!;
        s1[c * d + j]! += rv;
        squares += rv * diff[j]!;
      }
      s2[c]! += squares;
    }
  }

  return {
    mode: 'generic',
    run(X, start, end, weights, means, prec, stats) {
      componentConstants(type, d, k, weights, prec, constant);
      const triangle = tiedOrFull ? triangleOf(prec, type === 'full' ? k : 1, d) : 'dense';
      let logLikelihood = 0;
      for (let i0 = start; i0 < end; i0 += rowsPerBlock) {
        const i1 = Math.min(end, i0 + rowsPerBlock);
        for (let c = 0; c < k; c++) {
          for (let i = i0; i < i1; i++) {
            for (let j = 0; j < d; j++) diff[j] = X[i * d + j]! - means[c * d + j]!;
            scratch[(i - i0) * k + c] = constant[c]! - 0.5 * distance(prec, c, triangle);
          }
        }
        logLikelihood += normalise(scratch, i1 - i0, k);
        for (let c = 0; c < k; c++) {
          for (let i = i0; i < i1; i++) {
            for (let j = 0; j < d; j++) diff[j] = X[i * d + j]! - means[c * d + j]!;
            accumulate(scratch[(i - i0) * k + c]!, c, stats);
          }
        }
      }
      stats.n += end - start;
      stats.logLikelihood += logLikelihood;
    },
  };
}

/**
 * Log-sum-exp of each of the `rows` rows of `scratch` (weighted log-densities), replaced by the
 * responsibilities. Returns Σ log p(x_i). An all −∞ row stays −∞ (as scipy's logsumexp).
 */
export function normalise(scratch: Float64Array, rows: number, k: number): number {
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const row = i * k;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) if (scratch[row + c]! > max) max = scratch[row + c]!;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = expNonPositive(scratch[row + c]! - max);
      scratch[row + c] = e;
      sum += e;
    }
    const inverse = 1 / sum;
    for (let c = 0; c < k; c++) scratch[row + c]! *= inverse;
    total += max === Number.NEGATIVE_INFINITY ? max : max + Math.log(sum);
  }
  return total;
}

/**
 * `out[c] = log w_c + log det U_c − d/2 log 2π`: all of log w_c + log N(x | c) but the distance
 * term. O(k d), once per E-step; shared by both implementations.
 */
export function componentConstants(
  type: CovarianceType,
  d: number,
  k: number,
  weights: Float64Array,
  prec: Float64Array,
  out: Float64Array,
): void {
  for (let c = 0; c < k; c++) {
    let logDet = 0;
    if (type === 'full' || type === 'tied') {
      const off = type === 'full' ? c * d * d : 0;
      for (let j = 0; j < d; j++) logDet += Math.log(prec[off + j * d + j]!);
    } else if (type === 'diag') {
      for (let j = 0; j < d; j++) logDet += Math.log(prec[c * d + j]!);
    } else {
      logDet = d * Math.log(prec[c]!);
    }
    out[c] = Math.log(weights[c]!) + logDet - d * HALF_LOG_2PI;
  }
}
