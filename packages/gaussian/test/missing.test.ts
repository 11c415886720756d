// EM for incomplete data (missing: 'em'): the maximum of the observed-data likelihood (scipy's
// direct optimiser and Amelia's EM), monotone EM, the unchanged complete-data path, imputation.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { createRandom } from '@em/sampling';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CovarianceType, GaussianMixture, SingularCovarianceError, selectModel } from '../src/index.js';
import { expectClose } from './helpers.js';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const json = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/missing/${name}`, import.meta.url), 'utf8'));

interface MleCase {
  name: string;
  X: (number | null)[][];
  mean: number[];
  covariance: number[][];
  logLikelihood: number;
}
const mle: { cases: MleCase[] } = json('mvn-mle.json');
const amelia: { cases: { name: string; mean: number[]; covariance: number[][] }[] } = json('amelia.json');
const withNaN = (X: (number | null)[][]) => X.map((row) => row.map((v) => (v === null ? Number.NaN : v)));

/** Rows with random cells set to NaN (never a whole row), reproducibly. */
function removeCells(X: number[][], rate: number, seed: number): number[][] {
  const rng = createRandom(seed);
  return X.map((row) => {
    const out = row.map((v) => (rng.random() < rate ? Number.NaN : v));
    if (out.every(Number.isNaN)) out[rng.integer(row.length)] = row[out.length - 1 === 0 ? 0 : 0]!;
    return out;
  });
}

function blobs(n: number, d: number, seed: number): number[][] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const centre = (i % 3) * 4;
    const shared = rng.normal();
    return Array.from(
      { length: d },
      (_, j) => centre + (j % 2 ? -1 : 1) * centre * 0.5 + shared * 0.7 + rng.normal(),
    );
  });
}

describe('nComponents = 1: the maximiser of the observed-data likelihood', () => {
  for (const c of mle.cases) {
    it(`${c.name}: scipy's direct optimiser and Amelia's EM, to 1e-6 relative`, () => {
      const X = withNaN(c.X);
      const gmm = new GaussianMixture({ missing: 'em', regCovar: 0, tol: 0, maxIter: 3000 }).fit(X);
      const covariance = (gmm.covariances as number[][][])[0]!;
      expectClose(gmm.means[0], c.mean, 1e-6, `${c.name} mean vs scipy`);
      expectClose(covariance, c.covariance, 1e-6, `${c.name} covariance vs scipy`);
      expect(gmm.lowerBound * X.length).toBeCloseTo(c.logLikelihood, 6);
      expect(gmm.score(X) * X.length).toBeCloseTo(c.logLikelihood, 6);
      const a = amelia.cases.find((item) => item.name === c.name)!;
      expectClose(gmm.means[0], a.mean, 1e-6, `${c.name} mean vs Amelia`);
      expectClose(covariance, a.covariance, 1e-6, `${c.name} covariance vs Amelia`);
    });
  }

  it('scoreSamples of a row with a missing value is the marginal density of its observed values', () => {
    const X = [
      [0, 1],
      [1, 3],
      [2, 2],
      [3, 5],
      [4, Number.NaN],
    ];
    const gmm = new GaussianMixture({ missing: 'em' }).fit(X);
    const [[m0, m1]] = gmm.means as [[number, number]];
    const [[[s00, s01], [, s11]]] = gmm.covariances as [[[number, number], [number, number]]];
    const [a, b] = gmm.scoreSamples([
      [1.5, Number.NaN],
      [Number.NaN, 4],
    ]);
    expect(a).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * s00) - (1.5 - m0) ** 2 / (2 * s00), 12);
    expect(b).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * s11) - (4 - m1) ** 2 / (2 * s11), 12);
    // impute: the regression of the missing coordinate on the observed one.
    const [[, y]] = gmm.impute([[1.5, Number.NaN]]) as [[number, number]];
    expect(y).toBeCloseTo(m1 + (s01 / s00) * (1.5 - m0), 12);
  });
});

describe('nComponents > 1', () => {
  // EM's monotonicity (Dempster, Laird & Rubin 1977, Theorem 1) needs the M-step to maximise Q; regCovar
  // adds to the maximiser's variances, so it holds without it, as in scikit-learn's own
  // test_monotonic_likelihood (reg_covar=0, "EM without regularization"). With regCovar a component can
  // lose likelihood: see the pinned case below. Without it a component may collapse onto a complete
  // row (a SingularCovarianceError: the likelihood has no maximum there); such draws are skipped.
  it('the observed-data log-likelihood never decreases under the exact M-step, for every covariance type (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom(...TYPES),
        fc.integer({ min: 2, max: 3 }),
        fc.double({ min: 0.05, max: 0.45, noNaN: true }),
        fc.integer({ min: 2, max: 5 }),
        (seed, covarianceType, k, rate, d) => {
          const X = removeCells(blobs(60, d, seed), rate, seed + 1);
          const gmm = new GaussianMixture({
            nComponents: k,
            covarianceType,
            missing: 'em',
            regCovar: 0,
            randomState: seed,
            tol: 1e-10,
            maxIter: 60,
          });
          try {
            gmm.fit(X);
          } catch (error) {
            fc.pre(!(error instanceof SingularCovarianceError));
            throw error;
          }
          const history = gmm.history;
          for (let i = 1; i < history.length; i++)
            expect(history[i]!).toBeGreaterThanOrEqual(history[i - 1]! - 1e-12 * Math.abs(history[i - 1]!));
          expect(Number.isFinite(gmm.lowerBound)).toBe(true);
        },
      ),
      { numRuns: process.env.CI ? 30 : 60, seed: process.env.CI ? 42 : undefined },
    );
  });

  it('with regCovar, a component on one incomplete row climbs to its fixed point regCovar · d / p (pinned find)', () => {
    // A random seed's counterexample (spherical, K = 3): row 5, [NaN, 12.9, NaN], takes a component
    // alone. Its initial variance is regCovar (one point); each M-step makes it (q σ² + 0) / d + regCovar
    // (the q = 2 missing coordinates contribute their conditional variance σ², the observed one
    // nothing), which rises to regCovar · d / p = 3e-6: the row's log-density falls by ½ log 3, and the
    // mean log-likelihood drops after iteration 6 although every E- and M-step is right.
    const X = removeCells(blobs(60, 3, 93), 0.3, 94);
    expect(X[5]!.map(Number.isNaN)).toEqual([true, false, true]);
    const options = {
      nComponents: 3,
      covarianceType: 'spherical',
      missing: 'em',
      randomState: 93,
      tol: 1e-10,
      maxIter: 60,
    } as const;
    const start = new GaussianMixture({ ...options, maxIter: 0 }).fit(X);
    const gmm = new GaussianMixture(options).fit(X);
    const alone = Array.from(gmm.weights).findIndex((w) => w < 0.02);
    expect(gmm.weights[alone]).toBeCloseTo(1 / 60, 5);
    expect(gmm.predict(X)[5]).toBe(alone);
    expect((start.covariances as number[])[alone]).toBeCloseTo(1e-6, 12);
    expect((gmm.covariances as number[])[alone]! / 3e-6).toBeCloseTo(1, 6);
    const peak = Math.max(...gmm.history);
    expect(peak - gmm.lowerBound).toBeGreaterThan(1e-5);
  });

  it('without a missing value the fit is bit-identical to the default', () => {
    const X = blobs(300, 3, 5);
    for (const covarianceType of TYPES) {
      const options = { nComponents: 3, covarianceType, randomState: 3 } as const;
      const a = new GaussianMixture(options).fit(X);
      const b = new GaussianMixture({ ...options, missing: 'em' }).fit(X);
      expect(b.params).toEqual(a.params);
      expect(b.history).toEqual(a.history);
      expect(b.predictProba(X)).toEqual(a.predictProba(X));
    }
  });

  it('predict, predictProba, score, bic and aic take rows with NaN; squarem reaches the same optimum', () => {
    const X = removeCells(blobs(240, 3, 9), 0.25, 10);
    const plain = new GaussianMixture({
      nComponents: 3,
      missing: 'em',
      randomState: 0,
      tol: 1e-9,
      maxIter: 2000,
    }).fit(X);
    const fast = new GaussianMixture({
      nComponents: 3,
      missing: 'em',
      randomState: 0,
      tol: 1e-9,
      maxIter: 2000,
      acceleration: 'squarem',
    }).fit(X);
    expect(fast.lowerBound).toBeCloseTo(plain.lowerBound, 6);
    expect(fast.nIter).toBeLessThan(plain.nIter);
    const proba = plain.predictProba(X);
    const labels = plain.predict(X);
    proba.forEach((row, i) => {
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      expect(row[labels[i]!]).toBe(Math.max(...row));
    });
    const n = X.length;
    expect(plain.bic(X)).toBeCloseTo(-2 * plain.score(X) * n + plain.nParameters() * Math.log(n), 8);
    expect(plain.aic(X)).toBeCloseTo(-2 * plain.score(X) * n + 2 * plain.nParameters(), 8);
  });

  it('toJSON keeps missing: em; fromJSON restores a model that scores NaN rows identically', () => {
    const X = removeCells(blobs(90, 2, 1), 0.2, 2);
    const gmm = new GaussianMixture({ nComponents: 2, missing: 'em', randomState: 0 }).fit(X);
    const copy = GaussianMixture.fromJSON(JSON.stringify(gmm));
    expect(copy.options.missing).toBe('em');
    expect(copy.scoreSamples(X)).toEqual(gmm.scoreSamples(X));
    expect(new GaussianMixture().toJSON().options).not.toHaveProperty('missing');
  });

  it('fitAsync with workers equals fit; selectModel fits incomplete data', async () => {
    const X = removeCells(blobs(400, 3, 4), 0.2, 5);
    const options = { nComponents: 2, missing: 'em', randomState: 1 } as const;
    const sync = new GaussianMixture(options).fit(X);
    // Worker threads load dist/parallel-worker.js: this part runs the built package (as parallel.test.ts).
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const built = (await import(dist)) as typeof import('../src/index.js');
    const parallel = await new built.GaussianMixture({ ...options, workers: 2 }).fitAsync(X);
    expectClose(parallel.means, sync.means, 1e-10, 'means');
    expect(parallel.lowerBound).toBeCloseTo(sync.lowerBound, 10);
    const { best } = selectModel(X, {
      nComponents: [1, 2, 3],
      covarianceTypes: ['full', 'diag'],
      missing: 'em',
      randomState: 0,
    });
    expect(best.model?.options.missing).toBe('em');
  });
});

describe('impute and imputeSamples', () => {
  const X = removeCells(blobs(200, 3, 11), 0.2, 12);
  const gmm = new GaussianMixture({ nComponents: 3, missing: 'em', randomState: 0 }).fit(X);

  it('impute fills exactly the missing cells, with the mean of the conditional draws', () => {
    const filled = gmm.impute(X);
    filled.forEach((row, i) => {
      row.forEach((v, j) => {
        if (Number.isNaN(X[i]![j]!)) expect(Number.isFinite(v)).toBe(true);
        else expect(v).toBe(X[i]![j]);
      });
    });
    const draws = gmm.imputeSamples(X, { nImputations: 400, randomState: 3, bootstrap: false });
    let worst = 0;
    X.forEach((row, i) => {
      row.forEach((v, j) => {
        if (!Number.isNaN(v)) return;
        const mean = draws.reduce((s, copy) => s + copy[i]![j]!, 0) / draws.length;
        const sd = Math.sqrt(draws.reduce((s, copy) => s + (copy[i]![j]! - mean) ** 2, 0) / draws.length);
        worst = Math.max(worst, Math.abs(mean - filled[i]![j]!) / (sd / Math.sqrt(draws.length)));
      });
    });
    // Every cell's mean draw within 4.5 standard errors of the conditional mean.
    expect(worst).toBeLessThan(4.5);
  });

  it('imputeSamples is reproducible for a seed, bootstraps by default, and keeps observed values', () => {
    const a = gmm.imputeSamples(X, { nImputations: 2, randomState: 7 });
    const b = gmm.imputeSamples(X, { nImputations: 2, randomState: 7 });
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(a[1]);
    expect(a[0]![0]!.filter((_v, j) => !Number.isNaN(X[0]![j]!))).toEqual(
      X[0]!.filter((v) => !Number.isNaN(v)),
    );
    expect(() => gmm.imputeSamples(X, { nImputations: 0 })).toThrow(InvalidOptionError);
    expect(() => gmm.imputeSamples(X, { seed: 1 } as never)).toThrow(InvalidOptionError);
  });
});

describe('errors', () => {
  it("the default rejects NaN, naming the cell and suggesting missing: 'em'", () => {
    const error = (() => {
      try {
        new GaussianMixture().fit([
          [1, 2],
          [3, Number.NaN],
        ]);
      } catch (e) {
        return e as InvalidInputError;
      }
    })()!;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect([error.row, error.column]).toEqual([1, 1]);
    expect(error.message).toContain("missing: 'em'");
  });

  it('a row or a column with every value missing is an InvalidInputError naming it', () => {
    const gmm = new GaussianMixture({ missing: 'em' });
    const rowError = (() => {
      try {
        gmm.fit([
          [1, 2],
          [Number.NaN, Number.NaN],
          [3, 4],
        ]);
      } catch (e) {
        return e as InvalidInputError;
      }
    })()!;
    expect(rowError).toBeInstanceOf(InvalidInputError);
    expect(rowError.row).toBe(1);
    expect(rowError.message).toContain('every value missing');
    const columnError = (() => {
      try {
        gmm.fit([
          [1, Number.NaN],
          [2, Number.NaN],
          [3, Number.NaN],
        ]);
      } catch (e) {
        return e as InvalidInputError;
      }
    })()!;
    expect(columnError).toBeInstanceOf(InvalidInputError);
    expect(columnError.column).toBe(1);
    // 1-D data: a missing value is a missing row.
    expect(() => gmm.fit([1, 2, Number.NaN])).toThrow(InvalidInputError);
    expect(() => new GaussianMixture({ missing: 'sometimes' as never })).toThrow(InvalidOptionError);
    // Infinity stays an error.
    expect(() =>
      gmm.fit([
        [1, Number.POSITIVE_INFINITY],
        [1, 2],
      ]),
    ).toThrow(InvalidInputError);
  });
});
