import type { FittedState } from './gaussian-mixture.js';
import type { HcModel } from './mclust/hc.js';
import type { HcUse } from './mclust/hc-transform.js';
import { layoutOf } from './mclust/models.js';
import { type NoiseJSON, readNoiseJSON } from './mclust/noise/serialize.js';
import type { PriorOption } from './mclust/prior/option.js';
import {
  COVARIANCE_MODELS,
  INIT_PARAMS,
  type ResolvedMixtureOptions,
  resolveMixtureOptions,
} from './options.js';
import { covarianceShape, nestCovariance, WEIGHT_SUM_TOLERANCE } from './params.js';
import type {
  CovarianceInit,
  CovarianceModel,
  CovarianceType,
  GaussianMixtureOptions,
  InitParams,
} from './types.js';
import {
  fail,
  readCovariances,
  readDimensions,
  readFitSummary,
  readRoot,
  readShaped,
  record,
  toNested,
  validatedOptions,
} from './validate-json.js';

/**
 * The `format` field of a serialised `GaussianMixture`.
 *
 * @example
 * ```ts
 * import { MIXTURE_FORMAT } from '@em/gaussian';
 * const isMixture = (json: { format?: unknown }) => json.format === MIXTURE_FORMAT;
 * ```
 */
export const MIXTURE_FORMAT = '@em/gaussian/GaussianMixture';
/**
 * The schema version written by `toJSON`; `fromJSON` reads this version and rejects others.
 *
 * @example
 * ```ts
 * import { MIXTURE_SCHEMA_VERSION } from '@em/gaussian';
 * MIXTURE_SCHEMA_VERSION; // 1
 * ```
 */
export const MIXTURE_SCHEMA_VERSION = 1;

/**
 * The JSON form of a {@link GaussianMixture} (schema version 1). Plain numbers and arrays, so
 * `JSON.stringify` / `JSON.parse` round-trip it exactly.
 *
 * @example
 * ```ts
 * import { GaussianMixture, type GaussianMixtureJSON } from '@em/gaussian';
 * const json: GaussianMixtureJSON = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 9, 10]).toJSON();
 * json.version; // 1
 * ```
 */
export interface GaussianMixtureJSON {
  /** Always {@link MIXTURE_FORMAT}. */
  format: typeof MIXTURE_FORMAT;
  /** Schema version, {@link MIXTURE_SCHEMA_VERSION}. */
  version: typeof MIXTURE_SCHEMA_VERSION;
  /** The constructor options (without `onIteration` and `signal`); `null` for an unset option. */
  options: {
    nComponents: number;
    covarianceType: CovarianceModel;
    tol: number;
    regCovar: number;
    maxIter: number;
    nInit: number;
    initParams: InitParams;
    randomState: number | null;
    warmStart: boolean;
    weightsInit: number[] | null;
    meansInit: number[][] | null;
    precisionsInit: NestedNumbers | null;
    covariancesInit: NestedNumbers | null;
    /** `'em'` when the model fits missing values; absent for the default `'error'` (older files). */
    missing?: 'em';
    /** The agglomeration of `initParams: 'hc'`, when set. */
    hcModel?: HcModel;
    hcUse?: HcUse;
    /** Set when `history` keeps only the latest entries; absent otherwise (older files). */
    historyLimit?: number;
    /** mclust's conjugate prior, when set (`'default'` or the hyperparameters given); absent otherwise. */
    prior?: 'default' | { shrinkage?: number; mean?: number[]; dof?: number; scale?: number | number[][] };
    /** The initial noise guess, for models with a noise component; absent otherwise. */
    noise?: boolean[];
    /** The noise volume given as an option, when one was. */
    noiseVolume?: number;
  };
  /** The fitted parameters and fit summary, `null` for a model that was never fitted. */
  fitted: null | {
    nFeatures: number;
    weights: number[];
    means: number[][];
    /** Shaped by covariance type; `null` when only precisions are known (`maxIter: 0` with `precisionsInit`). */
    covariances: NestedNumbers | null;
    precisionsCholesky: NestedNumbers;
    converged: boolean;
    nIter: number;
    /** `null` stands for −∞ (no iteration ran), which JSON cannot hold. */
    lowerBound: number | null;
    history: number[];
    /** The noise component, for models fitted with `noise` (then `weights` sum to 1 − its weight). */
    noise?: NoiseJSON;
  };
  /**
   * Optional: the names of the data's columns, one per feature, written by tools that know them
   * (`em fit --json`) so that files they write later keep the names. `fromJSON` checks them and the
   * model itself does not use them; files without the field stay valid.
   */
  featureNames?: string[];
}

