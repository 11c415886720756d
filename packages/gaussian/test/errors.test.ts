import { EMError, InvalidInputError, InvalidOptionError, NotFittedError, NumericalError } from '@em/core';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, SingularCovarianceError } from '../src/index.js';

const X = [
  [0, 0],
  [1, 2],
  [2, 1],
  [3, 3],
  [5, 5],
  [6, 5],
  [5, 7],
  [7, 6],
];

function thrown(fn: () => unknown): EMError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EMError);
    return error as EMError;
  }
  throw new Error('expected an error');
}

describe('invalid options are rejected at construction', () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ nComponents: 0 }, 'nComponents', /integer >= 1, received 0/],
    [{ nComponents: 1.5 }, 'nComponents', /integer >= 1/],
    [
      { covarianceType: 'ful' },
      'covarianceType',
      /one of 'full', 'tied', 'diag', 'spherical', 'EII', .*'VVV', received "ful". Did you mean 'full'\?/,
    ],
    [{ tol: -1 }, 'tol', /finite number >= 0/],
    [{ regCovar: Number.NaN }, 'regCovar', /received NaN/],
    [{ maxIter: -1 }, 'maxIter', /integer >= 0/],
    [{ nInit: 0 }, 'nInit', /integer >= 1/],
    [{ initParams: 'kmeans+' }, 'initParams', /'k-means\+\+'/],
    [{ randomState: -3 }, 'randomState', /non-negative integer seed/],
    [{ warmStart: 'yes' }, 'warmStart', /boolean/],
    [{ onIteration: 3 }, 'onIteration', /function/],
    [{ n_components: 2 }, 'n_components', /Did you mean nComponents\?/],
    [{ precisionsInit: [1], covariancesInit: [1] }, 'covariancesInit', /precisionsInit/],
  ];
  for (const [options, option, message] of cases) {
    it(`${JSON.stringify(options)}`, () => {
      const error = thrown(() => new GaussianMixture(options as never));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(option);
      expect(error.message).toMatch(message);
    });
  }
});

describe('invalid data names the row and column', () => {
  it('non-finite value in number[][]', () => {
    const bad = X.map((row) => row.slice());
    bad[3]![1] = Number.NaN;
    const error = thrown(() => new GaussianMixture().fit(bad)) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect([error.argument, error.row, error.column]).toEqual(['X', 3, 1]);
    expect(error.message).toBe(
      "Invalid X at row 3, column 1: expected a finite number (NaN marks a missing value: new GaussianMixture({ missing: 'em' }) fits data with missing values), received NaN.",
    );
  });
  it('non-finite value in number[], Float64Array, flat matrix and ml-matrix', () => {
    const inputs = [
      [1, 2, Number.POSITIVE_INFINITY],
      new Float64Array([1, 2, Number.POSITIVE_INFINITY]),
      { data: new Float64Array([1, 2, 3, 4, Number.POSITIVE_INFINITY, 6]), rows: 3, cols: 2 },
      new Matrix([
        [1, 2],
        [3, 4],
        [Number.POSITIVE_INFINITY, 6],
      ]),
    ];
    for (const input of inputs) {
      const error = thrown(() => new GaussianMixture().fit(input)) as InvalidInputError;
      expect(error).toBeInstanceOf(InvalidInputError);
      expect([error.row, error.column]).toEqual([2, 0]);
    }
  });
  it('ragged rows', () => {
    const error = thrown(() => new GaussianMixture().fit([[1, 2], [3, 4], [5]])) as InvalidInputError;
    expect(error.row).toBe(2);
    expect(error.message).toMatch(/every row to have 2 features/);
  });
  it('a flat matrix whose data does not have rows × cols entries', () => {
    const error = thrown(() => new GaussianMixture().fit({ data: new Float64Array(5), rows: 3, cols: 2 }));
    expect(error.message).toMatch(
      /X\.data: expected length rows × cols = 6, received Float64Array of length 5/,
    );
  });
  it('empty data and unknown shapes', () => {
    expect(thrown(() => new GaussianMixture().fit([])).message).toMatch(/at least one sample/);
    expect(thrown(() => new GaussianMixture().fit('abc' as never)).message).toMatch(
      /number\[\] or Float64Array/,
    );
  });
  it('fewer samples than components', () => {
    const error = thrown(() => new GaussianMixture({ nComponents: 3 }).fit([1, 2]));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(
      'Invalid X (number of samples): expected at least nComponents = 3, received 2.',
    );
  });
});

