// Adversarial properties of GaussianMixture on incomplete data (missing: 'em'): whatever pattern of
// NaN cells, shape, scale or option it is given, a typed EMError or a finite, consistent result —
// never a TypeError, a NaN or a hang. CI replays a fixed seed (test/setup.ts); local runs explore more.
import { EMError, InvalidInputError, NumericalError } from '@em/core';
import {
  adversarialRecorder,
  adversarialRuns,
  expectRefused,
  expectTypedError,
  expectTypedOrFinite,
  extremeFinite,
  hostileMatrix,
  hostileOptions,
  hostileSize,
  hugeSize,
  matrixOf,
  propertyTypedOrFinite,
  tamperedJson,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CovarianceType,
  GaussianMixture,
  NoIterationError,
  SingularCovarianceError,
} from '../src/index.js';

const RUNS = adversarialRuns(40, 100);
const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

/** Finite values from tame to extreme, with ties (repeated constants) to provoke singular fits. */
const finiteValue = fc.oneof(
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.double({ min: -1e150, max: 1e150, noNaN: true }),
  fc.constantFrom(0, -0, 1, 1e-300, -1e-300, 1e300, -1e300, Number.MIN_VALUE),
  fc.integer({ min: -3, max: 3 }),
);

/**
 * Values of new rows given to a fitted model, up to ±1e300: with missing values a row that far from
 * every component is a NumericalError (the observed-data density is not rescued from overflow as
 * complete rows are), never NaN.
 */
const predictValue = fc.oneof(
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.double({ min: -1e100, max: 1e100, noNaN: true }),
  fc.constantFrom(0, -0, 1, 1e-300, -1e-300, Number.MIN_VALUE, 1e300, -1e300),
);

/**
 * A matrix with a random NaN pattern: each cell missing with probability `rate`. Mostly (`repair`)
 * a row that lost every value gets one back, so that most cases reach the fit instead of the
 * all-missing-row error; the rest keep such rows, which must be an InvalidInputError.
 */
const incompleteMatrixOf = (value: fc.Arbitrary<number>, minRows = 1) =>
  fc
    .record({
      rows: fc.integer({ min: minRows, max: 25 }),
      cols: fc.integer({ min: 1, max: 4 }),
      rate: fc.double({ min: 0, max: 0.6, noNaN: true }),
      repair: fc.integer({ min: 0, max: 4 }).map((i) => i > 0),
    })
    .chain(({ rows, cols, rate, repair }) =>
      fc
        .array(
          fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), value), {
            minLength: cols,
            maxLength: cols,
          }),
          { minLength: rows, maxLength: rows },
        )
        .map((cells) =>
          cells.map((row) => {
            const out = row.map(([u, v]) => (u < rate ? Number.NaN : v));
            if (repair && out.every(Number.isNaN)) out[0] = row[0]![1];
            return out;
          }),
        ),
    );

const incompleteMatrix = incompleteMatrixOf(finiteValue);

const options = fc.record({
  nComponents: fc.integer({ min: 1, max: 3 }),
  covarianceType: fc.constantFrom(...TYPES),
  randomState: fc.integer({ min: 0, max: 1000 }),
  maxIter: fc.integer({ min: 1, max: 30 }),
});

/** Fit with missing: 'em'; an EMError is an acceptable answer, anything else thrown is not. */
function tryFit(X: number[][], o: object): GaussianMixture | undefined {
  try {
    return new GaussianMixture({ ...o, missing: 'em' }).fit(X);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(EMError);
    return undefined;
  }
}

