import { InvalidOptionError, NumericalError } from '@em/core';
import { createRandom, multivariateNormal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import {
  GaussianMixture,
  type ModelProgress,
  ModelSelectionError,
  type ModelStart,
  SingularCovarianceError,
  selectModel,
  selectModelAsync,
} from '../src/index.js';

const rng = createRandom(11);
const blob = (mean: number[], cov: number[][], size: number) => {
  const { data, cols } = multivariateNormal(rng, { mean, cov, size });
  return Array.from({ length: size }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
};
// Three well-separated elongated clusters: BIC should pick 3 components.
const X = [
  ...blob(
    [0, 0],
    [
      [1, 0.8],
      [0.8, 1],
    ],
    150,
  ),
  ...blob(
    [10, 0],
    [
      [1, -0.5],
      [-0.5, 1],
    ],
    150,
  ),
  ...blob(
    [5, 10],
    [
      [2, 0],
      [0, 0.5],
    ],
    150,
  ),
];

describe('selectModel', () => {
  it('tabulates BIC and AIC for every covariance type × K and picks the lowest', () => {
    const selection = selectModel(X, { nComponents: [1, 2, 3, 4], randomState: 0, keepModels: true });
    expect(selection.table).toHaveLength(16);
    expect(selection.best.nComponents).toBe(3);
    expect(selection.best.covarianceType).toBe('full');
    for (const [i, row] of selection.table.entries()) {
      const model = selection.models![i]!;
      expect(row.bic).toBe(model.bic(X));
      expect(row.aic).toBe(model.aic(X));
      expect(row.nParameters).toBe(model.nParameters());
      expect(selection.values[row.covarianceType][selection.nComponents.indexOf(row.nComponents)]).toBe(
        row.bic,
      );
    }
    const lowest = Math.min(...selection.table.map((row) => row.bic!));
    expect(selection.best.value).toBe(lowest);
  });

  it('matches fitting each model by hand, and AIC can be the criterion', () => {
    const selection = selectModel(X, {
      nComponents: [2, 3],
      covarianceTypes: ['diag'],
      criterion: 'aic',
      randomState: 4,
    });
    expect(selection.models).toBeUndefined();
    const byHand = new GaussianMixture({ nComponents: 3, covarianceType: 'diag', randomState: 4 }).fit(X);
    expect(selection.values.diag[1]).toBe(byHand.aic(X));
    expect(selection.best.model.params).toEqual(byHand.params);
  });

  it('records failed fits as null instead of failing the grid', () => {
    const few = [
      [0, 0],
      [1, 1],
      [2, 0],
    ];
    const selection = selectModel(few, { nComponents: [1, 5], covarianceTypes: ['spherical'] });
    expect(selection.table[1]!.bic).toBeNull();
    expect(selection.table[1]!.error).toMatch(/fewer samples \(3\) than components \(5\)/);
    expect(selection.table[1]!.status).toBe('failed');
    expect(selection.best.nComponents).toBe(1);
    expect(selection.stopped).toBe(false);
  });

  it('validates the grid and the shared options before fitting', () => {
    expect(() => selectModel(X, { nComponents: [] })).toThrow(InvalidOptionError);
    expect(() => selectModel(X, { nComponents: [0] })).toThrow(/nComponents: expected an integer >= 1/);
    expect(() => selectModel(X, { criterion: 'hqic' as never })).toThrow(/criterion/);
    expect(() => selectModel(X, { covarianceTypes: ['round' as never] })).toThrow(/covarianceType/);
  });

  it('reports a numerical failure as a failed cell and keeps its message', () => {
    // Two pairs of duplicated points: with regCovar 0 each spherical component of K = 2 is a point.
    const pairs = [
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
    ];
    const selection = selectModel(pairs, {
      nComponents: [1, 2],
      covarianceTypes: ['spherical'],
      regCovar: 0,
      randomState: 0,
    });
    expect(selection.table.map((row) => row.status)).toEqual(['fitted', 'failed']);
    expect(selection.table[1]!.error).toMatch(/ill-defined \(not positive-definite\) covariance/);
    expect(selection.values.spherical[1]).toBeNull();
    expect(selection.best.nComponents).toBe(1);
  });

  it('a single cell that cannot be fitted throws a typed error with the cell’s reason and the table', () => {
    const pairs = [
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
    ];
    let reason = '';
    try {
      new GaussianMixture({ nComponents: 1, regCovar: 0, randomState: 0 }).fit(pairs);
    } catch (error) {
      expect(error).toBeInstanceOf(SingularCovarianceError);
      reason = (error as Error).message;
    }
    expect(reason).not.toBe('');
    let thrown: unknown;
    try {
      selectModel(pairs, { nComponents: [1], covarianceTypes: ['full'], regCovar: 0, randomState: 0 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelSelectionError);
    expect(thrown).toBeInstanceOf(NumericalError);
    const error = thrown as ModelSelectionError;
    expect(error.reason).toBe('failed');
    expect(error.message).toBe(`The model could not be fitted: ${reason}`);
    expect(error.table).toHaveLength(1);
    expect(error.table[0]).toMatchObject({ status: 'failed', error: reason, bic: null });
  });

  it('calls onModelStart and onModel for every cell, in table order', () => {
    const events: string[] = [];
    const seen: ModelProgress[] = [];
    const selection = selectModel(X, {
      nComponents: [1, 2],
      covarianceTypes: ['diag', 'full'],
      randomState: 0,
      onModelStart: (info: ModelStart) =>
        events.push(`start ${info.index}/${info.total} ${info.covarianceType} ${info.nComponents}`),
      onModel: (info) => {
        events.push(`done ${info.index}`);
        seen.push(info);
      },
    });
    expect(events).toEqual([
      'start 0/4 diag 1',
      'done 0',
      'start 1/4 diag 2',
      'done 1',
      'start 2/4 full 1',
      'done 2',
      'start 3/4 full 2',
      'done 3',
    ]);
    for (const [i, info] of seen.entries()) {
      expect(info.score).toBe(selection.table[i]);
      expect(info).toMatchObject({ index: i, total: 4, covarianceType: selection.table[i]!.covarianceType });
      expect(info.model!.bic(X)).toBe(selection.table[i]!.bic);
    }
    expect(selection.best.model).toBe(seen[selection.best.index]!.model);
  });

  it('stops the grid when onModel returns false: the rest is not fitted and never best', () => {
    let calls = 0;
    const selection = selectModel(X, {
      nComponents: [1, 2, 3, 4],
      covarianceTypes: ['full'],
      randomState: 0,
      onModel: () => ++calls < 2,
    });
    expect(calls).toBe(2);
    expect(selection.stopped).toBe(true);
    expect(selection.table.map((row) => row.status)).toEqual(['fitted', 'fitted', 'notFitted', 'notFitted']);
    expect(selection.values.full.slice(2)).toEqual([null, null]);
    // K = 3 is the true model (first test), but it was never fitted.
    expect(selection.best.nComponents).toBe(2);
  });

  it('an aborted signal stops the grid at once; the fit it interrupted is reported, not chosen', () => {
    const controller = new AbortController();
    const selection = selectModel(X, {
      nComponents: [1, 2, 3, 4],
      covarianceTypes: ['full'],
      randomState: 0,
      tol: 1e-12,
      signal: controller.signal,
      onModelStart: ({ index }) => {
        if (index === 2) controller.abort();
      },
    });
    expect(selection.stopped).toBe(true);
    expect(selection.table.map((row) => row.status)).toEqual([
      'fitted',
      'fitted',
      'interrupted',
      'notFitted',
    ]);
    // The interrupted K = 3 fit stopped before its first iteration, so it is far from converged.
    expect(selection.table[2]!.converged).toBe(false);
    expect(selection.best.nComponents).toBe(2);
  });

  it('an onIteration that returns false interrupts that fit only', () => {
    let k = 0;
    const selection = selectModel(X, {
      nComponents: [1, 3, 4],
      covarianceTypes: ['full'],
      randomState: 0,
      onModelStart: (info) => {
        k = info.nComponents;
      },
      onIteration: (info) => k !== 3 || info.iteration < 2,
    });
    expect(selection.table.map((row) => row.status)).toEqual(['fitted', 'interrupted', 'fitted']);
    expect(selection.stopped).toBe(false);
    expect(selection.best.nComponents).toBe(4);
    // Nothing finished: the selection has no best.
    let thrown: unknown;
    try {
      selectModel(X, { nComponents: [3], randomState: 0, keepModels: true, onIteration: () => false });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelSelectionError);
    const error = thrown as ModelSelectionError;
    expect(error.message).toMatch(/stopped \(signal, onModel or onIteration\) before any model finished/);
    expect(error.reason).toBe('aborted');
    // The partial fits are still there to inspect.
    expect(error.table.map((row) => row.status)).toEqual([
      'interrupted',
      'interrupted',
      'interrupted',
      'interrupted',
    ]);
    expect(error.models![0]!.nIter).toBe(1);
  });

  it('an already aborted signal fits nothing and throws', () => {
    const controller = new AbortController();
    controller.abort();
    let thrown: unknown;
    try {
      selectModel(X, { nComponents: [1, 2], signal: controller.signal });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelSelectionError);
    expect((thrown as ModelSelectionError).reason).toBe('aborted');
    expect((thrown as ModelSelectionError).table.every((row) => row.status === 'notFitted')).toBe(true);
  });

  it('selectModelAsync gives the same table and sees an abort fired between models', async () => {
    const shared = {
      nComponents: [1, 2, 3],
      covarianceTypes: ['tied', 'spherical'] as const,
      randomState: 3,
    };
    const sync = selectModel(X, shared);
    const async = await selectModelAsync(X, shared);
    expect(async.table).toEqual(sync.table);
    expect(async.best.index).toBe(sync.best.index);

    const controller = new AbortController();
    const stopped = await selectModelAsync(X, {
      ...shared,
      signal: controller.signal,
      // Fired from the event loop, as a Stop button or a timer would.
      onModel: ({ index }) => {
        if (index === 1) setImmediate(() => controller.abort());
      },
    });
    expect(stopped.table.map((row) => row.status)).toEqual([
      'fitted',
      'fitted',
      'notFitted',
      'notFitted',
      'notFitted',
      'notFitted',
    ]);
  });

  it('rejects workers in the synchronous selectModel and non-function callbacks', () => {
    expect(() => selectModel(X, { workers: 2 })).toThrow(/selectModelAsync/);
    expect(() => selectModel(X, { onModel: 'log' as never })).toThrow(/onModel: expected a function/);
  });
});
