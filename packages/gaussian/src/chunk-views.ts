import type { FlatMatrix } from '@em/core/numeric';
import { float64Views } from './float64-views.js';
import { requireFiniteLogDensities } from './numeric-range.js';

/**
 * Runs a fitted model's E-step over `data` chunk by chunk and hands each chunk's n × k block
 * (responsibilities, or their logarithms with `logResp`) and each sample's log-normaliser to `visit`.
 * GaussianMixture and BayesianGaussianMixture each provide one; the views below serve both.
 */
export type VisitChunks = (
  data: FlatMatrix,
  logResp: boolean,
  visit: (start: number, rows: number, block: Float64Array, logProbNorm: Float64Array) => void,
) => void;

/** The most likely of `k` components for each row. */
export function mostLikely(visitChunks: VisitChunks, data: FlatMatrix, k: number): Int32Array {
  const labels = new Int32Array(data.rows);
  visitChunks(data, true, (start, rows, block) => {
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (block[i * k + c]! > block[i * k + best]!) best = c;
      labels[start + i] = best;
    }
  });
  return labels;
}

/** Each row's responsibilities over `k` components, one array per row. */
export function responsibilities(visitChunks: VisitChunks, data: FlatMatrix, k: number): number[][] {
  const out: number[][] = [];
  visitChunks(data, false, (_start, rows, block) => {
    for (let i = 0; i < rows; i++) out.push(Array.from(block.subarray(i * k, (i + 1) * k)));
  });
  return out;
}

/** Each row's log-normaliser (the log-density of a mixture, the ELBO term of a variational one). */
export function logNormalisers(visitChunks: VisitChunks, data: FlatMatrix): Float64Array {
  const out = new Float64Array(data.rows);
  visitChunks(data, true, (start, rows, _block, norm) => out.set(norm.subarray(0, rows), start));
  return requireFiniteLogDensities(out, 'scoreSamples');
}

/** The mean of `values`. */
export function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  if (Number.isFinite(sum)) return sum / values.length;
  // Finite values whose sum overflows: divide first.
  sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! / values.length;
  return sum;
}

/** Each row's classification uncertainty, 1 − max_c p(c | x) (mclust's `uncertainty`). */
export function uncertainties(visitChunks: VisitChunks, data: FlatMatrix, k: number): Float64Array {
  const out = new Float64Array(data.rows);
  visitChunks(data, false, (start, rows, block) => {
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 0; c < k; c++) best = Math.max(best, block[i * k + c]!);
      out[start + i] = 1 - best;
    }
  });
  return out;
}

/**
 * {@link logNormalisers} and {@link uncertainties} from one pass (the responsibilities' pass gives
 * the log-normalisers too): a model selection tabulates both for every fit of its grid.
 */
export function logNormalisersAndUncertainties(
  visitChunks: VisitChunks,
  data: FlatMatrix,
  k: number,
): { logNormalisers: Float64Array; uncertainties: Float64Array } {
  const [norms, out] = float64Views(data.rows, data.rows) as [Float64Array, Float64Array];
  visitChunks(data, false, (start, rows, block, norm) => {
    for (let i = 0; i < rows; i++) {
      norms[start + i] = norm[i]!;
      let best = 0;
      for (let c = 0; c < k; c++) best = Math.max(best, block[i * k + c]!);
      out[start + i] = 1 - best;
    }
  });
  return { logNormalisers: requireFiniteLogDensities(norms, 'scoreSamples'), uncertainties: out };
}
