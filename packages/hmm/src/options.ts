import { InvalidOptionError, validateEMOptions } from '@em/core';
import { WorkerPool } from './parallel/pool.js';
import { concentration, flatten, letters, probabilityRows } from './params.js';
import { asymmetricEntry } from './symmetric.js';
import type { CovarianceType, DecodeAlgorithm, EmissionType, HiddenMarkovModelOptions } from './types.js';

/** Options after defaults, with the given parameters parsed into flat arrays. */
export interface ResolvedHmmOptions {
  nStates: number;
  emission: EmissionType;
  covarianceType: CovarianceType;
  minCovar: number;
  nMix: number;
  nFeatures: number | undefined;
  params: string;
  initParams: string;
  algorithm: DecodeAlgorithm;
  maxIter: number;
  tol: number;
  nInit: number;
  randomState: number | undefined;
  given: GivenParams;
  priors: {
    start: Float64Array | undefined;
    trans: Float64Array | undefined;
    emission: Float64Array | undefined;
    weights: Float64Array | undefined;
  };
}

/** Parameters given as options, flat, with the dimensions they imply. */
export interface GivenParams {
  startProb?: Float64Array;
  transMat?: Float64Array;
  emissionProb?: Float64Array;
  means?: Float64Array;
  covars?: Float64Array;
  weights?: Float64Array;
  lambdas?: Float64Array;
  /** Features implied by means, covars or lambdas; alphabet size by emissionProb. */
  columns?: number;
  alphabet?: number;
}

const EMISSIONS: readonly EmissionType[] = ['categorical', 'gaussian', 'gmm', 'poisson'];
const COVARIANCE_TYPES: readonly CovarianceType[] = ['spherical', 'diag', 'full', 'tied'];
const LETTERS: Record<EmissionType, string> = {
  categorical: 'ste',
  gaussian: 'stmc',
  gmm: 'stmcw',
  poisson: 'stl',
};

const KNOWN = new Set([
  'nStates',
  'nComponents',
  'emission',
  'covarianceType',
  'minCovar',
  'nMix',
  'nFeatures',
  'startProb',
  'transMat',
  'emissionProb',
  'means',
  'covars',
  'weights',
  'lambdas',
  'startProbPrior',
  'transMatPrior',
  'emissionProbPrior',
  'weightsPrior',
  'params',
  'initParams',
  'algorithm',
  'maxIter',
  'tol',
  'stopRule',
  'nInit',
  'randomState',
  'acceleration',
  'onIteration',
  'signal',
  'workers',
]);

/** Limits that keep allocations (nStates² transition counts, nStates × nFeatures tables) sane. */
export const MAX_STATES = 4096;
export const MAX_SYMBOLS = 1 << 24;
/** Largest `workers` number (a fit starts at most one thread per core and per sequence anyway). */
const MAX_WORKERS = 1024;

