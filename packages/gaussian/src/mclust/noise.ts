import { InvalidOptionError } from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import { GaussianMixture } from '../gaussian-mixture.js';
import type { HcModel } from './hc.js';
import type { HcUse } from './hc-transform.js';

export { hypervolume } from './noise/hypervolume.js';

/**
 * Options of {@link fitNoiseMixture}.
 *
 * @example
 * ```ts
 * import type { NoiseMixtureOptions } from '@em/gaussian';
 * const options: NoiseMixtureOptions = { nComponents: 2, noise: [false, false, false, true] };
 * ```
 */
export interface NoiseMixtureOptions {
  /** Number of Gaussian components (the noise component comes on top). */
  nComponents: number;
  /** The initial noise guess: `true` for each row thought to be noise (mclust's `initialization$noise`). */
  noise: ArrayLike<boolean>;
  /** Stop when the log-likelihood changes by at most tol·(1 + |log L|). Default 1e-5, mclust's. */
  tol?: number;
  /** Most EM iterations. Default 10 000. */
  maxIter?: number;
  /** Volume of the noise's uniform density. Default {@link hypervolume} of X. */
  volume?: number;
  /** Agglomeration that starts the Gaussian components (see `initParams: 'hc'`). */
  hcModel?: HcModel;
  /** Data transformation of that agglomeration. Default `'SVD'`. */
  hcUse?: HcUse;
}

/**
 * A Gaussian mixture (full covariances, mclust's VVV) plus uniform noise, from {@link fitNoiseMixture}.
 *
 * @example
 * ```ts
 * import { fitNoiseMixture, type NoiseMixtureFit } from '@em/gaussian';
 * const X = [[0, 0], [0.2, 0.1], [0.1, 0.3], [0.3, 0.2], [5, 5], [5.2, 5.1], [5.1, 4.8], [4.9, 5.2], [9, 0]];
 * const fit: NoiseMixtureFit = fitNoiseMixture(X, { nComponents: 2, noise: X.map((_, i) => i === 8) });
 * Array.from(fit.labels); // [0, 0, 0, 0, 1, 1, 1, 1, -1]
 * ```
 */
export interface NoiseMixtureFit {
  /** Mixing proportions: the k Gaussian components, then the noise (length k + 1). */
  weights: number[];
  /** Component means, k × p. */
  means: number[][];
  /** Component covariances, k × p × p. */
  covariances: number[][][];
  /** The noise density's volume; its density is 1 / volume (mclust's 1 / Vinv). */
  volume: number;
  /** Total log-likelihood (mclust's `loglik`). */
  logLikelihood: number;
  /** mclust's BIC, 2 log L − (parameters) log n: higher is better; the noise counts two parameters. */
  bic: number;
  /** Most probable component per row, −1 for noise (mclust labels noise 0). */
  labels: Int32Array;
  /** Posterior probabilities, n × (k + 1), noise last. */
  responsibilities: Float64Array;
  /** EM iterations run. */
  nIter: number;
  /** Whether the relative change of the log-likelihood fell below `tol` before `maxIter`. */
  converged: boolean;
}

/**
 * EM for a mixture of k Gaussians with full covariances (mclust's VVV) and a uniform noise component
 * over the data's hypervolume, as mclust's `Mclust(X, G = k, modelNames = "VVV",
 * initialization = list(noise = guess))`: the rows not guessed as noise are agglomerated (mclust's
 * `hc`) and cut into k classes, the guessed rows start in the noise component, and EM runs from that
 * M-step until the log-likelihood's relative change is at most `tol`. A shorthand for
 * `new GaussianMixture({ nComponents: k, covarianceType: 'VVV', initParams: 'hc', noise })`, which
 * fits the noise component with any of the 14 models.
 *
 * @param X Data, n × p.
 * @throws InvalidInputError for bad data; InvalidOptionError for bad options (the noise guess must
 *   have one boolean per row and leave at least k rows); SingularCovarianceError when a component
 *   collapses; NumericalError when the likelihood stops being finite.
 *
 * @example
 * ```ts
 * import { fitNoiseMixture } from '@em/gaussian';
 * const X = [[0, 0], [0.2, 0.1], [0.1, 0.3], [0.3, 0.2], [5, 5], [5.2, 5.1], [5.1, 4.8], [4.9, 5.2], [9, 0]];
 * const noise = [false, false, false, false, false, false, false, false, true];
 * const fit = fitNoiseMixture(X, { nComponents: 2, noise });
 * fit.labels[8]; // -1 (noise)
 * fit.weights.length; // 3
 * ```
 */
export function fitNoiseMixture(X: DataInput, options: NoiseMixtureOptions): NoiseMixtureFit {
  const data = toFlatMatrix(X, 'X');
  const { nComponents, noise, tol = 1e-5, maxIter = 10_000, volume, hcModel, hcUse } = options;
  if (!Number.isInteger(nComponents) || nComponents < 1)
    throw new InvalidOptionError('nComponents', 'an integer >= 1', nComponents);
  const gmm = new GaussianMixture({
    nComponents,
    covarianceType: 'VVV',
    initParams: 'hc',
    randomState: 0,
    noise,
    tol,
    maxIter,
    ...(volume === undefined ? {} : { noiseVolume: volume }),
    ...(hcModel === undefined ? {} : { hcModel }),
    ...(hcUse === undefined ? {} : { hcUse }),
  }).fit(data);
  const proba = gmm.predictProba(data);
  return {
    weights: [...gmm.weights, gmm.noiseWeight!],
    means: gmm.means,
    covariances: gmm.covariances as number[][][],
    volume: gmm.noiseVolume!,
    logLikelihood: gmm.lowerBound * data.rows,
    bic: -gmm.bic(data),
    labels: gmm.predict(data),
    responsibilities: Float64Array.from(proba.flat()),
    nIter: gmm.nIter,
    converged: gmm.converged,
  };
}
