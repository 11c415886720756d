// UnivariateGaussianMixture's fitStream and partialFit: thin wrappers over GaussianMixture's, so
// equal to its own fit on the same values (which is checked against mclust in univariate.test.ts).
import { InvalidInputError } from '@em/core';
import { SourceNotReReadableError } from '@em/core/stream';
import { createRandom } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { UnivariateGaussianMixture } from '../../src/index.js';
import { expectClose } from '../helpers.js';

const rng = createRandom(3);
const x = Array.from({ length: 10_000 }, (_, i) => (i % 2) * 5 + (1 + (i % 2)) * rng.normal());
const chunks = [x.slice(0, 777), Float64Array.from(x.slice(777, 6000)), x.slice(6000)];

describe('UnivariateGaussianMixture out of memory', () => {
  it('fitStream equals fit bit for bit (all covariance types)', async () => {
    for (const covarianceType of ['full', 'tied', 'diag', 'spherical'] as const) {
      const options = { nComponents: 2, covarianceType, randomState: 1 };
      const streamed = await new UnivariateGaussianMixture(options).fitStream(async function* () {
        yield* chunks;
      });
      const whole = new UnivariateGaussianMixture(options).fit(x);
      expect(streamed.model.nIter).toBe(whole.model.nIter);
      expect(streamed.means).toEqual(whole.means);
      expect(streamed.variances).toEqual(whole.variances);
      expect(streamed.weights).toEqual(whole.weights);
    }
  });

  it('a first partialFit on all values is fit with maxIter 1 (1e-12)', () => {
    const options = { nComponents: 2, randomState: 1 };
    const online = new UnivariateGaussianMixture(options).partialFit(x);
    const batch = new UnivariateGaussianMixture({ ...options, maxIter: 1 }).fit(x);
    expectClose(online.means, batch.means, 1e-12, 'means');
    expectClose(online.variances, batch.variances, 1e-12, 'variances');
    expectClose(online.weights, batch.weights, 1e-12, 'weights');
  });

  it('a chunk of rows, a bad source, a one-shot iterable: typed errors', async () => {
    const gmm = () => new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 });
    const wide = gmm().fitStream([[1, 2, 3, 4], [[1, 2]] as unknown as number[]]);
    await expect(wide).rejects.toThrow(InvalidInputError);
    await expect(gmm().fitStream([[1, 2, 3, 4], [[1, 2]] as unknown as number[]])).rejects.toThrow(
      'source chunk 1 at row 4',
    );
    await expect(gmm().fitStream(42 as never)).rejects.toThrow(InvalidInputError);
    const once = (function* () {
      yield [1, 2, 3, 4];
    })();
    await expect(gmm().fitStream(() => once)).rejects.toThrow(SourceNotReReadableError);
    expect(() => gmm().partialFit([[1, 2]] as unknown as number[])).toThrow(InvalidInputError);
  });
});
