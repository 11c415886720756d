import { InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import { type DataInput, type FlatMatrix, mulberry32, toFlatMatrix } from '@em/core/numeric';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { SingularCovarianceError } from '../errors.js';
import { parametersFromResponsibilities } from '../init/initialize.js';
import { kernelFor } from '../kernels/index.js';
import type { HcModel } from './hc.js';
import { hcResponsibilities } from './hc-init.js';
import type { HcUse } from './hc-transform.js';

/** Σ log(range) over the columns of an n × q row-major matrix. */
function logRangeVolume(data: ArrayLike<number>, n: number, q: number): number {
  let total = 0;
  for (let j = 0; j < q; j++) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = data[i * q + j]!;
      if (x < low) low = x;
      if (x > high) high = x;
    }
    total += Math.log(high - low);
  }
  return total;
}

/**
 * The volume of the region the data occupy, as mclust's `hypvol`: the smaller of the bounding box of
 * the variables and the bounding box of the principal components (one column: the range). The noise
 * component's density is its reciprocal.
 *
 * @param X Data, n × p.
 * @throws InvalidInputError for fewer than 2 rows or non-finite values.
 *
 * @example
 * ```ts
 * import { hypervolume } from '@em/gaussian';
 * hypervolume([[0, 0], [2, 0], [0, 3], [2, 3]]); // 6
 * hypervolume([1, 4, 2]); // 3
 * ```
 */
export function hypervolume(X: DataInput): number {
  const data = toFlatMatrix(X, 'X');
  const { rows: n, cols: p } = data;
  if (n < 2) throw new InvalidInputError('X', 'at least 2 rows', `${n} row${n === 1 ? '' : 's'}`);
  if (p === 1) return Math.max(...data.data) - Math.min(...data.data);
  const box = logRangeVolume(data.data, n, p);
  // Principal components of the centred data (princomp: eigenvectors of the ML covariance).
  const centred = new Matrix(n, p);
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data.data[i * p + j]!;
    mean /= n;
    for (let i = 0; i < n; i++) centred.set(i, j, data.data[i * p + j]! - mean);
  }
  const covariance = centred.transpose().mmul(centred).div(n);
  const vectors = new EigenvalueDecomposition(covariance, { assumeSymmetric: true }).eigenvectorMatrix;
  const scores = centred.mmul(vectors);
  const components = logRangeVolume(scores.to1DArray(), n, p);
  return Math.exp(Math.min(box, components));
}

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

function validate(X: FlatMatrix, options: NoiseMixtureOptions) {
  const { nComponents: k, noise } = options;
  if (!Number.isInteger(k) || k < 1) throw new InvalidOptionError('nComponents', 'an integer >= 1', k);
  if (!noise || typeof noise.length !== 'number' || noise.length !== X.rows) {
    throw new InvalidOptionError('noise', `${X.rows} booleans, one per row of X`, noise);
  }
  let count = 0;
  for (let i = 0; i < noise.length; i++) {
    if (typeof noise[i] !== 'boolean') throw new InvalidOptionError(`noise[${i}]`, 'a boolean', noise[i]);
    if (noise[i]) count++;
  }
  if (X.rows - count < k) {
    throw new InvalidOptionError(
      'noise',
      `at most ${X.rows - k} rows marked (nComponents = ${k} need rows)`,
      count,
    );
  }
  const tol = options.tol ?? 1e-5;
  if (!(tol >= 0)) throw new InvalidOptionError('tol', 'a number >= 0', options.tol);
  const maxIter = options.maxIter ?? 10_000;
  if (!Number.isInteger(maxIter) || maxIter < 1)
    throw new InvalidOptionError('maxIter', 'an integer >= 1', maxIter);
  const volume = options.volume ?? hypervolume(X);
  if (!(volume > 0) || !Number.isFinite(volume)) {
    throw new InvalidOptionError('volume', 'a finite number > 0 (the data span no volume)', volume);
  }
  return { k, tol, maxIter, volume };
}