function integer(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new InvalidOptionError(
      name,
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in ${min}…${max}`,
      value,
    );
  return value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T))
    throw new InvalidOptionError(name, allowed.map((a) => `'${a}'`).join(', '), value);
  return value as T;
}

/** The letters that apply to an emission type, e.g. `'ste'` for categorical. */
export function lettersFor(emission: EmissionType): string {
  return LETTERS[emission];
}

export function resolveOptions(options: HiddenMarkovModelOptions = {}): ResolvedHmmOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new InvalidOptionError('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      throw new InvalidOptionError(
        key,
        'no such option (check the spelling)',
        (options as Record<string, unknown>)[key],
      );
  }
  if (
    options.nStates !== undefined &&
    options.nComponents !== undefined &&
    options.nStates !== options.nComponents
  )
    throw new InvalidOptionError(
      'nComponents',
      `the same as nStates (${options.nStates}), or left out`,
      options.nComponents,
    );
  const nStates = integer(
    options.nStates === undefined ? 'nComponents' : 'nStates',
    options.nStates ?? options.nComponents ?? 1,
    1,
    MAX_STATES,
  );
  const emission = oneOf('emission', options.emission ?? 'gaussian', EMISSIONS);
  const covarianceType = oneOf('covarianceType', options.covarianceType ?? 'diag', COVARIANCE_TYPES);
  const minCovar = options.minCovar ?? 1e-3;
  if (typeof minCovar !== 'number' || !(minCovar >= 0) || !Number.isFinite(minCovar))
    throw new InvalidOptionError('minCovar', 'a finite number >= 0', minCovar);
  const nMix = integer('nMix', options.nMix ?? 1, 1, MAX_STATES);
  const nFeatures =
    options.nFeatures === undefined ? undefined : integer('nFeatures', options.nFeatures, 1, MAX_SYMBOLS);
  const algorithm = oneOf('algorithm', options.algorithm ?? 'viterbi', ['viterbi', 'map'] as const);
  const maxIter = integer('maxIter', options.maxIter ?? 100, 1, 1e9);
  const tol = options.tol ?? 1e-2;
  const nInit = integer('nInit', options.nInit ?? 1, 1, 1e6);
  const randomState = options.randomState;
  if (randomState !== undefined && (typeof randomState !== 'number' || !Number.isInteger(randomState)))
    throw new InvalidOptionError('randomState', 'an integer seed', randomState);
  validateEMOptions({
    maxIter,
    tol,
    stopRule: options.stopRule,
    acceleration: options.acceleration,
    onIteration: options.onIteration as never,
    signal: options.signal,
  });

  const { workers } = options;
  if (
    workers !== undefined &&
    !(workers instanceof WorkerPool) &&
    !(typeof workers === 'number' && Number.isInteger(workers) && workers >= 1 && workers <= MAX_WORKERS)
  )
    throw new InvalidOptionError(
      'workers',
      `an integer in 1…${MAX_WORKERS}, or a WorkerPool from @em/hmm's createWorkerPool`,
      workers,
    );

  const allowed = LETTERS[emission];
  const given = parseGiven(options, emission, nStates, covarianceType, nMix);
  if (nFeatures !== undefined && given.alphabet !== undefined && nFeatures !== given.alphabet)
    throw new InvalidOptionError('nFeatures', `${given.alphabet} (the columns of emissionProb)`, nFeatures);
  if (nFeatures !== undefined && given.columns !== undefined && nFeatures !== given.columns)
    throw new InvalidOptionError(
      'nFeatures',
      `${given.columns} (the features of the given parameters)`,
      nFeatures,
    );
  const params = letters('params', options.params ?? allowed, allowed);
  const givenLetters = givenLettersOf(given);
  const initParams = letters(
    'initParams',
    options.initParams ?? [...allowed].filter((ch) => !givenLetters.includes(ch)).join(''),
    allowed,
  );
  const priors = {
    start: concentration('startProbPrior', options.startProbPrior, 0, nStates),
    trans: concentration('transMatPrior', options.transMatPrior, nStates, nStates),
    emission:
      options.emissionProbPrior === undefined
        ? undefined
        : emission !== 'categorical'
          ? (() => {
              throw new InvalidOptionError(
                'emissionProbPrior',
                "no value unless emission is 'categorical'",
                options.emissionProbPrior,
              );
            })()
          : typeof options.emissionProbPrior === 'number'
            ? concentration('emissionProbPrior', options.emissionProbPrior, 1, 1)
            : flatten('emissionProbPrior', options.emissionProbPrior).values,
    weights: concentration('weightsPrior', options.weightsPrior, nStates, nMix),
  };
  if (priors.emission?.some((v) => !(v >= 0)))
    throw new InvalidOptionError(
      'emissionProbPrior',
      'concentrations: finite numbers >= 0',
      options.emissionProbPrior,
    );
  return {
    nStates,
    emission,
    covarianceType,
    minCovar,
    nMix,
    nFeatures: nFeatures ?? given.alphabet,
    params,
    initParams,
    algorithm,
    maxIter,
    tol,
    nInit,
    randomState,
    given,
    priors,
  };
}

export function givenLettersOf(given: GivenParams): string {
  return [
    given.startProb && 's',
    given.transMat && 't',
    given.emissionProb && 'e',
    given.means && 'm',
    given.covars && 'c',
    given.weights && 'w',
    given.lambdas && 'l',
  ]
    .filter(Boolean)
    .join('');
}

