import type { IterationInfo } from '@em/core';
import { NumericalError } from '@em/core';
import { type FlatMatrix, GaussianMixture, type MixtureParams } from '@em/gaussian';
import type { FitOutcome, GridCell, SharedFitOptions } from './protocol.js';

/** Called after every EM iteration; returns false to stop the fit. */
export type IterationHook = (info: IterationInfo<MixtureParams>) => boolean;

/**
 * Fits one model of the grid and scores it exactly as `selectModel` from `@em/gaussian` does
 * (`score(X)`, `nParameters()`), so the table matches it. A numerical failure (a singular
 * covariance) is recorded as a failed cell, as mclust shows NA; any other error is thrown.
 */
export function fitOne(
  data: FlatMatrix,
  cell: GridCell,
  options: SharedFitOptions,
  onIteration: IterationHook,
): FitOutcome {
  const outcome: FitOutcome = {
    ...cell,
    skipped: false,
    interrupted: false,
    model: null,
    logLikelihood: null,
    bic: null,
    aic: null,
    nParameters: null,
    converged: false,
    nIter: 0,
    collapsed: null,
    error: null,
  };
  let stopped = false;
  let model: GaussianMixture;
  try {
    model = new GaussianMixture({
      ...options,
      ...cell,
      onIteration: (info) => {
        if (onIteration(info)) return true;
        stopped = true;
        return false;
      },
    }).fit(data);
  } catch (error) {
    if (!(error instanceof NumericalError)) throw error;
    outcome.error = error.message;
    return outcome;
  }
  const n = data.rows;
  const logLikelihood = model.score(data) * n;
  const nParameters = model.nParameters();
  Object.assign(outcome, {
    // A stopped fit is partial whatever its runs did: report it as not converged.
    interrupted: stopped,
    model: model.toJSON(),
    logLikelihood,
    nParameters,
    bic: -2 * logLikelihood + nParameters * Math.log(n),
    aic: -2 * logLikelihood + 2 * nParameters,
    converged: model.converged && !stopped,
    nIter: model.nIter,
    collapsed: findCollapse(model, options.regCovar),
  });
  return outcome;
}

/**
 * A component that collapsed onto repeated values (rounded data, duplicated rows): some variance
 * — conditional on the other features, i.e. 1 / precision[j][j] — sits at the `regCovar` floor.
 * Its likelihood grows without bound as it collapses, so its BIC is meaningless; mclust reports
 * such fits as NA. 1 / precision[j][j] is at least the smallest eigenvalue and at most D times it,
 * hence the threshold of 10·D·regCovar.
 */
export function findCollapse(model: GaussianMixture, regCovar: number): FitOutcome['collapsed'] {
  const d = model.nFeatures;
  const threshold = 10 * d * regCovar;
  const precisions = model.precisions;
  const diagonal = (component: number, feature: number): number => {
    switch (model.covarianceType) {
      case 'full':
        return (precisions as number[][][])[component]![feature]![feature]!;
      case 'tied':
        return (precisions as number[][])[feature]![feature]!;
      case 'diag':
        return (precisions as number[][])[component]![feature]!;
      default:
        return (precisions as number[])[component]!;
    }
  };
  for (let component = 0; component < model.nComponents; component++) {
    for (let feature = 0; feature < d; feature++) {
      const variance = 1 / diagonal(component, feature);
      if (variance <= threshold) return { component, feature, variance };
    }
  }
  return null;
}
