import type { FlatMatrix } from '@em/core/numeric';
import type { CovarianceKernel } from '../kernels/types.js';
import {
  type EstimatedParameters,
  estimateParameters,
  parametersFromResponsibilities,
} from './initialize.js';

/**
 * {@link parametersFromResponsibilities} for one-hot responsibilities given as labels (k-means'),
 * with the same bits, without the n × k matrix of zeros and ones: the rows are grouped by label,
 * in row order, and each group is added as a one-component data set with responsibilities 1.
 * Every kernel adds a row's terms to its own component's statistics only, in row order, and a zero
 * responsibility adds nothing (+0 or −0 to a sum that is never −0), so each component's sums see
 * the same terms in the same order. The tied kernel shares one second-moment sum between the
 * components, whose order grouping would change: it takes the matrix.
 */
export function parametersFromLabels(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  k: number,
  labels: Int32Array,
  regCovar: number,
): EstimatedParameters {
  const { data, rows: n, cols: d } = X;
  const stride = kernel.statsSize(1, d);
  if (kernel.statsSize(k, d) !== k * stride) {
    const resp = new Float64Array(n * k);
    for (let i = 0; i < n; i++) resp[i * k + labels[i]!] = 1;
    return parametersFromResponsibilities(kernel, X, k, resp, regCovar);
  }
  // Counting sort: group c holds rows starts[c] … starts[c + 1] − 1, in row order.
  const starts = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) starts[labels[i]! + 1]! += 1;
  let largest = 0;
  for (let c = 0; c < k; c++) {
    largest = Math.max(largest, starts[c + 1]!);
    starts[c + 1]! += starts[c]!;
  }
  const grouped = new Float64Array(n * d);
  const next = starts.slice(0, k);
  for (let i = 0; i < n; i++) {
    const at = next[labels[i]!]!++ * d;
    for (let j = 0; j < d; j++) grouped[at + j] = data[i * d + j]!;
  }
  const ones = new Float64Array(largest).fill(1);
  return estimateParameters(kernel, n, d, k, regCovar, (centres, stats) => {
    for (let c = 0; c < k; c++) {
      const rows = starts[c + 1]! - starts[c]!;
      kernel.accumulate(
        grouped.subarray(starts[c]! * d, starts[c + 1]! * d),
        rows,
        d,
        1,
        ones,
        centres.subarray(c * d, c * d + d),
        stats.nk.subarray(c, c + 1),
        stats.s1.subarray(c * d, c * d + d),
        stats.s2.subarray(c * stride, c * stride + stride),
      );
    }
  });
}
