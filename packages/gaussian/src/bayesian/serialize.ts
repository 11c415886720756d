import { COVARIANCE_TYPES, INIT_PARAMS } from '../options.js';
import { nestCovariance } from '../params.js';
import type { NestedNumbers } from '../serialize.js';
import type { CovarianceType, InitParams } from '../types.js';
import {
  fail,
  readCovariances,
  readDimensions,
  readFitSummary,
  readRoot,
  readShaped,
  record,
  requireAbove,
  toNested,
  validatedOptions,
} from '../validate-json.js';
import type { BayesianFittedState } from './bayesian-mixture.js';
import {
  type BayesianGaussianMixtureOptions,
  type ResolvedBayesianOptions,
  resolveBayesianOptions,
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
    /** Set when `history` keeps only the latest entries; absent otherwise (older files). */
    historyLimit?: number;
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

const nested = toNested;

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
      ...(options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit }),
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
  const root = readRoot(json, FORMAT, VERSION);
  const o = record('.options', root.options, OPTION_KEYS, ['historyLimit']);
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
  if (o.historyLimit !== undefined) options.historyLimit = o.historyLimit as number;
  validatedOptions(options, resolveBayesianOptions);
  if (root.fitted === null) return { options, state: undefined };

  const f = record('.fitted', root.fitted, FITTED_KEYS);
  const type = o.covarianceType as CovarianceType;
  const { k, d } = readDimensions(o, f);
  checkPriorsAgainstFeatures(options, d);

  const dp = priorType === 'dirichlet_process';
  const weightConcentration = readShaped(
    f,
    'weightConcentration',
    dp ? [2, k] : [k],
    dp ? '2 × nComponents' : 'nComponents',
  );
  requireAbove('weightConcentration', weightConcentration, 0, dp ? 2 : 1);
  const meanPrecision = readShaped(f, 'meanPrecision', [k], 'nComponents');
  requireAbove('meanPrecision', meanPrecision);
  const means = readShaped(f, 'means', [k, d], 'nComponents × nFeatures');
  const degreesOfFreedom = readShaped(f, 'degreesOfFreedom', [k], 'nComponents');
  requireAbove('degreesOfFreedom', degreesOfFreedom, d - 1);
  if (type === 'tied' && degreesOfFreedom.some((v) => v !== degreesOfFreedom[0])) {
    fail('.fitted.degreesOfFreedom', 'equal values for a tied covariance', Array.from(degreesOfFreedom));
  }
  const { covariances, precisionsCholesky } = readCovariances(f, type, k, d);
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
  const weights = readShaped(f, 'weights', [k], 'nComponents');
  const implied = expectedWeights(params);
  weights.forEach((w, c) => {
    if (!(Math.abs(w - implied[c]!) <= 1e-9 * Math.max(1e-300, implied[c]!) + 1e-15)) {
      fail(`.fitted.weights[${c}]`, `${implied[c]} (the weight implied by weightConcentration)`, w);
    }
  });
  const { converged, nIter, lowerBound, history } = readFitSummary(
    f,
    options.maxIter as number,
    options.historyLimit,
  );
  return {
    options,
    state: {
      params,
      converged,
      nIter,
      lowerBound,
      history,
    },
  };
}

/** Priors whose validity depends on the number of features the model was fitted on. */
function checkPriorsAgainstFeatures(options: BayesianGaussianMixtureOptions, d: number): void {
  const { meanPrior, degreesOfFreedomPrior } = options;
  if (meanPrior !== undefined && meanPrior.length !== d)
    fail('.options.meanPrior', `nFeatures = ${d} numbers`, `${meanPrior.length} numbers`);
  if (degreesOfFreedomPrior !== undefined && !(degreesOfFreedomPrior > d - 1))
    fail('.options.degreesOfFreedomPrior', `a number > nFeatures − 1 = ${d - 1}`, degreesOfFreedomPrior);
}
