import { InvalidInputError } from '@em/core';
import { toRows } from '@em/core/numeric';
import { createRandom, multivariateNormal, normal } from '@em/sampling';
import type { CovarianceType } from './types.js';

/**
 * Most values (n × nFeatures) one `sample` call returns: 2^25 numbers, about 270 MB as arrays of
 * doubles. Beyond it the call is refused before anything is allocated, rather than exhausting memory.
 */
export const MAX_SAMPLE_VALUES = 2 ** 25;

/**
 * Draws `n` samples from a mixture given by its weights, means and covariances (flat layouts):
 * component counts from the weights, then each component's samples in order (so `labels` is
 * sorted), as scikit-learn's `BaseMixture.sample`.
 */
export function sampleMixture(
  type: CovarianceType,
  k: number,
  d: number,
  weights: Float64Array,
  means: Float64Array,
  covariances: Float64Array,
  n: number,
  seed: number,
): { X: number[][]; labels: Int32Array } {
  if (n * d > MAX_SAMPLE_VALUES) {
    throw new InvalidInputError(
      'n',
      `at most ${Math.floor(MAX_SAMPLE_VALUES / d)} samples of ${d} features per call (${MAX_SAMPLE_VALUES} values); draw in batches`,
      n,
    );
  }
  const rng = createRandom(seed);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const u = rng.random();
    let c = 0;
    let cumulative = weights[0]!;
    while (c < k - 1 && u >= cumulative) cumulative += weights[++c]!;
    counts[c]! += 1;
  }
  const X: number[][] = [];
  const labels = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < k; c++) {
    const size = counts[c]!;
    if (size === 0) continue;
    const mean = Array.from(means.subarray(c * d, (c + 1) * d));
    let block: Float64Array;
    if (type === 'full' || type === 'tied') {
      const off = type === 'full' ? c * d * d : 0;
      const cov = toRows(covariances.subarray(off, off + d * d), d, d);
      block = multivariateNormal(rng, { mean, cov, size }).data;
    } else {
      block = new Float64Array(size * d);
      for (let j = 0; j < d; j++) {
        const variance = type === 'diag' ? covariances[c * d + j]! : covariances[c]!;
        const column = normal(rng, { loc: mean[j]!, scale: Math.sqrt(variance), size });
        for (let i = 0; i < size; i++) block[i * d + j] = column[i]!;
      }
    }
    for (let i = 0; i < size; i++) {
      X.push(Array.from(block.subarray(i * d, (i + 1) * d)));
      labels[row++] = c;
    }
  }
  return { X, labels };
}
