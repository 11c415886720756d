import { InvalidInputError, InvalidOptionError } from '@em/core';
import { kernelFor } from '../kernels/index.js';
import { COVARIANCE_TYPES, INIT_PARAMS } from '../options.js';
import { covarianceShape, nestCovariance } from '../params.js';
import type { NestedNumbers } from '../serialize.js';
import { flattenShaped } from '../shapes.js';
import type { CovarianceType, InitParams } from '../types.js';
import type { BayesianFittedState } from './bayesian-mixture.js';
import {
  type BayesianGaussianMixtureOptions,
  type ResolvedBayesianOptions,
  WEIGHT_CONCENTRATION_PRIOR_TYPES,
  type WeightConcentrationPriorType,
} from './options.js';
import { expectedWeights } from './variational.js';

const FORMAT = '@em/gaussian/BayesianGaussianMixture';
const VERSION = 1;

/**
 * The JSON form of a {@link BayesianGaussianMixture} (schema version 1). Plain numbers and arrays,
 * so `JSON.stringify` / `JSON.parse` round-trip it exactly; the precision factors are recomputed
 * from the covariances on loading, the same way the fit computed them.
 *
 * @example
 * ```ts
 * import { BayesianGaussianMixture, type BayesianGaussianMixtureJSON } from '@em/gaussian';
 * const json: BayesianGaussianMixtureJSON = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 })
 *   .fit([0, 1, 2, 9, 10, 11])
 *   .toJSON();
 * json.format; // '@em/gaussian/BayesianGaussianMixture'
 * ```
 */
export interface BayesianGaussianMixtureJSON {
  /** Always `'@em/gaussian/BayesianGaussianMixture'`. */
  format: typeof FORMAT;
  /** Schema version, 1. */
  version: typeof VERSION;
  /** The constructor options (without `onIteration`, `signal` and `respInit`); `null` for an unset option. */
  options: {
    nComponents: number;
    covarianceType: CovarianceType;
    tol: number;
    regCovar: number;
    maxIter: number;
    nInit: number;
    initParams: InitParams;
    weightConcentrationPriorType: WeightConcentrationPriorType;
    weightConcentrationPrior: number | null;
    meanPrecisionPrior: number | null;
    meanPrior: number[] | null;
    degreesOfFreedomPrior: number | null;
    covariancePrior: NestedNumbers | number | null;
    randomState: number | null;
    warmStart: boolean;
  };
  /** The fitted posterior and fit summary, `null` for a model that was never fitted. */
  fitted: null | {
    nFeatures: number;
    /** Derived from `weightConcentration`; checked against it on loading. */
    weights: number[];
    /** Dirichlet process: `[a, b]`, two arrays of nComponents; Dirichlet distribution: nComponents. */
    weightConcentration: number[] | number[][];
    meanPrecision: number[];
    means: number[][];
    degreesOfFreedom: number[];
    covariances: NestedNumbers;
    converged: boolean;
    nIter: number;
    /** `null` stands for −∞ (no iteration ran), which JSON cannot hold. */
    lowerBound: number | null;
    history: number[];
  };
}

const nested = (value: unknown): NestedNumbers =>
  (ArrayBuffer.isView(value)
    ? Array.from(value as Float64Array)
    : (value as unknown[]).map((item) => (typeof item === 'number' ? item : nested(item)))) as NestedNumbers;

