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
