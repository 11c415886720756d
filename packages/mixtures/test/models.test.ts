// Properties and closed forms: EM never decreases the objective; probabilities sum to 1; with one
// component the fit is the closed-form MLE; BIC/AIC/nParameters by their formulas; SQUAREM reaches the
// same optimum; warm starts continue; sampling reproduces the parameters; JSON round trips exactly.
import { createRandom } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import {
  BernoulliMixture,
  CategoricalMixture,
  MultinomialMixture,
  PoissonMixture,
  RegressionMixture,
  selectModel,
} from '../src/index.js';

const rng = createRandom(7);
const bernoulliData = (() => {
  const p = [
    [0.9, 0.8, 0.1, 0.2, 0.7],
    [0.1, 0.3, 0.9, 0.8, 0.2],
  ];
  return Array.from({ length: 400 }, (_, i) => p[i % 2]!.map((q) => (rng.next() < q ? 1 : 0)));
})();

const regressionX = Array.from({ length: 400 }, () => rng.uniform(0, 4));
const noise = Array.from({ length: 400 }, () => rng.normal());

/** The members every model shares, without the union of five class types (too complex for tsc). */
interface Fittable {
  fit(...args: never[]): unknown;
  predict(...args: never[]): Int32Array;
  predictProba(...args: never[]): number[][];
  scoreSamples(...args: never[]): Float64Array;
  score(...args: never[]): number;
  bic(...args: never[]): number;
  aic(...args: never[]): number;
  nParameters(): number;
  history: number[];
  lowerBound: number;
  nIter: number;
}

describe('every model', () => {
  const cases = [
    [
      'BernoulliMixture',
      () => new BernoulliMixture({ nComponents: 2, maxIter: 300, tol: 1e-10 }),
      [bernoulliData],
    ],
    [
      'PoissonMixture',
      () => new PoissonMixture({ nComponents: 2, maxIter: 300, tol: 1e-10 }),
      [bernoulliData.map((r, i) => r.map((v) => v * (1 + (i % 3))))],
    ],
    [
      'CategoricalMixture',
      () => new CategoricalMixture({ nComponents: 2, maxIter: 300, tol: 1e-10 }),
      [bernoulliData.map((r) => [r[0]! + r[1]!, r[2]! + 2 * r[3]!, r[4]!])],
    ],
    [
      'MultinomialMixture',
      () => new MultinomialMixture({ nComponents: 2, maxIter: 300, tol: 1e-10 }),
      [bernoulliData.map((r) => r.map((v, j) => v * (j + 1)))],
    ],
    [
      'RegressionMixture',
      () => new RegressionMixture({ nComponents: 2, maxIter: 300, tol: 1e-10 }),
      [regressionX, regressionX.map((x, i) => (i % 2 ? 3 - x : 1 + 2 * x) + 0.3 * noise[i]!)],
    ],
  ] as const;

  it.each(
    cases,
  )('%s: monotone objective, posteriors sum to 1, criteria by formula, JSON exact, SQUAREM same optimum', (_name, make, data) => {
    const model = make() as unknown as Fittable;
    const args = data as unknown as [never, never];
    model.fit(...args);
    const h = model.history;
    for (let i = 1; i < h.length; i++) expect(h[i]!).toBeGreaterThanOrEqual(h[i - 1]! - 1e-12);
    for (const row of model.predictProba(...args)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const ll = Array.from(model.scoreSamples(...args)).reduce((a, b) => a + b, 0);
    const n = model.predict(...args).length;
    expect(model.score(...args)).toBeCloseTo(ll / n, 10);
    expect(model.bic(...args)).toBeCloseTo(-2 * ll + model.nParameters() * Math.log(n), 8);
    expect(model.aic(...args)).toBeCloseTo(-2 * ll + 2 * model.nParameters(), 8);
    const json = JSON.parse(JSON.stringify(model));
    const Ctor = model.constructor as unknown as { fromJSON(j: unknown): typeof model };
    const copy = Ctor.fromJSON(json);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(model));
    expect(Array.from(copy.scoreSamples(...args))).toEqual(Array.from(model.scoreSamples(...args)));
    const fast = make() as unknown as Fittable;
    (fast as unknown as { base: { acceleration: string } }).base.acceleration = 'squarem';
    fast.fit(...args);
    expect(fast.lowerBound).toBeGreaterThan(model.lowerBound - 1e-6);
    expect(fast.nIter).toBeLessThanOrEqual(model.nIter);
  });
});