/** Serialises options and the fitted state. */
export function bayesianToJSON(
  options: ResolvedBayesianOptions,
  state: BayesianFittedState | undefined,
): BayesianGaussianMixtureJSON {
  const prior = options.covariancePrior;
  return {
    format: FORMAT,
    version: VERSION,
    options: {
      nComponents: options.nComponents,
      covarianceType: options.covarianceType,
      tol: options.tol,
      regCovar: options.regCovar,
      maxIter: options.maxIter,
      nInit: options.nInit,
      initParams: options.initParams,
      weightConcentrationPriorType: options.weightConcentrationPriorType,
      weightConcentrationPrior: options.weightConcentrationPrior ?? null,
      meanPrecisionPrior: options.meanPrecisionPrior ?? null,
      meanPrior: options.meanPrior === undefined ? null : Array.from(options.meanPrior),
      degreesOfFreedomPrior: options.degreesOfFreedomPrior ?? null,
      covariancePrior: prior === undefined ? null : typeof prior === 'number' ? prior : nested(prior),
      randomState: options.randomState ?? null,
      warmStart: options.warmStart,
    },
    fitted: state
      ? (() => {
          const { params } = state;
          const { covarianceType: type, nComponents: k, nFeatures: d } = params;
          const conc = params.weightConcentration;
          return {
            nFeatures: d,
            weights: Array.from(state.weights),
            weightConcentration:
              params.weightConcentrationPriorType === 'dirichlet_process'
                ? [Array.from(conc.subarray(0, k)), Array.from(conc.subarray(k))]
                : Array.from(conc),
            meanPrecision: Array.from(params.meanPrecision),
            means: Array.from({ length: k }, (_, c) => Array.from(params.means.subarray(c * d, (c + 1) * d))),
            degreesOfFreedom: Array.from(params.degreesOfFreedom),
            covariances: nestCovariance(params.covariances, type, k, d),
            converged: state.converged,
            nIter: state.nIter,
            lowerBound: Number.isFinite(state.lowerBound) ? state.lowerBound : null,
            history: state.history.slice(),
          };
        })()
      : null,
  };
}

function fail(path: string, expected: string, received: unknown): never {
  throw new InvalidInputError(`json${path}`, expected, received);
}

function record(path: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!keys.includes(key)) fail(`${path}.${key}`, `no such field (known: ${keys.join(', ')})`, object[key]);
  }
  for (const key of keys) if (!(key in object)) fail(`${path}.${key}`, 'a field that is present', undefined);
  return object;
}

const OPTION_KEYS = [
  'nComponents',
  'covarianceType',
  'tol',
  'regCovar',
  'maxIter',
  'nInit',
  'initParams',
  'weightConcentrationPriorType',
  'weightConcentrationPrior',
  'meanPrecisionPrior',
  'meanPrior',
  'degreesOfFreedomPrior',
  'covariancePrior',
  'randomState',
  'warmStart',
] as const;
const FITTED_KEYS = [
  'nFeatures',
  'weights',
  'weightConcentration',
  'meanPrecision',
  'means',
  'degreesOfFreedom',
  'covariances',
  'converged',
  'nIter',
  'lowerBound',
  'history',
] as const;

/**
 * Parses and strictly validates a {@link BayesianGaussianMixtureJSON}: format, version, every
 * field's type and shape, positivity, and that `weights` agree with `weightConcentration`.
 */
