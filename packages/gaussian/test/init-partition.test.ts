import { describe, expect, it } from 'vitest';
import { parametersFromResponsibilities } from '../src/init/initialize.js';
import { parametersFromLabels } from '../src/init/parameters-from-labels.js';
import { scatterOfPartition } from '../src/init/partition-scatter.js';
import { kernelFor } from '../src/kernels/index.js';
import type { CovarianceType } from '../src/types.js';
import { expectClose } from './helpers.js';

/** n rows in d dimensions around k centres, labelled by the centre each came from (not sorted). */
function partitioned(n: number, d: number, k: number) {
  const data = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = (i * 7 + (i >> 3)) % k;
    labels[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = 3 * c + Math.sin(i * 0.37 + j * 1.3) * (1 + j / d);
  }
  return { X: { data, rows: n, cols: d }, labels };
}

function oneHot(labels: Int32Array, k: number): Float64Array {
  const resp = new Float64Array(labels.length * k);
  labels.forEach((c, i) => {
    resp[i * k + c] = 1;
  });
  return resp;
}

describe('initial parameters from the k-means labels', () => {
  it('are those of the one-hot responsibilities: weights and means to the bit, covariances to rounding', () => {
    // 8 and 9 features (odd: a padded column in the kernel's tiles), enough rows for WebAssembly.
    for (const [n, d, k] of [
      [6000, 8, 5],
      [4000, 9, 3],
    ] as const) {
      const { X, labels } = partitioned(n, d, k);
      const kernel = kernelFor('full', d);
      expect(
        scatterOfPartition(
          X.data,
          n,
          d,
          k,
          labels,
          new Float64Array(k * d),
          new Float64Array(k),
          new Float64Array(k * d),
          new Float64Array(k * d * d),
        ),
        'the WebAssembly path runs',
      ).toBe(true);
      const expected = parametersFromResponsibilities(kernel, X, k, oneHot(labels, k), 1e-6);
      const actual = parametersFromLabels(kernel, X, k, labels, 1e-6);
      expect(actual.weights).toEqual(expected.weights);
      expect(actual.means).toEqual(expected.means);
      expectClose(actual.covariances, expected.covariances, 1e-12, `d = ${d} covariances`);
      // Symmetric, as the kernels' covariances are.
      for (let c = 0; c < k; c++)
        for (let a = 0; a < d; a++)
          for (let b = 0; b < a; b++)
            expect(actual.covariances[c * d * d + a * d + b]).toBe(actual.covariances[c * d * d + b * d + a]);
    }
  });

  it('are exactly those of the one-hot responsibilities where the JavaScript loops run', () => {
    const cases: [CovarianceType, number, number][] = [
      ['full', 3, 4000], // too few features for the WebAssembly tiles
      ['full', 8, 100], // too few rows to pay for an instance
      ['diag', 8, 4000],
      ['tied', 8, 4000],
      ['spherical', 8, 4000],
    ];
    for (const [type, d, n] of cases) {
      const { X, labels } = partitioned(n, d, 4);
      const kernel = kernelFor(type, d);
      const expected = parametersFromResponsibilities(kernel, X, 4, oneHot(labels, 4), 1e-6);
      expect(parametersFromLabels(kernel, X, 4, labels, 1e-6), `${type}, d = ${d}, n = ${n}`).toEqual(
        expected,
      );
    }
  });
});
