import type { FlatMatrix } from '@em/core/numeric';
import { fullKernel } from '../kernels/full.js';
import type { CovarianceKernel } from '../kernels/types.js';
import { addRow } from './add-row.js';
import {
  type EstimatedParameters,
  estimateParameters,
  parametersFromResponsibilities,
} from './initialize.js';
import { scatterOfPartition } from './partition-scatter.js';

/**
 * {@link parametersFromResponsibilities} for one-hot responsibilities given as labels (k-means'),
 * with the same bits, without the n × k matrix of zeros and ones: the rows are grouped by label,
 * in row order, and each group is added as a one-component data set with responsibilities 1.
 * Every kernel adds a row's terms to its own component's statistics only, in row order, and a zero
 * responsibility adds nothing (+0 or −0 to a sum that is never −0), so each component's sums see
 * the same terms in the same order. The tied kernel shares one second-moment sum between the
 * components, whose order grouping would change: it takes the matrix. The full kernel's sums are
 * added here, group by group ({@link scatterOfGroup}), with its arithmetic — or, with many features,
 * the second moments in WebAssembly SIMD ({@link scatterOfPartition}: the same counts and sums, the
 * second moments to rounding).
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
  const full = kernel.accumulate === fullKernel.accumulate;
  let groups: ReturnType<typeof groupRows> | undefined;
  let pass = 0;
  return estimateParameters(kernel, n, d, k, regCovar, (centres, stats) => {
    pass++;
    if (full) {
      // The first pass gives only the means: counts and sums suffice. The second pass's second
      // moments go to WebAssembly when it pays (many features), else to the grouped loop below.
      if (pass === 1) return countsAndSums(data, n, d, labels, stats.nk, stats.s1);
      if (scatterOfPartition(data, n, d, k, labels, centres, stats.nk, stats.s1, stats.s2)) return;
    }
    groups ??= groupRows(data, n, d, k, labels);
    const { grouped, starts, ones } = groups;
    for (let c = 0; c < k; c++) {
      if (full) {
        scatterOfGroup(grouped, starts[c]!, starts[c + 1]!, d, centres, c, stats.nk, stats.s1, stats.s2);
        continue;
      }
      kernel.accumulate(
        grouped.subarray(starts[c]! * d, starts[c + 1]! * d),
        starts[c + 1]! - starts[c]!,
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

/** The rows grouped by label by a counting sort: group c is rows starts[c] … starts[c + 1] − 1, in row order. */
function groupRows(data: Float64Array, n: number, d: number, k: number, labels: Int32Array) {
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
  return { grouped, starts, ones: new Float64Array(largest).fill(1) };
}

/**
 * Counts and sums of x − 0 per label, in row order: what the full kernel's `accumulate` adds around
 * zero centres with one-hot responsibilities (x − 0 is x exactly), without the second moments.
 */
function countsAndSums(
  data: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  nk: Float64Array,
  s1: Float64Array,
): void {
  for (let i = 0, row = 0; i < n; i++, row += d) {
    const c = labels[i]!;
    nk[c]! += 1;
    addRow(data, row, d, s1, c * d);
  }
}

/**
 * The full kernel's `accumulate` (`accumulateScatter`) for rows `first` … `last` − 1 of `grouped`,
 * all of component c with responsibility 1, without its per-row loop over components: 1 · v is v
 * exactly, so every sum takes the same terms in the same order, and the bits are the same.
 */
function scatterOfGroup(
  grouped: Float64Array,
  first: number,
  last: number,
  d: number,
  centres: Float64Array,
  c: number,
  nk: Float64Array,
  s1: Float64Array,
  s2: Float64Array,
): void {
  if (d === 2) {
    scatterOfGroup2(grouped, first, last, centres, c, nk, s1, s2);
    return;
  }
  const diff = new Float64Array(d);
  const at = c * d;
  const s2At = c * d * d;
  for (let i = first; i < last; i++) {
    nk[c]! += 1;
    for (let j = 0; j < d; j++) {
      const v = grouped[i * d + j]! - centres[at + j]!;
      diff[j] = v;
      s1[at + j]! += v;
    }
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) s2[s2At + a * d + b]! += diff[a]! * diff[b]!;
    }
  }
}

/** {@link scatterOfGroup} for two features, the sums in locals. */
function scatterOfGroup2(
  grouped: Float64Array,
  first: number,
  last: number,
  centres: Float64Array,
  c: number,
  nk: Float64Array,
  s1: Float64Array,
  s2: Float64Array,
): void {
  const m0 = centres[2 * c]!;
  const m1 = centres[2 * c + 1]!;
  let count = nk[c]!;
  let sum0 = s1[2 * c]!;
  let sum1 = s1[2 * c + 1]!;
  let s00 = s2[4 * c]!;
  let s01 = s2[4 * c + 1]!;
  let s11 = s2[4 * c + 3]!;
  for (let i = first; i < last; i++) {
    const v0 = grouped[2 * i]! - m0;
    const v1 = grouped[2 * i + 1]! - m1;
    count += 1;
    sum0 += v0;
    sum1 += v1;
    s00 += v0 * v0;
    s01 += v0 * v1;
    s11 += v1 * v1;
  }
  nk[c] = count;
  s1[2 * c] = sum0;
  s1[2 * c + 1] = sum1;
  s2[4 * c] = s00;
  s2[4 * c + 1] = s01;
  s2[4 * c + 3] = s11;
}