/** Every method on incomplete rows: an EMError, or finite values consistent with the input. */
function checkConsistent(gmm: GaussianMixture, X: number[][]): void {
  if (gmm.nIter > 0) expect(Number.isFinite(gmm.lowerBound), `lowerBound ${gmm.lowerBound}`).toBe(true);
  expect(gmm.weights.every(Number.isFinite)).toBe(true);
  // The loader accepts saved weights that sum to 1 within 1e-6 (rounded by hand-edited files).
  expect(Math.abs(gmm.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-6);
  expect(gmm.means.flat().every(Number.isFinite)).toBe(true);
  const probe = (method: () => void) => {
    try {
      method();
    } catch (error) {
      expect(error, String(error)).toBeInstanceOf(EMError);
    }
  };
  probe(() => {
    const proba = gmm.predictProba(X);
    expect(proba).toHaveLength(X.length);
    for (const row of proba) {
      expect(
        row.every((p) => Number.isFinite(p) && p >= 0 && p <= 1),
        String(row),
      ).toBe(true);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
    const labels = gmm.predict(X);
    for (const label of labels) expect(label >= 0 && label < gmm.nComponents).toBe(true);
  });
  probe(() => {
    const imputed = gmm.impute(X);
    expect(imputed).toHaveLength(X.length);
    imputed.forEach((row, i) => {
      expect(row.every(Number.isFinite), `impute row ${i}: ${row}`).toBe(true);
      // Observed values come back unchanged.
      X[i]!.forEach((v, j) => {
        if (!Number.isNaN(v)) expect(row[j]).toBe(v);
      });
    });
  });
  probe(() => {
    const copies = gmm.imputeSamples(X, { nImputations: 2, randomState: 1, bootstrap: false });
    expect(copies).toHaveLength(2);
    for (const copy of copies) expect(copy.flat().every(Number.isFinite)).toBe(true);
  });
  probe(() => {
    const scores = gmm.scoreSamples(X);
    expect(scores.every((s) => Number.isFinite(s) || s === Number.NEGATIVE_INFINITY)).toBe(true);
  });
}

describe("GaussianMixture with missing: 'em' under adversarial input", () => {
  it('random NaN patterns, shapes and extreme finite values: a typed EMError or a finite, consistent fit', () => {
    fc.assert(
      fc.property(incompleteMatrix, options, (X, o) => {
        const gmm = tryFit(X, o);
        if (gmm) checkConsistent(gmm, X);
      }),
      { numRuns: RUNS },
    );
  });

  it('tame values, random NaN patterns: mostly fits, each one finite and consistent', () => {
    let fitted = 0;
    fc.assert(
      fc.property(incompleteMatrixOf(fc.double({ min: -10, max: 10, noNaN: true }), 8), options, (X, o) => {
        const gmm = tryFit(X, o);
        if (gmm) {
          fitted++;
          checkConsistent(gmm, X);
        }
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: most cases get past validation to a fitted model.
    expect(fitted).toBeGreaterThan(RUNS / 2);
  });

  it('a row or a column with every value missing is an InvalidInputError naming it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 2, max: 4 }),
        fc.boolean(),
        fc.nat(),
        (rows, cols, wholeRow, at) => {
          const X = Array.from({ length: rows }, (_, i) =>
            Array.from({ length: cols }, (_, j) => i * 0.37 + j * 1.1),
          );
          const index = wholeRow ? at % rows : at % cols;
          if (wholeRow) X[index] = X[index]!.map(() => Number.NaN);
          else for (const row of X) row[index] = Number.NaN;
          let caught: unknown;
          try {
            new GaussianMixture({ nComponents: 1, missing: 'em' }).fit(X);
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(InvalidInputError);
          const { row, column } = caught as InvalidInputError;
          if (wholeRow) expect(row).toBe(index);
          else expect(column).toBe(index);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('±Infinity is not a missing value: a typed EMError, with or without NaN elsewhere', () => {
    fc.assert(
      fc.property(
        incompleteMatrix.filter((X) => X.length >= 2),
        fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        fc.nat(),
        options,
        (X, infinity, at, o) => {
          const cols = X[0]!.length;
          X[at % X.length]![Math.floor(at / X.length) % cols] = infinity;
          expect(() => new GaussianMixture({ ...o, missing: 'em' }).fit(X)).toThrow(EMError);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a model fitted on incomplete data predicts, imputes and scores hostile incomplete rows consistently', () => {
    const X = Array.from({ length: 60 }, (_, i) => [
      (i % 3) * 5 + Math.sin(i),
      (i % 3) * -4 + Math.cos(i * 1.3),
      i % 3 === 1 ? Number.NaN : Math.sin(i * 0.7),
    ]);
    for (const covarianceType of TYPES) {
      const gmm = new GaussianMixture({ nComponents: 3, covarianceType, missing: 'em', randomState: 0 }).fit(
        X,
      );
      fc.assert(
        fc.property(
          fc.array(
            fc.array(fc.oneof(predictValue, fc.constant(Number.NaN)), { minLength: 3, maxLength: 3 }),
            {
              minLength: 1,
              maxLength: 8,
            },
          ),
          (rows) => checkConsistent(gmm, rows),
        ),
        { numRuns: Math.ceil(RUNS / 4) },
      );
    }
  });
});

// ——— Complete data, every entry point, in @em/testkit's shape (counted for the troubleshooting table) ———

const recorder = adversarialRecorder('@em/gaussian');
const KIT_RUNS = adversarialRuns();

/** Two well-separated clusters: a model every regression case below can start from. */
const TWO = Array.from({ length: 40 }, (_, i) => [
  (i % 2) * 10 + Math.sin(i),
  (i % 2) * 4 + Math.cos(i * 1.7),
]);

/** Two clusters of clearly different spreads (1 and 3). */
const UNEQUAL = Array.from({ length: 40 }, (_, i) =>
  i % 2 === 0 ? [Math.sin(i), Math.cos(i * 1.7)] : [10 + 3 * Math.sin(i), 4 + 3 * Math.cos(i * 1.7)],
);

/** What a fitted model shows: every number a caller reads (lowerBound only when an iteration ran). */
function summary(gmm: GaussianMixture) {
  return {
    weights: gmm.weights,
    means: gmm.means,
    covariances: gmm.covariances,
    precisions: gmm.precisions,
    nIter: gmm.nIter,
    history: gmm.history,
    ...(gmm.nIter > 0 ? { lowerBound: gmm.lowerBound } : {}),
  };
}

/** Σ_c P_c ≈ I for each component: covariances and precisions describe the same model. */
function expectInverse(gmm: GaussianMixture): void {
  const { covarianceType, nFeatures: d } = gmm;
  const blocks = (value: unknown): number[][][] => {
    if (covarianceType === 'full') return value as number[][][];
    if (covarianceType === 'tied') return [value as number[][]];
    if (covarianceType === 'diag')
      return (value as number[][]).map((row) => row.map((v, a) => row.map((_, b) => (a === b ? v : 0))));
    return (value as number[]).map((v) =>
      Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => (a === b ? v : 0))),
    );
  };
  const cov = blocks(gmm.covariances);
  const prec = blocks(gmm.precisions);
  cov.forEach((S, c) => {
    // Rounding grows with the condition number: allow for it (‖Σ‖ ‖P‖ bounds it), not for another model.
    const norm = (M: number[][]) => Math.max(...M.flat().map(Math.abs));
    const tolerance = Math.max(1e-9, 1e-9 * d * norm(S) * norm(prec[c]!));
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        let v = 0;
        for (let m = 0; m < d; m++) v += S[a]![m]! * prec[c]![m]![b]!;
        expect(Math.abs(v - (a === b ? 1 : 0)), `component ${c} (Σ P)[${a}][${b}]`).toBeLessThanOrEqual(
          tolerance,
        );
      }
  });
}

/** The invariants of any model the package hands out. */
function expectConsistentModel(gmm: GaussianMixture): void {
  // The loader accepts saved weights that sum to 1 within 1e-6 (rounded by hand-edited files).
  expect(Math.abs(gmm.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-6);
  expectInverse(gmm);
  if (gmm.nIter === 0) {
    expect(() => gmm.lowerBound).toThrow(NoIterationError);
    expect(gmm.converged).toBe(false);
  } else expect(gmm.history.at(-1)).toBe(gmm.lowerBound);
}

/**
 * Stops a fit after 300 iterations in all (returning false ends every restart too): `maxIter: 1e9`
 * with `tol: 0`, or `nInit: 2^32`, is a long computation asked for, not a hang to detect here.
 */
const budget = () => {
  let left = 300;
  return () => --left > 0;
};

const kitOptions = fc.record(
  {
    nComponents: fc.oneof(fc.integer({ min: 1, max: 3 }), hostileSize),
    covarianceType: fc.constantFrom(...TYPES),
    maxIter: fc.oneof(fc.integer({ min: 0, max: 20 }), hostileSize),
    regCovar: fc.oneof(fc.constant(1e-6), extremeFinite),
    randomState: fc.integer({ min: 0, max: 100 }),
  },
  { requiredKeys: ['covarianceType', 'randomState'] },
);

describe('GaussianMixture (complete data) under hostile input, in the kit shape', () => {
  it('fit on arbitrary shapes, extreme and non-finite values, hostile options: typed error or a consistent model', () => {
    propertyTypedOrFinite(
      recorder,
      fc.tuple(fc.oneof(hostileMatrix, matrixOf(extremeFinite, { minRows: 1, maxRows: 12 })), kitOptions),
      ([X, o]) => {
        const gmm = new GaussianMixture({ ...(o as object), onIteration: budget() }).fit(X as number[][]);
        expectConsistentModel(gmm);
        return summary(gmm);
      },
      { numRuns: KIT_RUNS },
    );
  });

  it('hostile options alone: typed error or a model', () => {
    const keys = [
      'nComponents',
      'covarianceType',
      'tol',
      'regCovar',
      'maxIter',
      'nInit',
      'initParams',
      'workers',
      'historyLimit',
      'kernels',
      'signal',
      'randomState',
    ];
    propertyTypedOrFinite(
      recorder,
      hostileOptions(keys),
      (o) => summary(new GaussianMixture({ ...(o as object), onIteration: budget() }).fit(TWO)),
      {
        numRuns: KIT_RUNS,
      },
    );
  });

  it('a fitted model given rows of extreme finite values (up to ±1.8e308): responsibilities finite and summing to 1; scores finite or typed', () => {
    for (const covarianceType of TYPES) {
      const gmm = new GaussianMixture({ nComponents: 2, covarianceType, randomState: 0 }).fit(TWO);
      propertyTypedOrFinite(
        recorder,
        matrixOf(extremeFinite, { minRows: 1, maxRows: 4, minCols: 2, maxCols: 2 }),
        (rows) => {
          const proba = gmm.predictProba(rows);
          for (const row of proba) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          const labels = Array.from(gmm.predict(rows));
          proba.forEach((row, i) => {
            expect(row[labels[i]!]).toBe(Math.max(...row));
          });
          return proba;
        },
        { numRuns: Math.ceil(KIT_RUNS / 2) },
      );
      propertyTypedOrFinite(
        recorder,
        matrixOf(extremeFinite, { minRows: 1, maxRows: 4, minCols: 2, maxCols: 2 }),
        (rows) => [gmm.score(rows), gmm.bic(rows), gmm.aic(rows)],
        { numRuns: Math.ceil(KIT_RUNS / 2) },
      );
    }
  });

  it('sample of hostile sizes: typed error before allocating, or finite draws', () => {
    const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(TWO);
    propertyTypedOrFinite(recorder, fc.oneof(hugeSize, hostileSize), (n) => gmm.sample(n as number).X, {
      numRuns: KIT_RUNS,
    });
  });

  it('tampered JSON: a typed error naming json…, or a model that is internally consistent', () => {
    for (const covarianceType of TYPES) {
      const valid = new GaussianMixture({ nComponents: 2, covarianceType, randomState: 0 }).fit(TWO).toJSON();
      propertyTypedOrFinite(
        recorder,
        tamperedJson(valid),
        ({ document }) => {
          const copy = GaussianMixture.fromJSON(document as never);
          if (copy.isFitted) {
            expectConsistentModel(copy);
            return {
              ...summary(copy),
              proba: copy.predictProba([
                [0, 0],
                [10, 4],
              ]),
            };
          }
          return copy.options.nComponents;
        },
        { numRuns: Math.ceil(KIT_RUNS / 2) },
      );
    }
  });
});

describe('issue #23 regression cases (gaussian)', () => {
  it.each([
    'full',
    'tied',
    'diag',
    'spherical',
  ] as const)('a subnormal regCovar on constant data (%s): a SingularCovarianceError, not precisions of Infinity', (covarianceType) => {
    // The variance 5e-324 factors, but its precision 1 / 5e-324 overflows (a property-test find).
    for (const X of [
      [[0]],
      [[0], [0], [0]],
      [
        [1, 2],
        [1, 2],
      ],
    ])
      expect(() =>
        new GaussianMixture({ nComponents: 1, covarianceType, regCovar: 5e-324, randomState: 0 }).fit(X),
      ).toThrow(SingularCovarianceError);
  });

  const fitted = (covarianceType: CovarianceType = 'full') =>
    new GaussianMixture({ nComponents: 2, covarianceType, randomState: 0 }).fit(TWO);
  // biome-ignore lint/suspicious/noExplicitAny: the cases tamper with parsed JSON freely
  const tamper = (edit: (json: any) => void, covarianceType: CovarianceType = 'full') => {
    const json = JSON.parse(JSON.stringify(fitted(covarianceType)));
    edit(json);
    return () => GaussianMixture.fromJSON(json);
  };

  it('contradictory models are refused, naming the field', () => {
    const cases: [string, () => unknown][] = [
      // Covariances replaced while the precision factors are kept: two models in one file.
      [
        'json.fitted.precisionsCholesky[0]',
        tamper((j) => {
          j.fitted.covariances[0] = [
            [4, 0],
            [0, 4],
          ];
        }),
      ],
      [
        'json.fitted.precisionsCholesky',
        tamper((j) => {
          j.fitted.covariances = [
            [5, 0],
            [0, 5],
          ];
        }, 'tied'),
      ],
      [
        'json.fitted.precisionsCholesky[1]',
        tamper((j) => {
          j.fitted.covariances[1] = [9, 9];
        }, 'diag'),
      ],
      [
        'json.fitted.precisionsCholesky',
        tamper((j) => {
          j.fitted.covariances[0] *= 3;
        }, 'spherical'),
      ],
      [
        'json.fitted.covariances[0][0][1]',
        tamper((j) => {
          j.fitted.covariances[0][0][1] += 0.5;
        }),
      ],
      [
        'json.fitted.history',
        tamper((j) => {
          j.fitted.nIter += 1;
        }),
      ],
      [
        'json.fitted.history',
        tamper((j) => {
          j.fitted.history.pop();
        }),
      ],
      [
        'json.fitted.lowerBound',
        tamper((j) => {
          j.fitted.lowerBound -= 1;
        }),
      ],
      [
        'json.fitted.converged',
        tamper((j) => {
          Object.assign(j.fitted, { nIter: 0, history: [], lowerBound: null, converged: true });
        }),
      ],
      [
        'json.fitted.lowerBound',
        tamper((j) => {
          Object.assign(j.fitted, { nIter: 0, history: [], converged: false });
        }),
      ],
      [
        'json.fitted.nIter',
        tamper((j) => {
          j.options.maxIter = 1;
        }),
      ],
      [
        'json.options.tol',
        tamper((j) => {
          j.options.tol = -1;
        }),
      ],
      [
        'json.options.nInit',
        tamper((j) => {
          j.options.nInit = 0;
        }),
      ],
      [
        'json.options.randomState',
        tamper((j) => {
          j.options.randomState = -3;
        }),
      ],
      [
        'json.fitted.covariances',
        tamper((j) => {
          j.fitted.covariances = null;
        }),
      ],
    ];
    for (const [field, load] of cases) expectRefused(recorder, load, field);
  });

  it('predictProba([[1e200, 1e200]]) is finite and one-hot, as at 1e6 where nothing overflows or rounds away', () => {
    // Far from every component one component takes everything (its log-share leads by ~1e7 at 1e6);
    // the direction decides which. At 1e100 the textbook formula already rounds the deciding linear
    // term away (x² ≈ 1e200 swallows x·μ ≈ 1e100), so 1e6 is the reference — with spreads that differ
    // clearly (1 and 3), so that at 1e6 the same term decides as at 1e200 (tied: the linear one).
    for (const covarianceType of TYPES) {
      const gmm = new GaussianMixture({ nComponents: 2, covarianceType, randomState: 0 }).fit(UNEQUAL);
      for (const direction of [
        [1, 1],
        [-1, 1],
        [1, -0.5],
      ]) {
        const near = gmm.predictProba([direction.map((v) => v * 1e6)]);
        expect(near[0]!.some((p) => p === 1)).toBe(true);
        for (const scale of [1e160, 1e200, 1e300, 1.7e308]) {
          const far = expectTypedOrFinite(recorder, () =>
            gmm.predictProba([direction.map((v) => v * scale)]),
          );
          expect(far.value, `${covarianceType} ${direction} × ${scale}`).toEqual(near);
        }
      }
    }
  });

  it('score, scoreSamples, bic, aic at 1e200: a NumericalError saying the value is out of range, not ∓Infinity', () => {
    const gmm = fitted();
    for (const method of ['score', 'scoreSamples', 'bic', 'aic'] as const) {
      const error = expectTypedError(recorder, () => gmm[method]([[1e200, 1e200]]), [
        'outside the range of double precision',
      ]);
      expect(error).toBeInstanceOf(NumericalError);
    }
  });

  it('data near 1e155 (squares overflow) is refused as such, naming the column: scale the data', () => {
    const X = TWO.map(([a, b]) => [a!, b! * 1e155]);
    const error = expectTypedError(recorder, () => new GaussianMixture({ nComponents: 2 }).fit(X), [
      'scale the data',
    ]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).column).toBe(1);
    expect(error.message).not.toMatch(/collapsed/);
  });

  it('maxIter: 0 keeps the initial parameters but has no lower bound (NoIterationError); a fit aborted before its first iteration leaves the model unfitted', () => {
    const initial = new GaussianMixture({ nComponents: 2, maxIter: 0, randomState: 0 }).fit(TWO);
    expect(initial.nIter).toBe(0);
    expectTypedError(recorder, () => initial.lowerBound, ['maxIter: 0']);
    const controller = new AbortController();
    controller.abort();
    const aborted = new GaussianMixture({ nComponents: 2, signal: controller.signal }).fit(TWO);
    expect(aborted.isFitted).toBe(false);
    // A fitted model whose refit is aborted at once keeps what it had.
    const later = new AbortController();
    const model = new GaussianMixture({ nComponents: 2, randomState: 0, signal: later.signal }).fit(TWO);
    const before = JSON.stringify(model);
    later.abort();
    expect(JSON.stringify(model.fit(TWO.map(([a, b]) => [a! + 1, b!])))).toBe(before);
  });

  it('historyLimit bounds history for a huge maxIter; the JSON round trip keeps it consistent', () => {
    const gmm = new GaussianMixture({
      nComponents: 2,
      maxIter: 1e9,
      tol: 0,
      historyLimit: 4,
      randomState: 0,
      onIteration: ({ iteration }) => iteration < 30,
    });
    gmm.fit(TWO);
    expect(gmm.nIter).toBe(30);
    expect(gmm.history).toHaveLength(4);
    expect(gmm.history.at(-1)).toBe(gmm.lowerBound);
    const copy = GaussianMixture.fromJSON(JSON.stringify(gmm));
    expect(copy.history).toEqual(gmm.history);
    expectRefused(
      recorder,
      tamper((j) => {
        j.options.historyLimit = 0;
      }),
      'json.options.historyLimit',
    );
  });

  it('sample(1e12) is refused before allocating', () => {
    expectTypedError(recorder, () => fitted().sample(1e12), ['draw in batches']);
  });
});
