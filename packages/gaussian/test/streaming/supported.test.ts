// fitStream, partialFit and fitFromStatistics run every covariance model (mclust's too, see
// mclust-models.test.ts); starts that need every row in memory are refused by name, before any data is read.
import { InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { GaussianMixture } from '../../src/index.js';

const rows = [
  [0, 0.1],
  [0.2, 0],
  [9, 9.1],
  [9.2, 9],
];
let reads = 0;
const chunks = () => {
  reads++;
  return [rows];
};

describe('streaming paths refuse what only an in-memory fit can do', () => {
  it("fitStream refuses initParams 'hc' with mclust's models, naming initParams, without reading the source", async () => {
    reads = 0;
    const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'EVE', initParams: 'hc' });
    await expect(gmm.fitStream(chunks)).rejects.toThrow(InvalidOptionError);
    await expect(gmm.fitStream(chunks)).rejects.toThrow(/initParams.*hierarchical/);
    expect(gmm.isFitted).toBe(false);
    expect(reads).toBe(0);
  });

  it("partialFit refuses initParams 'hc' and initialClasses", () => {
    expect(() => new GaussianMixture({ nComponents: 2, initParams: 'hc' }).partialFit(rows)).toThrow(
      /initParams/,
    );
    expect(() =>
      new GaussianMixture({ nComponents: 2, initialClasses: [0, 0, 1, 1] }).partialFit(rows),
    ).toThrow(/initialClasses/);
  });

  it('the scikit-learn names still stream (full ≡ VVV fits in memory only under its mclust name)', async () => {
    const gmm = await new GaussianMixture({
      nComponents: 2,
      covarianceType: 'diag',
      randomState: 0,
    }).fitStream(chunks);
    expect(gmm.converged).toBe(true);
  });
});
