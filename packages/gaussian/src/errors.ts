import { NumericalError } from '@em/core';
import { singularRemedies } from './singular-advice.js';

/**
 * A component's covariance cannot be factored (not positive definite): typically a component that
 * collapsed onto one point or onto a line, or duplicated samples. Names the component and the
 * iteration, like scikit-learn's "ill-defined empirical covariance" error.
 *
 * @example
 * ```ts
 * import { GaussianMixture, SingularCovarianceError } from '@em/gaussian';
 * try {
 *   new GaussianMixture({ nComponents: 2, regCovar: 0 }).fit([[0, 0], [0, 0], [1, 1], [1, 1]]);
 * } catch (error) {
 *   error instanceof SingularCovarianceError; // true
 *   if (error instanceof SingularCovarianceError) console.log(error.component, error.iteration);
 * }
 * ```
 */
export class SingularCovarianceError extends NumericalError {
  /** `'SingularCovarianceError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'SingularCovarianceError';
  /** 0-based index of the component (0 for a tied covariance). */
  readonly component: number;
  /** EM iteration (1-based) whose M-step produced it; 0 during initialisation. */
  readonly iteration: number;

  constructor(component: number, iteration: number, covarianceType: string) {
    const shared = covarianceType === 'tied' || covarianceType === 'EEE';
    const which = shared ? 'The tied covariance' : `Component ${component}`;
    const when = iteration === 0 ? 'at initialisation' : `after iteration ${iteration}`;
    super(
      `${which} has an ill-defined (not positive-definite) covariance ${when}, caused for instance by singleton or collapsed samples.`,
      singularRemedies([covarianceType], ['use fewer components']),
    );
    this.component = component;
    this.iteration = iteration;
  }
}
