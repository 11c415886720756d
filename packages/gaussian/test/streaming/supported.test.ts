// fitStream, partialFit and fitFromStatistics run every covariance model (mclust's too, see
// mclust-models.test.ts), the hc start (on the sample) and, in fitStream and fitFromStatistics,
// mclust's prior (prior.test.ts) and the noise component (noise.test.ts); what needs every row in
// memory (initialClasses, a prior in partialFit, the noise's default volume outside fitStream) is
// refused by name, before any data is read.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, mixtureStatistics, SingularCovarianceError } from '../../src/index.js';

const rows = [
  [0, 0.1],
  [0.2, 0],
  [9, 9.1],
  [9.2, 9],
];
const chunks = () => [rows];

describe('streaming paths refuse what only an in-memory fit can do', () => {
  it('partialFit refuses initialClasses', () => {
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

  it('noise without noiseVolume: refused by partialFit and fitFromStatistics, naming noiseVolume, before any data is read', async () => {
    let asked = 0;
    const source = {
      rows: 4,
      cols: 2,
      sample: rows,
      noiseRows: 1,
      statistics: (params: never) => {
        asked++;
        return Promise.all([mixtureStatistics(params, [rows])]);
      },
    };
    const make = () =>
      new GaussianMixture({ nComponents: 2, covarianceType: 'VVV', noise: [true, false, false, false] });
    const message = /noiseVolume: expected a number with noise in \w+ \(.*hypervolume/;
    expect(() => make().partialFit(rows)).toThrow(message);
    await expect(make().fitFromStatistics(source)).rejects.toThrow(message);
    await expect(make().fitFromStatistics(source)).rejects.toBeInstanceOf(InvalidOptionError);
    expect(asked).toBe(0);
  });

  it("initParams 'hc' starts from the sample: a small source gives fit's hc start and fit", async () => {
    const many = Array.from({ length: 30 }, (_, i) => [
      (i % 3) * 5 + (i % 7) * 0.1,
      (i % 3) * 4 - (i % 5) * 0.1,
    ]);
    const options = {
      nComponents: 3,
      covarianceType: 'VVI' as const,
      initParams: 'hc' as const,
      randomState: 0,
    };
    const inMemory = new GaussianMixture(options).fit(many);
    const streamed = await new GaussianMixture(options).fitStream([many.slice(0, 11), many.slice(11)]);
    expect(streamed.params).toEqual(inMemory.params);
    const merged = await new GaussianMixture(options).fitFromStatistics({
      rows: 30,
      cols: 2,
      sample: many,
      statistics: (params) =>
        Promise.all([
          mixtureStatistics(params, [many.slice(0, 11)]),
          mixtureStatistics(params, [many.slice(11)]),
        ]),
    });
    expect(merged.nIter).toBe(inMemory.nIter);
    for (let i = 0; i < inMemory.params.means.length; i++)
      expect(Math.abs(merged.params.means[i]! - inMemory.params.means[i]!)).toBeLessThanOrEqual(1e-10);
  });

  it('an mclust model: a chunk of another width is an InvalidInputError naming the chunk and row', async () => {
    const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'VEV', randomState: 0 });
    const error = await gmm
      .fitStream([
        rows,
        [
          [1, 2],
          [3, 4, 5],
        ],
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String(error)).toMatch(/source chunk 1 at row 5: expected every row to have 2 features/);
  });

  it('an mclust model whose component collapses: a SingularCovarianceError, as fit, never NaN', async () => {
    // Two distinct rows for two components of an equal-volume full model: fit fails the same way.
    const flat = [
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
      [1, 1],
    ];
    const make = () => new GaussianMixture({ nComponents: 2, covarianceType: 'EEV', randomState: 0 });
    expect(() => make().fit(flat)).toThrow(SingularCovarianceError);
    await expect(make().fitStream([flat.slice(0, 4), flat.slice(4)])).rejects.toThrow(
      SingularCovarianceError,
    );
  });
});
