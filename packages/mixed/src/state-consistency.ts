// The checks of a saved model that relate its fields to one another (validateState checks their shapes).
import { InvalidInputError } from '@em/core';
import type { MixedModelState } from './model.js';

const fail = (field: string, expected: string, received: unknown): never => {
  throw new InvalidInputError(`json.state.${field}`, expected, received);
};

/** Largest |log-likelihood|: AIC and BIC double it. */
const MAX_LOG_LIKELIHOOD = 1e300;

/** A covariance matrix: variances >= 0, symmetric, correlations within [-1, 1] (to rounding). */
function checkCovariance(field: string, c: number[][]): void {
  const q = c.length;
  for (let a = 0; a < q; a++) {
    if (!(c[a]![a]! >= 0)) fail(`${field}[${a}][${a}]`, 'a variance >= 0', c[a]![a]);
    for (let e = 0; e < a; e++) {
      const x = c[a]![e]!;
      const y = c[e]![a]!;
      const scale = Math.sqrt(c[a]![a]! * c[e]![e]!);
      if (Math.abs(x - y) > 1e-8 * Math.max(scale, Math.abs(x), Math.abs(y), 1e-300))
        fail(`${field}[${a}][${e}]`, `a symmetric matrix: equal to [${e}][${a}], ${y}`, x);
      if (Math.abs(x) > scale * (1 + 1e-8))
        fail(`${field}[${a}][${e}]`, `a covariance with |correlation| <= 1 (at most ${scale})`, x);
    }
  }
}

/**
 * A fit's fixed-effect covariance σ² (Xᵀ V⁻¹ X)⁻¹ is positive definite, so every standard error is > 0,
 * and its estimates have finite t values β / SE (fixedEffects and summary divide by it).
 */
function checkFixedEffects(s: MixedModelState): void {
  s.beta.forEach((beta, a) => {
    const variance = s.vcov[a]![a]!;
    if (!(variance > 0))
      fail(`vcov[${a}][${a}]`, 'a variance > 0 (a fitted fixed effect has a standard error)', variance);
    if (!Number.isFinite(beta / Math.sqrt(variance)))
      fail(`beta[${a}]`, `an estimate whose t value beta / ${Math.sqrt(variance)} is finite`, beta);
  });
}

function integerAtLeast(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    fail(field, `an integer >= ${min}`, value);
  return value as number;
}

/**
 * Checks that the parts of a saved state agree: covariances of the random effects and of the fixed
 * effects are covariance matrices, conditional SDs non-negative, the optimizer's report is one the
 * fit could write, the log-likelihood small enough to double, the heritability a proportion of a
 * factor of the model.
 */
export function checkStateConsistency(s: MixedModelState): void {
  if (Math.abs(s.logLik) > MAX_LOG_LIKELIHOOD)
    fail('logLik', `a log-likelihood with |x| <= ${MAX_LOG_LIKELIHOOD}`, s.logLik);
  checkCovariance('vcov', s.vcov);
  checkFixedEffects(s);
  s.factors.forEach((f, k) => {
    // A matrix fit (no fixedRecipes) reads no table: its factors name no columns.
    if (s.fixedRecipes === null) {
      if (f.groupColumns !== null) fail(`factors[${k}].groupColumns`, 'null (a matrix fit)', f.groupColumns);
      if (f.termRecipes !== null) fail(`factors[${k}].termRecipes`, 'null (a matrix fit)', f.termRecipes);
    }
    if (typeof f.relationship !== 'boolean')
      fail(`factors[${k}].relationship`, 'true or false', f.relationship);
    checkCovariance(`cov[${k}]`, s.cov[k]!);
    s.condSd[k]!.forEach((row, l) => {
      row.forEach((sd, a) => {
        if (!(sd >= 0)) fail(`condSd[${k}][${l}][${a}]`, 'a standard deviation >= 0', sd);
      });
    });
  });
  const o = s.optimizer;
  if (o.method !== 'EM' && o.method !== 'SQUAREM') fail('optimizer.method', "'EM' or 'SQUAREM'", o.method);
  const iterations = integerAtLeast('optimizer.emIterations', o.emIterations, 0);
  integerAtLeast('optimizer.eSteps', o.eSteps, iterations);
  if (typeof o.emConverged !== 'boolean') fail('optimizer.emConverged', 'true or false', o.emConverged);
  if (o.emConverged && iterations === 0)
    fail('optimizer.emConverged', 'false without iterations (emIterations = 0)', o.emConverged);
  if (o.polish !== 'newton' && o.polish !== 'none') fail('optimizer.polish', "'newton' or 'none'", o.polish);
  const steps = integerAtLeast('optimizer.polishIterations', o.polishIterations, 0);
  if (o.polish === 'none' && steps !== 0)
    fail('optimizer.polishIterations', "0 (polish: 'none')", o.polishIterations);
  if (typeof o.polishConverged !== 'boolean')
    fail('optimizer.polishConverged', 'true or false', o.polishConverged);
  const h = s.heritability;
  if (h !== null) {
    if (!s.factors.some((f) => f.name === h.group && f.relationship))
      fail('heritability.group', 'a factor with a relationship matrix', h.group);
    if (!(h.h2 >= 0 && h.h2 <= 1)) fail('heritability.h2', 'a proportion in [0, 1]', h.h2);
    if (!(h.varianceTotal > 0 && h.varianceA >= 0 && h.varianceA <= h.varianceTotal))
      fail('heritability.varianceA', `a variance in [0, varianceTotal = ${h.varianceTotal}]`, h.varianceA);
    if (Math.abs(h.varianceA / h.varianceTotal - h.h2) > 1e-9)
      fail('heritability.h2', `varianceA / varianceTotal = ${h.varianceA / h.varianceTotal}`, h.h2);
    // null when the information matrix is singular.
    if (h.se !== null && !(h.se >= 0 && Number.isFinite(h.se)))
      fail('heritability.se', 'a finite standard error >= 0, or null', h.se);
  }
}
