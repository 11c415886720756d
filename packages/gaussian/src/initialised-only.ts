import { EMError } from '@em/core';

/**
 * Reading `lowerBound` from a model that holds only its initial parameters (`maxIter: 0`): no EM
 * iteration ran, so there is no lower bound to report (scikit-learn's `lower_bound_` is −∞ there,
 * a sentinel that looks like a result). The parameters themselves (`means`, `predict`, …) are
 * usable; `nIter` is 0, `converged` false and `history` empty.
 *
 * @example
 * ```ts
 * import { GaussianMixture, NoIterationError } from '@em/gaussian';
 * const gmm = new GaussianMixture({ nComponents: 2, maxIter: 0, randomState: 0 }).fit([0, 1, 9, 10]);
 * try {
 *   gmm.lowerBound;
 * } catch (error) {
 *   error instanceof NoIterationError; // true
 * }
 * ```
 */
export class NoIterationError extends EMError {
  /** `'NoIterationError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'NoIterationError';
  constructor(model: string, property: string) {
    super(
      'NOT_FITTED',
      `This ${model} holds its initial parameters only (maxIter: 0): no EM iteration ran, so it has no ${property}. Fit with maxIter >= 1.`,
    );
  }
}

/** The state of a model initialised without iterating (`maxIter: 0`). */
export function initialisedOnly<P>(params: P) {
  return {
    params,
    converged: false,
    nIter: 0,
    lowerBound: Number.NEGATIVE_INFINITY,
    history: [] as number[],
  };
}

/** `state` if at least one EM iteration produced it; otherwise {@link NoIterationError}. */
export function requireLowerBound<S extends { nIter: number }>(state: S, model: string): S {
  if (state.nIter === 0) throw new NoIterationError(model, 'lowerBound');
  return state;
}