describe('initial parameters are validated against the data', () => {
  const fit = (options: object) => thrown(() => new GaussianMixture({ nComponents: 2, ...options }).fit(X));
  it('weightsInit of the wrong length, out of range, or not summing to 1', () => {
    expect(fit({ weightsInit: [1] }).message).toMatch(
      /weightsInit: expected an array of shape nComponents \(2\)/,
    );
    expect(fit({ weightsInit: [1.5, -0.5] }).message).toMatch(
      /weightsInit\[0\]: expected a number in \[0, 1\], received 1.5/,
    );
    expect(fit({ weightsInit: [0.5, 0.6] }).message).toMatch(
      /weights summing to 1, received "weights summing to 1.1/,
    );
  });
  it('meansInit of the wrong shape', () => {
    const error = fit({
      meansInit: [
        [0, 0, 0],
        [1, 1, 1],
      ],
    });
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(
      /meansInit: expected an array of shape nComponents × nFeatures \(2 × 2\), received "shape 2 × 3"/,
    );
  });
  it('precisionsInit of the wrong shape for the covariance type', () => {
    expect(
      fit({
        precisionsInit: [
          [1, 0],
          [0, 1],
        ],
      }).message,
    ).toMatch(/nComponents × nFeatures × nFeatures \(2 × 2 × 2\)/);
    expect(fit({ covarianceType: 'diag', precisionsInit: [1, 2] }).message).toMatch(
      /nComponents × nFeatures \(2 × 2\)/,
    );
  });
  it('precisions that are not symmetric or not positive definite', () => {
    const identity = [
      [1, 0],
      [0, 1],
    ];
    const indefinite = [
      [1, 2],
      [2, 1],
    ];
    const asymmetric = [
      [1, 0.5],
      [0, 1],
    ];
    expect(fit({ precisionsInit: [identity, indefinite] }).message).toMatch(
      /precisionsInit\[1\].*positive-definite/,
    );
    expect(fit({ precisionsInit: [asymmetric, identity] }).message).toMatch(/precisionsInit\[0\].*symmetric/);
    expect(fit({ covarianceType: 'tied', precisionsInit: indefinite }).message).toMatch(
      /precisionsInit: expected a symmetric, positive-definite/,
    );
    expect(fit({ covarianceType: 'spherical', precisionsInit: [1, 0] }).message).toMatch(
      /expected a positive number, received 0/,
    );
  });
  it('covariances that are not positive definite', () => {
    expect(
      fit({
        covarianceType: 'diag',
        covariancesInit: [
          [1, 1],
          [1, -1],
        ],
      }).message,
    ).toMatch(/covariancesInit/);
  });
});