/**
 * EM for a mixture of k Gaussians with full covariances (mclust's VVV) and a uniform noise component
 * over the data's hypervolume, as mclust's `Mclust(X, G = k, modelNames = "VVV",
 * initialization = list(noise = guess))`: the rows not guessed as noise are agglomerated (mclust's
 * `hc`) and cut into k classes, the guessed rows start in the noise component, and EM runs from that
 * M-step until the log-likelihood's relative change is at most `tol`.
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
  const { rows: n, cols: p } = data;
  const { k, tol, maxIter, volume } = validate(data, options);
  const kernel = kernelFor('full', p);
  const K = k + 1;

  // Initial responsibilities: hc classes on the rows not guessed as noise, noise for the others.
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!options.noise[i]) keep.push(i);
  const clean = new Float64Array(keep.length * p);
  keep.forEach((row, t) => {
    clean.set(data.data.subarray(row * p, row * p + p), t * p);
  });
  const start = hcResponsibilities(
    { data: clean, rows: keep.length, cols: p },
    k,
    {
      model: options.hcModel,
      use: options.hcUse,
    },
    mulberry32(0),
  );
  const z = new Float64Array(n * K);
  for (let i = 0; i < n; i++) if (options.noise[i]) z[i * K + k] = 1;
  keep.forEach((row, t) => {
    for (let c = 0; c < k; c++) z[row * K + c] = start[t * k + c]!;
  });

  const logNoiseDensity = -Math.log(volume);
  const gaussianResp = new Float64Array(n * k);
  const logProb = new Float64Array(n * k);
  let logLikelihood = Number.NEGATIVE_INFINITY;
  let params: ReturnType<typeof parametersFromResponsibilities> = {
    weights: new Float64Array(k),
    means: new Float64Array(k * p),
    covariances: new Float64Array(k * p * p),
  };
  let noiseWeight = 0;
  let nIter = 0;
  let converged = false;
  while (nIter < maxIter) {
    nIter++;
    // M-step: the Gaussians from their columns of z, every proportion from its column mean.
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) gaussianResp[i * k + c] = z[i * K + c]!;
    params = parametersFromResponsibilities(kernel, data, k, gaussianResp, 0);
    noiseWeight = 0;
    for (let i = 0; i < n; i++) noiseWeight += z[i * K + k]!;
    noiseWeight /= n;
    const precisionsCholesky = new Float64Array(params.covariances.length);
    const failed = kernel.precisionCholesky(params.covariances, k, p, precisionsCholesky);
    if (failed >= 0) throw new SingularCovarianceError(failed, nIter, 'full');
    // E-step with the noise column.
    kernel.estimateLogProb(data.data, n, p, k, params.means, precisionsCholesky, logProb);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let max = Math.log(noiseWeight) + logNoiseDensity;
      z[i * K + k] = max;
      for (let c = 0; c < k; c++) {
        const value = Math.log(params.weights[c]!) + logProb[i * k + c]!;
        z[i * K + c] = value;
        if (value > max) max = value;
      }
      let sum = 0;
      for (let c = 0; c < K; c++) sum += Math.exp(z[i * K + c]! - max);
      const norm = max + Math.log(sum);
      for (let c = 0; c < K; c++) z[i * K + c] = Math.exp(z[i * K + c]! - norm);
      total += norm;
    }
    if (!Number.isFinite(total)) {
      throw new NumericalError(
        `The log-likelihood is ${total} at iteration ${nIter}.`,
        'check the noise guess',
      );
    }
    const change = Math.abs(total - logLikelihood) / (1 + Math.abs(total));
    logLikelihood = total;
    if (change <= tol) {
      converged = true;
      break;
    }
  }

  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (z[i * K + c]! > z[i * K + best]!) best = c;
    labels[i] = best === k ? -1 : best;
  }
  const parameters = (k * p * (p + 1)) / 2 + k * p + (k - 1) + 2;
  return {
    weights: [...Array.from(params.weights), noiseWeight],
    means: Array.from({ length: k }, (_, c) => Array.from(params.means.subarray(c * p, c * p + p))),
    covariances: Array.from({ length: k }, (_, c) =>
      Array.from({ length: p }, (_, i) =>
        Array.from(params.covariances.subarray(c * p * p + i * p, c * p * p + i * p + p)),
      ),
    ),
    volume,
    logLikelihood,
    bic: 2 * logLikelihood - parameters * Math.log(n),
    labels,
    responsibilities: z,
    nIter,
    converged,
  };
}
