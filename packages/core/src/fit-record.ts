/**
 * The summary a fitted model keeps of its EM run (and writes to JSON), checked for internal consistency:
 * the loop records one log-likelihood per iteration, so `history`, `nIter`, the final log-likelihood
 * and `converged` constrain one another. A saved model that contradicts them was edited or corrupted.
 */
import { EMError, InvalidInputError } from './errors.js';

/**
 * What every `@em/*` model records of its EM run, as its JSON holds it (`null` for a non-finite value).
 *
 * @example
 * ```ts
 * import type { FitRecord } from '@em/core';
 * const fit: FitRecord = { converged: true, nIter: 2, history: [-12.5, -12.25], logLikelihood: -12.25 };
 * ```
 */
export interface FitRecord {
  /** Whether the run met its stopping rule. */
  converged: unknown;
  /** Iterations of the run. */
  nIter: unknown;
  /** Log-likelihood (or lower bound) at each iteration. */
  history: unknown;
  /** The final log-likelihood (or lower bound); `null` when there was none. */
  logLikelihood: unknown;
}

/**
 * How {@link checkFitRecord} reads a record.
 *
 * @example
 * ```ts
 * import type { FitRecordOptions } from '@em/core';
 * const options: FitRecordOptions = { field: 'json.fit', logLikelihoodName: 'lowerBound', maxIter: 100 };
 * ```
 */
export interface FitRecordOptions {
  /** Where the record sits, for error messages (e.g. `'json.fit'`). */
  field: string;
  /** The name of the final value in that record (default `'logLikelihood'`). */
  logLikelihoodName?: string;
  /**
   * How the final value relates to the history: `'last'` (default): it is the last entry, as `runEM`
   * reports it; `'not-below-last'`: it was recomputed at the final parameters, which EM does not make
   * worse than the last recorded iteration (allowing `tolerance`).
   */
  relation?: 'last' | 'not-below-last';
  /** Absolute slack of `'not-below-last'`, scaled by max(1, |last|). Default 1e-8. */
  tolerance?: number;
  /** The run's `maxIter`, when known: no run iterates more. */
  maxIter?: number;
}

/**
 * The record with its types checked: what a model can keep.
 *
 * @example
 * ```ts
 * import { checkFitRecord, type CheckedFitRecord } from '@em/core';
 * const kept: CheckedFitRecord = checkFitRecord({ converged: false, nIter: 0, history: [], logLikelihood: null }, { field: 'fit' });
 * kept.logLikelihood; // -Infinity: no iteration, no log-likelihood
 * ```
 */
export interface CheckedFitRecord {
  /** Whether the fit met its stopping rule (never true with 0 iterations). */
  converged: boolean;
  /** Iterations run. */
  nIter: number;
  /** The objective after each iteration kept (the latest ones under a history limit). */
  history: number[];
  /** `-Infinity` when the record has no final value (no iteration). */
  logLikelihood: number;
}

/**
 * Checks a fit record field by field and against itself: `nIter` a non-negative integer (at most
 * `maxIter`), `history` `nIter` finite numbers, the final value the last entry (or not below it) and
 * `null` only without iterations, `converged` false without iterations. Throws an `InvalidInputError`
 * naming the first field that disagrees.
 *
 * @example
 * ```ts
 * import { checkFitRecord } from '@em/core';
 * checkFitRecord({ converged: true, nIter: 2, history: [-3, -2], logLikelihood: -2 }, { field: 'json.fit' }); // fine
 * checkFitRecord({ converged: true, nIter: 3, history: [-3, -2], logLikelihood: -2 }, { field: 'json.fit' });
 * // InvalidInputError: Invalid json.fit.history: expected nIter = 3 entries (one per iteration), received array of length 2.
 * ```
 */
export function checkFitRecord(record: FitRecord, options: FitRecordOptions): CheckedFitRecord {
  const { field, maxIter } = options;
  const name = options.logLikelihoodName ?? 'logLikelihood';
  const { converged, nIter, history, logLikelihood } = record;
  if (typeof converged !== 'boolean')
    throw new InvalidInputError(`${field}.converged`, 'true or false', converged);
  if (typeof nIter !== 'number' || !Number.isInteger(nIter) || nIter < 0)
    throw new InvalidInputError(`${field}.nIter`, 'an integer >= 0', nIter);
  if (maxIter !== undefined && nIter > maxIter)
    throw new InvalidInputError(`${field}.nIter`, `at most maxIter = ${maxIter} (the options)`, nIter);
  if (!Array.isArray(history))
    throw new InvalidInputError(`${field}.history`, 'an array of numbers', history);
  if (history.length !== nIter)
    throw new InvalidInputError(`${field}.history`, `nIter = ${nIter} entries (one per iteration)`, history);
  history.forEach((value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new InvalidInputError(`${field}.history[${i}]`, 'a finite number', value);
  });
  const last = history.at(-1) as number | undefined;
  if (last === undefined) {
    if (logLikelihood !== null && logLikelihood !== undefined && logLikelihood !== Number.NEGATIVE_INFINITY)
      throw new InvalidInputError(`${field}.${name}`, 'null without iterations (nIter = 0)', logLikelihood);
    if (converged)
      throw new InvalidInputError(`${field}.converged`, 'false without iterations (nIter = 0)', converged);
    return { converged, nIter, history: [], logLikelihood: Number.NEGATIVE_INFINITY };
  }
  if (typeof logLikelihood !== 'number' || !Number.isFinite(logLikelihood))
    throw new InvalidInputError(`${field}.${name}`, `a finite number (nIter = ${nIter})`, logLikelihood);
  if ((options.relation ?? 'last') === 'last') {
    if (logLikelihood !== last)
      throw new InvalidInputError(`${field}.${name}`, `the last history entry, ${last}`, logLikelihood);
  } else if (logLikelihood < last - (options.tolerance ?? 1e-8) * Math.max(1, Math.abs(last)))
    throw new InvalidInputError(
      `${field}.${name}`,
      `at least the last history entry, ${last} (EM does not decrease it)`,
      logLikelihood,
    );
  return { converged, nIter, history: [...(history as number[])], logLikelihood };
}

/**
 * Refuses the result of a run that stopped (its signal aborted) before its first iteration: it has
 * no log-likelihood and its parameters are only the starting values, so a model must not store it as
 * a fit. Throws an `EMError` with code `'NOT_FITTED'` (so a model keeps its previous state).
 *
 * @example
 * ```ts
 * import { requireIterations } from '@em/core';
 * requireIterations({ nIter: 3 }, 'a HiddenMarkovModel'); // a fit: nothing happens
 * requireIterations({ nIter: 0 }, 'a HiddenMarkovModel');
 * // EMError: The fit of a HiddenMarkovModel stopped before its first iteration …
 * ```
 */
export function requireIterations(result: { nIter: number }, model: string): void {
  // `model` reads after 'The fit of', e.g. 'a HiddenMarkovModel' or 'alleleFrequencies'.
  if (result.nIter === 0)
    throw new EMError(
      'NOT_FITTED',
      `The fit of ${model} stopped before its first iteration (its signal was aborted): nothing was fitted.`,
    );
}