/**
 * Numbers nested one to three deep: scikit-learn-shaped covariance arrays.
 *
 * @example
 * ```ts
 * import type { NestedNumbers } from '@em/gaussian';
 * const spherical: NestedNumbers = [1, 2];
 * const full: NestedNumbers = [[[1, 0], [0, 1]]];
 * ```
 */
export type NestedNumbers = number[] | number[][] | number[][][];

const nested = toNested;

/** Serialises options and the fitted state. */
export function mixtureToJSON(
  options: ResolvedMixtureOptions,
  state: FittedState | undefined,
): GaussianMixtureJSON {
  const means = (value: unknown) =>
    value === undefined
      ? null
      : (nested(value) as number[][] | number[]).map((row) => (typeof row === 'number' ? [row] : row));
  return {
    format: MIXTURE_FORMAT,
    version: MIXTURE_SCHEMA_VERSION,
    options: {
      nComponents: options.nComponents,
      covarianceType: options.covarianceType,
      tol: options.tol,
      regCovar: options.regCovar,
      maxIter: options.maxIter,
      nInit: options.nInit,
      initParams: options.initParams,
      randomState: options.randomState ?? null,
      warmStart: options.warmStart,
      weightsInit: options.weightsInit === undefined ? null : Array.from(options.weightsInit),
      meansInit: means(options.meansInit) as number[][] | null,
      precisionsInit: options.precisionsInit === undefined ? null : nested(options.precisionsInit),
      covariancesInit: options.covariancesInit === undefined ? null : nested(options.covariancesInit),
      ...(options.missing === 'em' ? { missing: 'em' as const } : {}),
      ...(options.hcModel === undefined ? {} : { hcModel: options.hcModel }),
      ...(options.hcUse === undefined ? {} : { hcUse: options.hcUse }),
      ...(options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit }),
      ...(options.prior === undefined ? {} : { prior: priorToJSON(options.prior) }),
      // A NoiseRule (a function) has no JSON: the fitted noise component is stored without it.
      ...(options.noise === undefined || typeof options.noise === 'function'
        ? {}
        : { noise: Array.from(options.noise) }),
      ...(options.noiseVolume === undefined ? {} : { noiseVolume: options.noiseVolume }),
    },
    fitted: state
      ? (() => {
          const { params } = state;
          const { covarianceType: type, nComponents: k, nFeatures: d } = params;
          return {
            nFeatures: d,
            weights: Array.from(params.weights),
            means: Array.from({ length: k }, (_, c) => Array.from(params.means.subarray(c * d, (c + 1) * d))),
            covariances: params.covariances ? nestCovariance(params.covariances, type, k, d) : null,
            precisionsCholesky: nestCovariance(params.precisionsCholesky, type, k, d),
            converged: state.converged,
            nIter: state.nIter,
            lowerBound: Number.isFinite(state.lowerBound) ? state.lowerBound : null,
            history: state.history.slice(),
            ...(params.noise ? { noise: { ...params.noise } } : {}),
          };
        })()
      : null,
  };
}

