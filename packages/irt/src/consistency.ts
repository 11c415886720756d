// The checks of a saved model that relate its fields to one another (serialize.ts checks each field).
import { checkFitRecord, InvalidInputError } from '@em/core';

/**
 * Whether a name is printable as-is: no control bytes (C0, DEL, C1), which would reach warning and
 * error messages raw.
 */
export function isPrintable(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
  }
  return true;
}

/** Largest |log-likelihood|: AIC and BIC double it. */
const MAX_LOG_LIKELIHOOD = 1e300;

/**
 * The fit summary: `history` one entry per iteration, `nIter` its length, `converged` only with
 * iterations, the log-likelihood present exactly when there were iterations and, with the 3PL's prior
 * added (`penalty`), not below the last entry — EM does not make the estimates worse. A model with no
 * item to estimate ran no iteration and has log-likelihood 0.
 */
export function checkFit(
  fit: { logLikelihood: number; nIter: number; converged: boolean; history: number[] },
  parameters: number,
  penalty: number,
): void {
  if (parameters === 0) {
    if (fit.nIter !== 0)
      throw new InvalidInputError('json.fit.nIter', '0 (no parameter to estimate)', fit.nIter);
    if (fit.logLikelihood !== 0)
      throw new InvalidInputError(
        'json.fit.logLikelihood',
        '0 (no parameter to estimate)',
        fit.logLikelihood,
      );
    return;
  }
  // A log-probability of discrete responses: at most 0, and small enough that AIC and BIC can double it.
  if (fit.logLikelihood > 0 || fit.logLikelihood < -MAX_LOG_LIKELIHOOD)
    throw new InvalidInputError(
      'json.fit.logLikelihood',
      `a log-probability in [-${MAX_LOG_LIKELIHOOD}, 0]`,
      fit.logLikelihood,
    );
  const logLikelihood = Number.isNaN(fit.logLikelihood) ? null : fit.logLikelihood + penalty;
  checkFitRecord(
    { ...fit, logLikelihood },
    { field: 'json.fit', relation: 'not-below-last', tolerance: 1e-6 },
  );
}

/**
 * The covariance of the estimates: non-negative variances, and symmetric to 1e-6 of the scale of
 * the entry (the inverse of the information is symmetric only to rounding).
 */
export function checkCovariance(c: Float64Array, size: number): void {
  for (let i = 0; i < size; i++) {
    const v = c[i * size + i]!;
    if (!(v >= 0))
      throw new InvalidInputError(`json.covariance[${i * size + i}]`, 'a variance >= 0 (diagonal)', v);
    for (let j = 0; j < i; j++) {
      const a = c[i * size + j]!;
      const b = c[j * size + i]!;
      const scale = Math.max(Math.sqrt(v * c[j * size + j]!), Math.abs(a), Math.abs(b), 1e-300);
      if (Math.abs(a - b) > 1e-6 * scale)
        throw new InvalidInputError(
          `json.covariance[${i * size + j}]`,
          `a symmetric matrix: equal to entry ${j * size + i}, ${b}`,
          a,
        );
    }
  }
}

/** Persons and observations: a fitted model saw some (BIC takes the log of their total weight). */
export function checkCounts(nObservations: number, nPersons: number, fitted: boolean): void {
  if (fitted && !(nObservations > 0))
    throw new InvalidInputError(
      'json.fit.nObservations',
      'a total weight > 0 (the model was fitted)',
      nObservations,
    );
  if (fitted && nPersons < 1)
    throw new InvalidInputError('json.fit.nPersons', 'at least 1 (the model was fitted)', nPersons);
}