export function bayesianFromJSON(json: unknown): {
  options: BayesianGaussianMixtureOptions;
  state: Omit<BayesianFittedState, 'weights'> | undefined;
} {
  const root = record('', json, ['format', 'version', 'options', 'fitted']);
  if (root.format !== FORMAT) fail('.format', `'${FORMAT}'`, root.format);
  if (root.version !== VERSION) fail('.version', `schema version ${VERSION}`, root.version);
  const o = record('.options', root.options, OPTION_KEYS);
  if (!COVARIANCE_TYPES.includes(o.covarianceType as CovarianceType)) {
    fail('.options.covarianceType', COVARIANCE_TYPES.join(' | '), o.covarianceType);
  }
  if (!INIT_PARAMS.includes(o.initParams as InitParams))
    fail('.options.initParams', INIT_PARAMS.join(' | '), o.initParams);
  const priorType = o.weightConcentrationPriorType as WeightConcentrationPriorType;
  if (!WEIGHT_CONCENTRATION_PRIOR_TYPES.includes(priorType)) {
    fail('.options.weightConcentrationPriorType', WEIGHT_CONCENTRATION_PRIOR_TYPES.join(' | '), priorType);
  }
  const options: BayesianGaussianMixtureOptions = {
    nComponents: o.nComponents as number,
    covarianceType: o.covarianceType as CovarianceType,
    tol: o.tol as number,
    regCovar: o.regCovar as number,
    maxIter: o.maxIter as number,
    nInit: o.nInit as number,
    initParams: o.initParams as InitParams,
    weightConcentrationPriorType: priorType,
    warmStart: o.warmStart as boolean,
  };
  if (o.weightConcentrationPrior !== null)
    options.weightConcentrationPrior = o.weightConcentrationPrior as number;
  if (o.meanPrecisionPrior !== null) options.meanPrecisionPrior = o.meanPrecisionPrior as number;
  if (o.meanPrior !== null) options.meanPrior = o.meanPrior as number[];
  if (o.degreesOfFreedomPrior !== null) options.degreesOfFreedomPrior = o.degreesOfFreedomPrior as number;
  if (o.covariancePrior !== null) options.covariancePrior = o.covariancePrior as number;
  if (o.randomState !== null) options.randomState = o.randomState as number;
  if (root.fitted === null) return { options, state: undefined };

  const f = record('.fitted', root.fitted, FITTED_KEYS);
  const k = o.nComponents;
  const type = o.covarianceType as CovarianceType;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1)
    fail('.options.nComponents', 'an integer >= 1', k);
  const d = f.nFeatures;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) fail('.fitted.nFeatures', 'an integer >= 1', d);
  const read = (field: string, shape: number[], label: string) => {
    try {
      return flattenShaped(`json.fitted.${field}`, f[field], shape, label);
    } catch (error) {
      // flattenShaped names the field (and entry); report it as bad input rather than a bad option.
      if (error instanceof InvalidOptionError)
        throw new InvalidInputError(error.option, error.expected, error.received);
      throw error;
    }
  };
  const positives = (field: string, values: Float64Array, min = 0, rows = 1) => {
    const cols = values.length / rows;
    values.forEach((v, i) => {
      const at = rows > 1 ? `[${Math.floor(i / cols)}][${i % cols}]` : `[${i}]`;
      if (!(v > min)) fail(`.fitted.${field}${at}`, `a number > ${min}`, v);
    });
  };

  const dp = priorType === 'dirichlet_process';
  const weightConcentration = read(
    'weightConcentration',
    dp ? [2, k] : [k],
    dp ? '2 × nComponents' : 'nComponents',
  );
  positives('weightConcentration', weightConcentration, 0, dp ? 2 : 1);
  const meanPrecision = read('meanPrecision', [k], 'nComponents');
  positives('meanPrecision', meanPrecision);
  const means = read('means', [k, d], 'nComponents × nFeatures');
  const degreesOfFreedom = read('degreesOfFreedom', [k], 'nComponents');
  positives('degreesOfFreedom', degreesOfFreedom, d - 1);
  if (type === 'tied' && degreesOfFreedom.some((v) => v !== degreesOfFreedom[0])) {
    fail('.fitted.degreesOfFreedom', 'equal values for a tied covariance', Array.from(degreesOfFreedom));
  }
  const { shape, label } = covarianceShape(type, k, d);
  const covariances = read('covariances', shape, label);
  const precisionsCholesky = new Float64Array(covariances.length);
  if (kernelFor(type, d).precisionCholesky(covariances, k, d, precisionsCholesky) >= 0) {
    fail('.fitted.covariances', 'positive-definite covariances', 'a covariance that is not');
  }
  const params = {
    covarianceType: type,
    weightConcentrationPriorType: priorType,
    nComponents: k,
    nFeatures: d,
    weightConcentration,
    meanPrecision,
    means,
    degreesOfFreedom,
    covariances,
    precisionsCholesky,
  };
  const weights = read('weights', [k], 'nComponents');
  const implied = expectedWeights(params);
  weights.forEach((w, c) => {
    if (!(Math.abs(w - implied[c]!) <= 1e-9 * Math.max(1e-300, implied[c]!) + 1e-15)) {
      fail(`.fitted.weights[${c}]`, `${implied[c]} (the weight implied by weightConcentration)`, w);
    }
  });
  if (typeof f.converged !== 'boolean') fail('.fitted.converged', 'a boolean', f.converged);
  if (typeof f.nIter !== 'number' || !Number.isInteger(f.nIter) || f.nIter < 0) {
    fail('.fitted.nIter', 'an integer >= 0', f.nIter);
  }
  if (f.lowerBound !== null && (typeof f.lowerBound !== 'number' || !Number.isFinite(f.lowerBound))) {
    fail('.fitted.lowerBound', 'a finite number or null', f.lowerBound);
  }
  if (!Array.isArray(f.history)) fail('.fitted.history', 'an array of numbers', f.history);
  const history = f.history as unknown[];
  history.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`.fitted.history[${i}]`, 'a finite number', v);
  });
  return {
    options,
    state: {
      params,
      converged: f.converged,
      nIter: f.nIter,
      lowerBound: f.lowerBound === null ? Number.NEGATIVE_INFINITY : (f.lowerBound as number),
      history: history as number[],
    },
  };
}