/** `featureNames`, when present: a string per feature. */
function checkFeatureNames(names: unknown, fitted: unknown): void {
  if (names === undefined) return;
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string'))
    fail('.featureNames', 'an array of strings', names);
  const d = (fitted as { nFeatures?: unknown } | null)?.nFeatures;
  if (typeof d === 'number' && names.length !== d)
    fail('.featureNames', `one name per feature (${d})`, `${names.length} names`);
}

const OPTION_KEYS = [
  'nComponents',
  'covarianceType',
  'tol',
  'regCovar',
  'maxIter',
  'nInit',
  'initParams',
  'randomState',
  'warmStart',
  'weightsInit',
  'meansInit',
  'precisionsInit',
  'covariancesInit',
] as const;
const FITTED_KEYS = [
  'nFeatures',
  'weights',
  'means',
  'covariances',
  'precisionsCholesky',
  'converged',
  'nIter',
  'lowerBound',
  'history',
] as const;

/**
 * Parses and strictly validates a {@link GaussianMixtureJSON}: format, version, every field's type
 * and shape, and that the parameters describe a valid mixture. Returns constructor options and
 * the fitted state. Option values are then validated by the constructor as usual.
 */
export function mixtureFromJSON(json: unknown): {
  options: GaussianMixtureOptions;
  state: FittedState | undefined;
} {
  const root = readRoot(json, MIXTURE_FORMAT, MIXTURE_SCHEMA_VERSION, ['featureNames']);
  checkFeatureNames(root.featureNames, root.fitted);
  const o = record('.options', root.options, OPTION_KEYS, [
    'missing',
    'hcModel',
    'hcUse',
    'historyLimit',
    'prior',
    'noise',
    'noiseVolume',
  ]);
  if (o.missing !== undefined && o.missing !== 'em') fail('.options.missing', "'em' or absent", o.missing);
  if (!COVARIANCE_MODELS.includes(o.covarianceType as CovarianceModel)) {
    fail('.options.covarianceType', COVARIANCE_MODELS.join(' | '), o.covarianceType);
  }
  if (!INIT_PARAMS.includes(o.initParams as InitParams))
    fail('.options.initParams', INIT_PARAMS.join(' | '), o.initParams);
  const options: GaussianMixtureOptions = {
    nComponents: o.nComponents as number,
    covarianceType: o.covarianceType as CovarianceModel,
    tol: o.tol as number,
    regCovar: o.regCovar as number,
    maxIter: o.maxIter as number,
    nInit: o.nInit as number,
    initParams: o.initParams as InitParams,
    warmStart: o.warmStart as boolean,
  };
  if (o.missing === 'em') options.missing = 'em';
  if (o.hcModel !== undefined) options.hcModel = o.hcModel as HcModel; // checked by validatedOptions below
  if (o.hcUse !== undefined) options.hcUse = o.hcUse as HcUse;
  if (o.historyLimit !== undefined) options.historyLimit = o.historyLimit as number;
  if (o.prior !== undefined) options.prior = o.prior as PriorOption; // checked by validatedOptions below
  if (o.noise !== undefined) options.noise = o.noise as boolean[]; // checked by validatedOptions below
  if (o.noiseVolume !== undefined) options.noiseVolume = o.noiseVolume as number;
  if (o.randomState !== null) options.randomState = o.randomState as number;
  if (o.weightsInit !== null) options.weightsInit = o.weightsInit as number[];
  if (o.meansInit !== null) options.meansInit = o.meansInit as number[][];
  if (o.precisionsInit !== null) options.precisionsInit = o.precisionsInit as CovarianceInit;
  if (o.covariancesInit !== null) options.covariancesInit = o.covariancesInit as CovarianceInit;
  validatedOptions(options, resolveMixtureOptions);
  if (root.fitted === null) return { options, state: undefined };

  const f = record('.fitted', root.fitted, FITTED_KEYS, ['noise']);
  // A noise component fitted from a NoiseRule is stored without options.noise (a function).
  if (f.noise === undefined && options.noise !== undefined)
    fail('.fitted.noise', 'the noise component (options.noise is set)', f.noise);
  const noise = f.noise === undefined ? undefined : readNoiseJSON(f.noise);
  const { k, d } = readDimensions(o, f);
  // mclust's models are stored in their layout (spherical, diag, tied or full).
  const type: CovarianceType = layoutOf(o.covarianceType as CovarianceModel, d);
  const weights = readShaped(f, 'weights', [k], 'nComponents');
  let sum = 0;
  for (const w of weights) {
    if (!(w >= 0 && w <= 1 + 1e-8)) fail('.fitted.weights', 'weights in [0, 1]', w);
    sum += w;
  }
  const expected = 1 - (noise?.weight ?? 0);
  // The tolerance of weightsInit: a document accepted here describes a model fit and weightsInit accept.
  if (Math.abs(sum - expected) > WEIGHT_SUM_TOLERANCE)
    fail(
      '.fitted.weights',
      `weights summing to ${noise ? '1 − noise.weight' : '1'}`,
      `weights summing to ${sum}`,
    );
  const means = readShaped(f, 'means', [k, d], 'nComponents × nFeatures');
  const { shape, label } = covarianceShape(type, k, d);
  const precisionsCholesky = readShaped(f, 'precisionsCholesky', shape, label);
  checkCholesky(precisionsCholesky, type, k, d);
  const { converged, nIter, lowerBound, history } = readFitSummary(
    f,
    options.maxIter as number,
    options.historyLimit,
  );
  // Both are stored: they must describe the same covariances (null only with maxIter: 0 and precisionsInit).
  if (f.covariances === null && nIter > 0)
    fail(
      '.fitted.covariances',
      'covariances (only an unfitted initialisation stores precisions alone)',
      null,
    );
  const covariances =
    f.covariances === null ? undefined : readCovariances(f, type, k, d, precisionsCholesky).covariances;
  return {
    options,
    state: {
      params: {
        covarianceType: type,
        nComponents: k,
        nFeatures: d,
        weights,
        means,
        covariances,
        precisionsCholesky,
        ...(noise ? { noise } : {}),
      },
      converged,
      nIter,
      lowerBound,
      history,
    },
  };
}

