/**
 * What `console.log(model)` and `String(model)` print for an item response model: one line with the
 * item model, the quadrature, whether fitted and, once fitted, the numbers of items and persons, the
 * iterations and the marginal log-likelihood (never the arrays of the internal state).
 */
import { modelSummary } from '@em/core';
import type { FittedState } from './model.js';
import type { ResolvedIrtOptions } from './options.js';

/** `ItemResponseModel { itemType, quadraturePoints, …, logLikelihood }`. */
export function itemResponseModelSummary(
  options: ResolvedIrtOptions,
  state: FittedState | undefined,
): string {
  const head = { itemType: options.itemType, quadraturePoints: options.quadraturePoints };
  if (!state) return modelSummary('ItemResponseModel', { ...head, fitted: false });
  // A bank built by `fromItems` was never fitted: it has items but no persons.
  if (state.nObservations === 0)
    return modelSummary('ItemResponseModel', { ...head, nItems: state.names.length, parameters: 'given' });
  return modelSummary('ItemResponseModel', {
    ...head,
    nItems: state.names.length,
    // Persons, counted with their weights (rows may be response patterns with frequencies).
    nPersons: state.nObservations,
    fitted: true,
    converged: state.converged,
    nIter: state.nIter,
    logLikelihood: state.logLikelihood,
  });
}
