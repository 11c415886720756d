import { InvalidOptionError } from '@em/core';
import type { FlatMatrix, RandomSource } from '@em/core/numeric';
import { type HcModel, hierarchicalClustering } from './hc.js';
import type { HcUse } from './hc-transform.js';
import { hierarchicalClasses } from './hclass.js';

/** The agglomeration behind `initParams: 'hc'`. */
export interface HcInitOptions {
  /** Default as mclust's `Mclust`: `'VVV'` (`'EII'` when n ≤ p), `'V'` for one column. */
  model?: HcModel;
  /** Default `'SVD'` (mclust's `hcUse`). */
  use?: HcUse;
}

/**
 * Initial one-hot responsibilities (n × k, row-major) from the k-cluster cut of mclust's hierarchical
 * agglomeration, as `Mclust` starts EM (`unmap(hclass(hc(X), k))`). mclust itself starts univariate
 * fits from quantile classes instead; here one column uses the V agglomeration.
 */
export function hcResponsibilities(X: FlatMatrix, k: number, options: HcInitOptions, random: RandomSource) {
  const { rows: n, cols: p } = X;
  const model = options.model ?? (p === 1 ? 'V' : n > p ? 'VVV' : 'EII');
  if (p > 1 && (model === 'E' || model === 'V')) {
    throw new InvalidOptionError('hcModel', "'VVV' or 'EII' for data with more than one column", model);
  }
  const tree = hierarchicalClustering(X, { model, use: options.use ?? 'SVD', random });
  const labels = hierarchicalClasses(tree, k);
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) resp[i * k + labels[i]!] = 1;
  return resp;
}

/** mclust's `mclust.options("subset")`: above this many rows the agglomeration runs on a random subset. */
export const HC_SUBSET_SIZE = 2000;

/**
 * The rows mclust agglomerates when n > {@link HC_SUBSET_SIZE}: a uniform random subset of that size
 * (the hc partition of the subset gives an M-step, whose E-step on all rows starts EM), since the
 * agglomeration needs O(n²) memory. Returns undefined when every row is used.
 */
export function hcSubset(X: FlatMatrix, random: RandomSource): FlatMatrix | undefined {
  const { rows: n, cols: p, data } = X;
  if (n <= HC_SUBSET_SIZE) return undefined;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < HC_SUBSET_SIZE; t++) {
    const j = t + Math.min(n - t - 1, Math.floor(random() * (n - t)));
    [order[t], order[j]] = [order[j]!, order[t]!];
  }
  const chosen = order.subarray(0, HC_SUBSET_SIZE).sort();
  const out = new Float64Array(HC_SUBSET_SIZE * p);
  chosen.forEach((row, t) => {
    out.set(data.subarray(row * p, row * p + p), t * p);
  });
  return { data: out, rows: HC_SUBSET_SIZE, cols: p };
}