/** Cholesky factors must be triangular with a positive diagonal (so log det is defined). */
function checkCholesky(u: Float64Array, type: CovarianceType, k: number, d: number): void {
  if (type === 'diag' || type === 'spherical') {
    u.forEach((v, i) => {
      if (!(v > 0)) fail(`.fitted.precisionsCholesky (entry ${i})`, 'a positive number', v);
    });
    return;
  }
  for (let c = 0; c < (type === 'full' ? k : 1); c++) {
    const off = c * d * d;
    let upper = true;
    let lower = true;
    for (let a = 0; a < d; a++) {
      if (!(u[off + a * d + a]! > 0))
        fail('.fitted.precisionsCholesky', 'factors with a positive diagonal', u[off + a * d + a]);
      for (let b = 0; b < d; b++) {
        if (b < a && u[off + a * d + b] !== 0) upper = false;
        if (b > a && u[off + a * d + b] !== 0) lower = false;
      }
    }
    if (!upper && !lower)
      fail('.fitted.precisionsCholesky', 'triangular Cholesky factors', 'a non-triangular matrix');
  }
}

/** The `prior` option as plain JSON (typed arrays become arrays). */
function priorToJSON(prior: PriorOption): NonNullable<GaussianMixtureJSON['options']['prior']> {
  if (prior === 'default') return 'default';
  const { shrinkage, mean, dof, scale } = prior;
  return {
    ...(shrinkage === undefined ? {} : { shrinkage }),
    ...(mean === undefined ? {} : { mean: Array.from(mean) }),
    ...(dof === undefined ? {} : { dof }),
    ...(scale === undefined
      ? {}
      : { scale: typeof scale === 'number' ? scale : Array.from(scale, (row) => Array.from(row)) }),
  };
}