/** Parses the parameters given as options, checking shapes against nStates (and each other). */
function parseGiven(
  options: HiddenMarkovModelOptions,
  emission: EmissionType,
  s: number,
  type: CovarianceType,
  nMix: number,
): GivenParams {
  const given: GivenParams = {};
  const notFor = (name: string) => {
    throw new InvalidOptionError(
      name,
      `no value for emission '${emission}'`,
      (options as Record<string, unknown>)[name],
    );
  };
  if (options.startProb !== undefined)
    given.startProb = probabilityRows('startProb', options.startProb, 0, s);
  if (options.transMat !== undefined) given.transMat = probabilityRows('transMat', options.transMat, s, s);
  if (options.emissionProb !== undefined) {
    if (emission !== 'categorical') notFor('emissionProb');
    const { shape } = flatten('emissionProb', options.emissionProb);
    if (shape.length !== 2 || shape[0] !== s)
      throw new InvalidOptionError(
        'emissionProb',
        `shape ${s} × nFeatures`,
        options.emissionProb,
        `It has shape ${shape.join(' × ')}.`,
      );
    given.emissionProb = probabilityRows('emissionProb', options.emissionProb, s, shape[1]!);
    given.alphabet = shape[1]!;
  }
  if (options.weights !== undefined) {
    if (emission !== 'gmm') notFor('weights');
    given.weights = probabilityRows('weights', options.weights, s, nMix);
  }
  if (options.lambdas !== undefined) {
    if (emission !== 'poisson') notFor('lambdas');
    const { values, shape } = flatten('lambdas', options.lambdas);
    const d = shape.length === 1 && s > 1 ? 1 : shape[1];
    if (!(shape.length <= 2 && shape[0] === s && d !== undefined))
      throw new InvalidOptionError(
        'lambdas',
        `shape ${s} × nFeatures`,
        options.lambdas,
        `It has shape ${shape.join(' × ')}.`,
      );
    values.forEach((v, i) => {
      if (v < 0) throw new InvalidOptionError(`lambdas[${Math.floor(i / d)}][${i % d}]`, 'a rate >= 0', v);
    });
    given.lambdas = values;
    given.columns = d;
  }
  const k = emission === 'gmm' ? s * nMix : s;
  if (options.means !== undefined) {
    if (emission !== 'gaussian' && emission !== 'gmm') notFor('means');
    const { values, shape } = flatten('means', options.means);
    const d = shape[shape.length - 1]!;
    const ok =
      emission === 'gaussian'
        ? shape.length === 2 && shape[0] === s
        : (shape.length === 3 && shape[0] === s && shape[1] === nMix) ||
          (shape.length === 2 && shape[0] === k);
    if (!ok)
      throw new InvalidOptionError(
        'means',
        emission === 'gaussian' ? `shape ${s} × D` : `shape ${s} × ${nMix} × D`,
        options.means,
        `It has shape ${shape.join(' × ')}.`,
      );
    given.means = values;
    given.columns = d;
  }
  if (options.covars !== undefined) {
    if (emission !== 'gaussian' && emission !== 'gmm') notFor('covars');
    const { values, shape } = flatten('covars', options.covars);
    const groups = emission === 'gmm' ? s : 1;
    const d =
      type === 'spherical'
        ? given.columns
        : type === 'diag'
          ? shape[shape.length - 1]
          : shape[shape.length - 1];
    if (d === undefined)
      throw new InvalidOptionError(
        'covars',
        'means as well (spherical covars do not say how many features)',
        options.covars,
      );
    const expected =
      type === 'spherical'
        ? emission === 'gmm'
          ? [s, nMix]
          : [s]
        : type === 'diag'
          ? emission === 'gmm'
            ? [s, nMix, d]
            : [s, d]
          : type === 'full'
            ? emission === 'gmm'
              ? [s, nMix, d, d]
              : [s, d, d]
            : groups === 1
              ? [d, d]
              : [s, d, d];
    const total = expected.reduce((a, b) => a * b, 1);
    if (
      values.length !== total ||
      (shape.length !== expected.length && !(emission === 'gmm' && values.length === total))
    )
      throw new InvalidOptionError(
        'covars',
        `shape ${expected.join(' × ')} (covarianceType '${type}')`,
        options.covars,
        `It has shape ${shape.join(' × ')}.`,
      );
    if (given.columns !== undefined && given.columns !== d)
      throw new InvalidOptionError(
        'covars',
        `covariances of ${given.columns} features (as means)`,
        options.covars,
      );
    const asymmetric = type === 'full' || type === 'tied' ? asymmetricEntry(values, d) : undefined;
    if (asymmetric)
      throw new InvalidOptionError(
        'covars',
        `symmetric covariance matrices: entry (${asymmetric.row}, ${asymmetric.column}) of matrix ${asymmetric.block} equal to (${asymmetric.column}, ${asymmetric.row}), ${asymmetric.mirror}`,
        asymmetric.value,
      );
    given.covars = values;
    given.columns = d;
  }
  return given;
}
