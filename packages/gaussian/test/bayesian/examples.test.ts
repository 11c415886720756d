// The TSDoc @examples of BayesianGaussianMixture and its types, run, with the values their comments claim.
import { describe, expect, it } from 'vitest';
import {
  BayesianGaussianMixture,
  type BayesianGaussianMixtureJSON,
  type BayesianGaussianMixtureOptions,
  type BayesianMixtureParams,
  type ResolvedBayesianOptions,
  type WeightConcentrationPriorType,
} from '../../src/index.js';

describe('TSDoc examples: BayesianGaussianMixture', () => {
  it("the class (scikit-learn's documented example and values)", () => {
    const X = [
      [1, 2],
      [1, 4],
      [1, 0],
      [4, 2],
      [12, 4],
      [10, 7],
    ];
    const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 42 }).fit(X);
    // scikit-learn's docstring: array([[2.49... , 2.29...], [8.45..., 4.52... ]])
    expect(bgm.means[0]![0]).toBeCloseTo(2.4975, 3);
    expect(bgm.means[0]![1]).toBeCloseTo(2.2922, 3);
    expect(bgm.means[1]![0]).toBeCloseTo(8.4553, 3);
    expect(bgm.means[1]![1]).toBeCloseTo(4.5226, 3);
    expect(
      Array.from(
        bgm.predict([
          [0, 0],
          [9, 3],
        ]),
      ),
    ).toEqual([0, 1]);
  });

  it('fit, fitPredict, predict, predictProba, scoreSamples, score, sample', () => {
    expect(
      new BayesianGaussianMixture({ nComponents: 3, randomState: 0 }).fit([
        0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7,
      ]).converged,
    ).toBe(true);
    const labels = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fitPredict([
      0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7,
    ]);
    expect(labels[0]).toBe(labels[1]);
    const X = [0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7];
    const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    const [a, b] = bgm.predict([0.1, 6.1]);
    expect(a).not.toBe(b);
    const [[p, q]] = bgm.predictProba([3.5]) as [[number, number]];
    expect(p + q).toBeCloseTo(1, 12);
    const [high, low] = bgm.scoreSamples([0.2, 100]);
    expect(high!).toBeGreaterThan(low! + 100);
    expect(Number.isFinite(bgm.score(X))).toBe(true);
    const sampled = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 })
      .fit([
        [0, 0],
        [0, 1],
        [1, 0],
        [9, 9],
        [9, 8],
        [8, 9],
      ])
      .sample(100);
    expect(sampled.X).toHaveLength(100);
    expect(sampled.X[0]).toHaveLength(2);
    expect(sampled.labels).toBeInstanceOf(Int32Array);
  });

  it('effectiveComponents', () => {
    const X = [0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7];
    const bgm = new BayesianGaussianMixture({
      nComponents: 5,
      randomState: 0,
      weightConcentrationPrior: 1e-3,
    }).fit(X);
    expect(bgm.effectiveComponents()).toBe(2);
  });

  it('toJSON, fromJSON and the JSON type', () => {
    const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 2, 9, 10, 11]);
    const text = JSON.stringify(bgm);
    const copy = BayesianGaussianMixture.fromJSON(text);
    expect(Array.from(copy.predict([0.5, 9.5]))).toEqual(Array.from(bgm.predict([0.5, 9.5])));
    const json: BayesianGaussianMixtureJSON = bgm.toJSON();
    expect(json.format).toBe('@em/gaussian/BayesianGaussianMixture');
  });

  it('the options, prior type and params types', () => {
    const prior: WeightConcentrationPriorType = 'dirichlet_distribution';
    expect(
      new BayesianGaussianMixture({ weightConcentrationPriorType: prior }).weightConcentrationPriorType,
    ).toBe(prior);
    const options: BayesianGaussianMixtureOptions = {
      nComponents: 10,
      weightConcentrationPriorType: 'dirichlet_process',
      weightConcentrationPrior: 0.01,
      randomState: 0,
    };
    const bgm = new BayesianGaussianMixture(options);
    expect(bgm.options.weightConcentrationPrior).toBe(0.01);
    const resolved: ResolvedBayesianOptions = new BayesianGaussianMixture().options;
    expect(resolved.weightConcentrationPriorType).toBe('dirichlet_process');
    const active = (p: BayesianMixtureParams) =>
      Array.from(p.meanPrecision, (b) => b > 2).filter(Boolean).length;
    const two = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit([
      0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7,
    ]);
    expect(active(two.params)).toBe(2);
  });
});

describe('README: Large data (BayesianGaussianMixture)', () => {
  it('fitStream on two chunks has the lower bound of fit, exactly', async () => {
    const rows = [
      [0, 0.1],
      [0.2, 0],
      [0.1, 0.3],
      [9, 9.1],
      [9.2, 9],
      [9.1, 8.8],
    ];
    const streamed = await new BayesianGaussianMixture({ nComponents: 3, randomState: 0 }).fitStream([
      rows.slice(0, 4),
      rows.slice(4),
    ]);
    const inMemory = new BayesianGaussianMixture({ nComponents: 3, randomState: 0 }).fit(rows);
    expect(streamed.lowerBound).toBe(inMemory.lowerBound);
  });
});
