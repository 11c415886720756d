import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CovarianceType, GaussianMixture, SingularCovarianceError } from '../src/index.js';
import { expectClose, flat } from './helpers.js';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

/** 2-D data: a few blobs with random centres, spreads and sizes, as flat rows. */
const blobs = fc
  .record({
    centres: fc.array(
      fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true })),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    noise: fc.array(
      fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })),
      {
        minLength: 12,
        maxLength: 60,
      },
    ),
    spread: fc.double({ min: 0.1, max: 5, noNaN: true }),
  })
  .map(({ centres, noise, spread }) =>
    noise.map(([a, b], i) => {
      const [cx, cy] = centres[i % centres.length]!;
      // A small deterministic jitter keeps points distinct (no degenerate, singular clusters).
      return [
        cx + spread * (a + 0.01 * Math.sin(7.3 * i)),
        cy + spread * (b + 0.01 * Math.cos(3.1 * i)) * (1 + (i % 3)),
      ];
    }),
  );

const type = fc.constantFrom(...TYPES);
const k = fc.integer({ min: 1, max: 3 });
const seed = fc.integer({ min: 0, max: 1000 });

describe('EM properties', () => {
  it('the log-likelihood never decreases', () => {
    let checked = 0; // cases that reached the comparisons, so the skips cannot hide everything
    fc.assert(
      fc.property(blobs, type, k, seed, (X, covarianceType, nComponents, randomState) => {
        // regCovar 0: with it the M-step is not the exact maximiser, and EM's guarantee is for the exact one.
        const gmm = new GaussianMixture({
          nComponents,
          covarianceType,
          tol: 0,
          maxIter: 25,
          randomState,
          regCovar: 0,
          initParams: 'random',
        });
        try {
          gmm.fit(X);
        } catch (error) {
          // Without regularisation a component may legitimately collapse onto few points.
          if (error instanceof SingularCovarianceError) return;
          throw error;
        }
        // Monotonicity holds in exact arithmetic; a component collapsing onto a line (condition
        // number ≫ 1e6) or a point (variance ≪ the data's) leaves too few digits for it, so such
        // fits are not evidence either way.
        if (worstCondition(gmm) > 1e6 || spreadRatio(gmm, X) > 1e6) return;
        const history = gmm.history;
        expect(history.length).toBeGreaterThan(1);
        for (let i = 1; i < history.length; i++) {
          expect(history[i]! - history[i - 1]!).toBeGreaterThanOrEqual(
            -1e-9 * Math.max(1, Math.abs(history[i]!)),
          );
        }
        checked++;
      }),
      { numRuns: 40 },
    );
    expect(checked).toBeGreaterThan(20);
  });

  it('probabilities are in [0, 1] and sum to 1; predict is their argmax', () => {
    fc.assert(
      fc.property(blobs, type, k, seed, (X, covarianceType, nComponents, randomState) => {
        const gmm = new GaussianMixture({ nComponents, covarianceType, randomState }).fit(X);
        const probabilities = gmm.predictProba(X);
        const labels = gmm.predict(X);
        probabilities.forEach((row, i) => {
          expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
          for (const p of row) expect(p >= 0 && p <= 1).toBe(true);
          expect(row[labels[i]!]).toBe(Math.max(...row));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('relabelling the components permutes the result and changes nothing else', () => {
    fc.assert(
      fc.property(blobs, type, seed, (X, covarianceType, randomState) => {
        const nComponents = 3;
        const base = new GaussianMixture({ nComponents, covarianceType, randomState, maxIter: 0 }).fit(X);
        const permutation = [2, 0, 1];
        const permute = <T>(values: T[]) => permutation.map((c) => values[c]!);
        const init = (order: number[]) => ({
          weightsInit: order.map((c) => base.weights[c]!),
          meansInit: order.map((c) => base.means[c]!),
          precisionsInit:
            covarianceType === 'tied'
              ? base.precisions
              : order.map((c) => (base.precisions as number[][])[c]!),
        });
        const options = { nComponents, covarianceType, tol: 0, maxIter: 10 };
        const a = new GaussianMixture({ ...options, ...init([0, 1, 2]) }).fit(X);
        const b = new GaussianMixture({ ...options, ...init(permutation) }).fit(X);
        expectClose(b.weights, permute(a.weights), 1e-9, 'weights');
        expectClose(b.means, permute(a.means), 1e-9, 'means');
        const covariances = covarianceType === 'tied' ? a.covariances : permute(a.covariances as number[][]);
        expectClose(b.covariances, covariances, 1e-9, 'covariances');
        expectClose(b.lowerBound, a.lowerBound, 1e-12, 'lowerBound');
        expectClose(b.predictProba(X), a.predictProba(X).map(permute), 1e-9, 'predictProba');
      }),
      { numRuns: 25 },
    );
  });

  it('an affine map of the data maps the parameters (and shifts the log-likelihood by −log|det A|)', () => {
    // Which maps each covariance type is closed under: any invertible A for full and tied,
    // diagonal A for diag, a scaled rotation for spherical. regCovar is 0 because the
    // regulariser is not equivariant.
    const scale = fc.double({ min: 0.2, max: 5, noNaN: true });
    const angle = fc.double({ min: -Math.PI, max: Math.PI, noNaN: true });
    const shift = fc.tuple(
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.double({ min: -100, max: 100, noNaN: true }),
    );
    let checked = 0; // cases that reached the comparisons, so the skips cannot hide everything
    fc.assert(
      fc.property(
        blobs,
        type,
        scale,
        scale,
        angle,
        shift,
        seed,
        (X, covarianceType, s1, s2, theta, b, randomState) => {
          const A =
            covarianceType === 'diag'
              ? [
                  [s1, 0],
                  [0, s2],
                ]
              : covarianceType === 'spherical'
                ? [
                    [s1 * Math.cos(theta), -s1 * Math.sin(theta)],
                    [s1 * Math.sin(theta), s1 * Math.cos(theta)],
                  ]
                : [
                    [s1, 0.5 * s2 * Math.cos(theta)],
                    [Math.sin(theta), s2],
                  ];
          const det = A[0]![0]! * A[1]![1]! - A[0]![1]! * A[1]![0]!;
          if (Math.abs(det) < 0.05) return;
          const map = (x: number[]) => [
            A[0]![0]! * x[0]! + A[0]![1]! * x[1]! + b[0],
            A[1]![0]! * x[0]! + A[1]![1]! * x[1]! + b[1],
          ];
          const nComponents = 2;
          const start = new GaussianMixture({
            nComponents,
            covarianceType: 'full',
            randomState,
            maxIter: 0,
          }).fit(X);
          const covariancesAt = (gmm: GaussianMixture) =>
            gmm.covarianceType === 'full'
              ? (gmm.covariances as number[][][])
              : gmm.covarianceType === 'tied'
                ? [gmm.covariances as number[][], gmm.covariances as number[][]]
                : gmm.covarianceType === 'diag'
                  ? (gmm.covariances as number[][]).map((v) => [
                      [v[0]!, 0],
                      [0, v[1]!],
                    ])
                  : (gmm.covariances as number[]).map((v) => [
                      [v, 0],
                      [0, v],
                    ]);
          // Start from the same well-conditioned parameters in both frames, in the model's own shape.
          const initial = new GaussianMixture({ nComponents, covarianceType, randomState, maxIter: 0 }).fit(
            X,
          );
          const transform = (S: number[][]) => multiply(multiply(A, S), transpose(A));
          const initialIn = (mapped: boolean) => {
            const covariances = initial.covariances;
            const toShape = (S: number[][]) =>
              covarianceType === 'diag'
                ? [S[0]![0]!, S[1]![1]!]
                : covarianceType === 'spherical'
                  ? S[0]![0]!
                  : S;
            const mapCov = (S: number[][]) => (mapped ? transform(S) : S);
            return {
              weightsInit: initial.weights,
              meansInit: mapped ? initial.means.map(map) : initial.means,
              covariancesInit:
                covarianceType === 'tied'
                  ? mapCov(covariances as number[][])
                  : covariancesAt(initial).map((S) => toShape(mapCov(S))),
            };
          };
          void start;
          const options = { nComponents, covarianceType, tol: 0, maxIter: 5, regCovar: 0 };
          let original: GaussianMixture;
          let mapped: GaussianMixture;
          try {
            original = new GaussianMixture({ ...options, ...initialIn(false) } as never).fit(X);
            mapped = new GaussianMixture({ ...options, ...initialIn(true) } as never).fit(X.map(map));
          } catch (error) {
            // Without regularisation a component may legitimately collapse onto few points.
            if (error instanceof SingularCovarianceError) return;
            throw error;
          }
          // Near-singular components (ill-conditioned, or tiny against the data's spread) amplify rounding.
          if (worstCondition(original) > 1e6 || spreadRatio(original, X) > 1e6) return;
          expectClose(mapped.weights, original.weights, 1e-7, 'weights');
          expectClose(mapped.means, original.means.map(map), 1e-7, 'means');
          expectClose(covariancesAt(mapped), covariancesAt(original).map(transform), 1e-6, 'covariances');
          expectClose(mapped.lowerBound, original.lowerBound - Math.log(Math.abs(det)), 1e-8, 'lowerBound');
          checked++;
        },
      ),
      { numRuns: 60 },
    );
    expect(checked).toBeGreaterThan(20);
  });

  it('JSON round trips are exact', () => {
    fc.assert(
      fc.property(blobs, type, k, seed, (X, covarianceType, nComponents, randomState) => {
        const gmm = new GaussianMixture({ nComponents, covarianceType, randomState }).fit(X);
        const copy = GaussianMixture.fromJSON(JSON.parse(JSON.stringify(gmm)));
        expect(copy.toJSON()).toEqual(gmm.toJSON());
        expect(copy.params).toEqual(gmm.params);
        expect(copy.scoreSamples(X)).toEqual(gmm.scoreSamples(X));
        expect(copy.predictProba(X)).toEqual(gmm.predictProba(X));
      }),
      { numRuns: 40 },
    );
  });

  it('the same randomState gives the same fit, for every initialisation', () => {
    fc.assert(
      fc.property(
        blobs,
        type,
        k,
        seed,
        fc.constantFrom('kmeans', 'k-means++', 'random', 'random_from_data' as const),
        (X, covarianceType, nComponents, randomState, initParams) => {
          const options = { nComponents, covarianceType, randomState, initParams, nInit: 2 } as const;
          const a = new GaussianMixture(options).fit(X);
          const b = new GaussianMixture(options).fit(X);
          expect(b.params).toEqual(a.params);
          expect(b.history).toEqual(a.history);
          expect(b.sample(20)).toEqual(a.sample(20));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('every input shape gives the same fit', () => {
    fc.assert(
      fc.property(blobs, seed, (X, randomState) => {
        const data = Float64Array.from(X.flat());
        const options = { nComponents: 2, randomState };
        const reference = new GaussianMixture(options).fit(X).params;
        const fromFlat = new GaussianMixture(options).fit({ data, rows: X.length, cols: 2 }).params;
        expect(fromFlat).toEqual(reference);
        expect(flat(fromFlat.means)).toEqual(flat(reference.means));
      }),
      { numRuns: 20 },
    );
  });
});

/** Largest condition number of the fitted 2 × 2 covariances (closed-form eigenvalues). */
/** Largest ratio of the data's mean per-feature variance to a component's smallest variance. */
function spreadRatio(gmm: GaussianMixture, X: number[][]): number {
  const columns = X[0]!.map((_, j) => X.map((row) => row[j]!));
  const dataVariance =
    columns.reduce((sum, column) => {
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      return sum + column.reduce((a, x) => a + (x - mean) ** 2, 0) / column.length;
    }, 0) / columns.length;
  const covariances = flat(gmm.covariances);
  let smallest = Number.POSITIVE_INFINITY;
  if (gmm.covarianceType === 'spherical' || gmm.covarianceType === 'diag') {
    for (const variance of covariances) smallest = Math.min(smallest, variance);
  } else {
    for (let i = 0; i < covariances.length; i += 4) {
      const [a, b, , d] = covariances.slice(i, i + 4) as [number, number, number, number];
      smallest = Math.min(smallest, (a + d) / 2 - Math.hypot((a - d) / 2, b));
    }
  }
  return dataVariance / smallest;
}

function worstCondition(gmm: GaussianMixture): number {
  const covariances = flat(gmm.covariances);
  if (gmm.covarianceType === 'spherical') return 1;
  if (gmm.covarianceType === 'diag') {
    let worst = 1;
    for (let i = 0; i < covariances.length; i += 2) {
      worst = Math.max(worst, covariances[i]! / covariances[i + 1]!, covariances[i + 1]! / covariances[i]!);
    }
    return worst;
  }
  let worst = 1;
  for (let i = 0; i < covariances.length; i += 4) {
    const [a, b, , d] = covariances.slice(i, i + 4) as [number, number, number, number];
    const mean = (a + d) / 2;
    const radius = Math.hypot((a - d) / 2, b);
    worst = Math.max(worst, (mean + radius) / (mean - radius));
  }
  return worst;
}

function multiply(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, v, m) => sum + v * b[m]![j]!, 0)));
}

function transpose(a: number[][]): number[][] {
  return a[0]!.map((_, j) => a.map((row) => row[j]!));
}
