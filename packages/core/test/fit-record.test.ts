// checkFitRecord and requireIterations: the relations runEM's results satisfy, checked on saved models.
import { describe, expect, it } from 'vitest';
import { EMError, InvalidInputError } from '../src/errors.js';
import { checkFitRecord, requireIterations } from '../src/fit-record.js';
import { runEM } from '../src/run-em.js';

const field = 'json.fit';
const refused = (record: Record<string, unknown>, names: string, options = {}) => {
  const run = () =>
    checkFitRecord(
      { converged: true, nIter: 2, history: [-3, -2], logLikelihood: -2, ...record },
      { field, ...options },
    );
  expect(run).toThrow(InvalidInputError);
  expect(run).toThrow(names);
};

describe('checkFitRecord', () => {
  it("accepts what runEM reports, and its examples' records", () => {
    // A model whose log-likelihood climbs by halves towards 0: the loop's own history.
    const result = runEM(
      { eStep: (p: number) => ({ stats: p / 2, logLikelihood: -p }), mStep: (s: number) => s },
      8,
      { maxIter: 5, tol: 0 },
    );
    const kept = checkFitRecord(result, { field, maxIter: 5 });
    expect(kept).toEqual({
      converged: false,
      nIter: 5,
      history: [-8, -4, -2, -1, -0.5],
      logLikelihood: -0.5,
    });
    const none = checkFitRecord({ converged: false, nIter: 0, history: [], logLikelihood: null }, { field });
    expect(none.logLikelihood).toBe(Number.NEGATIVE_INFINITY);
  });

  it('refuses each contradiction, naming the field', () => {
    refused({ nIter: 3 }, 'json.fit.history: expected nIter = 3 entries');
    refused({ nIter: 1.5 }, 'json.fit.nIter');
    refused({ converged: 'yes' }, 'json.fit.converged');
    refused({ logLikelihood: -1 }, 'json.fit.logLikelihood: expected the last history entry, -2');
    refused({ logLikelihood: null }, 'json.fit.logLikelihood');
    refused({ history: [-3, Number.NaN] }, 'json.fit.history[1]');
    refused({ nIter: 0, history: [] }, 'json.fit.logLikelihood: expected null without iterations');
    refused(
      { nIter: 0, history: [], logLikelihood: null },
      'json.fit.converged: expected false without iterations',
    );
    refused({}, 'json.fit.nIter: expected at most maxIter = 1', { maxIter: 1 });
    refused({ logLikelihood: -2.5 }, 'json.fit.lowerBound: expected at least the last history entry', {
      relation: 'not-below-last',
      logLikelihoodName: 'lowerBound',
    });
  });

  it("'not-below-last' accepts a final value recomputed at better parameters", () => {
    const kept = checkFitRecord(
      { converged: true, nIter: 2, history: [-3, -2], logLikelihood: -1.5 },
      { field, relation: 'not-below-last' },
    );
    expect(kept.logLikelihood).toBe(-1.5);
  });
});

describe('requireIterations', () => {
  it('refuses a run without iterations with a NOT_FITTED EMError, and lets others through', () => {
    expect(() => requireIterations({ nIter: 0 }, 'a model')).toThrow(EMError);
    expect(() => requireIterations({ nIter: 0 }, 'a model')).toThrow(
      /The fit of a model stopped before its first/,
    );
    expect(() => requireIterations({ nIter: 1 }, 'a model')).not.toThrow();
  });
});