describe('numerical failures', () => {
  it('a component collapsing onto one point names the component and the iteration', () => {
    const data = [
      [0, 0],
      [1, 2],
      [2, 1],
      [3, 3],
      [5, 5],
      [5, 5],
      [5, 5],
    ];
    const error = thrown(() =>
      new GaussianMixture({
        nComponents: 2,
        regCovar: 0,
        weightsInit: [0.5, 0.5],
        meansInit: [
          [1.5, 1.5],
          [5, 5],
        ],
        precisionsInit: [
          [
            [1, 0],
            [0, 1],
          ],
          [
            [1e4, 0],
            [0, 1e4],
          ],
        ],
      }).fit(data),
    );
    expect(error).toBeInstanceOf(SingularCovarianceError);
    expect(error).toBeInstanceOf(NumericalError);
    expect(error.code).toBe('NUMERICAL');
    expect((error as SingularCovarianceError).component).toBe(1);
    expect((error as SingularCovarianceError).iteration).toBe(1);
    expect(error.message).toMatch(
      /Component 1 has an ill-defined .* after iteration 1.*Increase regCovar or use fewer components\./,
    );
  });
  it('duplicated points at initialisation (iteration 0)', () => {
    const data = [
      [0, 0],
      [0, 0],
      [0, 0],
      [9, 9],
      [9, 9],
      [9, 9],
    ];
    const error = thrown(() =>
      new GaussianMixture({ nComponents: 2, regCovar: 0, randomState: 0 }).fit(data),
    );
    expect(error).toBeInstanceOf(SingularCovarianceError);
    expect((error as SingularCovarianceError).iteration).toBe(0);
    expect(error.message).toMatch(/at initialisation/);
    // The default regCovar is what makes this data fit, as in scikit-learn.
    expect(new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(data).converged).toBe(true);
  });
  it('an mclust model suggests its prior, not regCovar (which mclust’s names refuse)', () => {
    // Three points, each repeated: every component of the start is one point.
    const data = [
      [0, 0],
      [0, 0],
      [9, 1],
      [9, 1],
      [3, 8],
      [3, 8],
    ];
    // mclust 6.0: me(X, m, unmap(c(1, 1, 2, 2, 3, 3)), prior = priorControl())$loglik (NA without).
    const withPrior = { VVV: -13.97201, EEE: -11.44016 };
    for (const covarianceType of ['VVV', 'EEE'] as const) {
      const options = { nComponents: 3, covarianceType, initialClasses: [0, 0, 1, 1, 2, 2] };
      const error = thrown(() => new GaussianMixture(options).fit(data));
      expect(error).toBeInstanceOf(SingularCovarianceError);
      expect(error.message).not.toMatch(/regCovar,|Increase regCovar/);
      expect(error.message).toMatch(/Use fewer components or pass prior: 'default'/);
      expect(error.message).toMatch(covarianceType === 'EEE' ? /^The tied covariance/ : /^Component 0/);
      // The advice is not a dead end: regCovar is refused, the prior fits as mclust's does.
      expect(() => new GaussianMixture({ ...options, regCovar: 1e-6 }).fit(data)).toThrow(InvalidOptionError);
      const fitted = new GaussianMixture({ ...options, prior: 'default' }).fit(data);
      expect(fitted.lowerBound * data.length).toBeCloseTo(withPrior[covarianceType], 4);
    }
  });
});

describe('using the model', () => {
  it('before fit throws NotFittedError for every method and attribute', () => {
    const gmm = new GaussianMixture();
    const uses: [string, () => unknown][] = [
      ['predict', () => gmm.predict([1])],
      ['predictProba', () => gmm.predictProba([1])],
      ['scoreSamples', () => gmm.scoreSamples([1])],
      ['score', () => gmm.score([1])],
      ['bic', () => gmm.bic([1])],
      ['aic', () => gmm.aic([1])],
      ['sample', () => gmm.sample(1)],
      ['nParameters', () => gmm.nParameters()],
      ['means', () => gmm.means],
      ['weights', () => gmm.weights],
      ['covariances', () => gmm.covariances],
      ['lowerBound', () => gmm.lowerBound],
    ];
    for (const [method, use] of uses) {
      const error = thrown(use);
      expect(error).toBeInstanceOf(NotFittedError);
      expect(error.message).toBe(`This GaussianMixture is not fitted yet: call fit() before ${method}().`);
    }
  });
  it('with the wrong number of features', () => {
    const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    const error = thrown(() => gmm.predict([[1, 2, 3]]));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(
      'Invalid X (features per sample): expected 2, as in the data this GaussianMixture was fitted on, received 3.',
    );
    expect(thrown(() => gmm.scoreSamples([1, 2])).message).toMatch(/received 1\./);
  });
  it('sample with a bad size', () => {
    const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    expect(thrown(() => gmm.sample(0)).message).toBe('Invalid n: expected an integer >= 1, received 0.');
  });
});