describe('closed forms with one component', () => {
  it('Bernoulli: column means; nParameters D', () => {
    const m = new BernoulliMixture().fit(bernoulliData);
    const means = [0, 1, 2, 3, 4].map(
      (j) => bernoulliData.reduce((s, r) => s + r[j]!, 0) / bernoulliData.length,
    );
    for (const [j, p] of m.probabilities[0]!.entries()) expect(p).toBeCloseTo(means[j]!, 12);
    expect(m.nParameters()).toBe(5);
  });
  it('Poisson: column means; multinomial: pooled word frequencies (alpha 0)', () => {
    const X = [
      [1, 4],
      [3, 0],
      [2, 2],
    ];
    expect(new PoissonMixture().fit(X).rates[0]).toEqual([2, 2]);
    const p = new MultinomialMixture({ alpha: 0 }).fit(X).probabilities[0]!;
    expect(p[0]).toBeCloseTo(0.5, 15);
    // log-likelihood = Σ log multinomial pmf
    const m = new MultinomialMixture({ alpha: 0 }).fit(X);
    // row 0 = [1, 4]: 5!/(1! 4!) · 0.5⁵
    expect(m.scoreSamples(X)[0]).toBeCloseTo(Math.log(5 * 0.5 ** 5), 12);
  });
  it('Gaussian regression: least squares and the ML noise standard deviation', () => {
    const x = [0, 1, 2, 3];
    const y = [1, 3, 5, 8];
    const m = new RegressionMixture().fit(x, y);
    expect(m.coefficients[0]![0]).toBeCloseTo(0.8, 12);
    expect(m.coefficients[0]![1]).toBeCloseTo(2.3, 12);
    const rss = y.reduce((s, v, i) => s + (v - 0.8 - 2.3 * x[i]!) ** 2, 0);
    expect(m.sigmas[0]).toBeCloseTo(Math.sqrt(rss / 4), 12);
  });
});

describe('warmStart, sample, selectModel', () => {
  it('warmStart continues from the fitted parameters', () => {
    const model = new BernoulliMixture({ nComponents: 2, warmStart: true, maxIter: 5, tol: 0 });
    model.fit(bernoulliData);
    const first = model.lowerBound;
    model.fit(bernoulliData);
    expect(model.lowerBound).toBeGreaterThanOrEqual(first);
  });
  it('sample draws from the fitted parameters', () => {
    const model = new PoissonMixture({ nComponents: 1 }).fit([
      [2, 10],
      [4, 14],
    ]);
    const { X } = model.sample(4000);
    const mean = X.reduce((s, r) => s + r[1]!, 0) / X.length;
    expect(Math.abs(mean - 12)).toBeLessThan(0.3);
  });
  it('selectModel prefers 2 components for two-group data by BIC', () => {
    const { nComponents, table } = selectModel(
      (k) => new BernoulliMixture({ nComponents: k, nInit: 2 }),
      [bernoulliData],
      {
        nComponents: [1, 2, 3],
      },
    );
    expect(nComponents).toBe(2);
    expect(table).toHaveLength(3);
  });
  it('selectModel records a failed fit as a row of nulls with its error, and skips it', () => {
    // Three components cannot be fitted to two rows: that fit fails with an EMError.
    const X = [[1], [5]];
    const { nComponents, table } = selectModel((k) => new PoissonMixture({ nComponents: k }), [X], {
      nComponents: [1, 3],
    });
    expect(nComponents).toBe(1);
    expect(table[1]).toMatchObject({ nComponents: 3, model: undefined, bic: null, aic: null });
    expect(table[1]!.logLikelihood).toBeNull();
    expect(table[1]!.nParameters).toBeNull();
    expect(table[1]!.error).toMatch(/\w/);
    expect(Number.isFinite(table[0]!.bic)).toBe(true);
  });
});
