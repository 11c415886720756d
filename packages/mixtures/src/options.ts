import {
  type Acceleration,
  InvalidOptionError,
  type IterationInfo,
  type StopRule,
  validateEMOptions,
} from '@em/core';

/**
 * Options every mixture in `@em/mixtures` shares, named after scikit-learn's `GaussianMixture`
 * (camelCased) so code ports line by line.
 *
 * @example
 * ```ts
 * import { BernoulliMixture, type MixtureOptions } from '@em/mixtures';
 * const options: MixtureOptions = { nComponents: 3, nInit: 5, randomState: 1, acceleration: 'squarem' };
 * const model = new BernoulliMixture(options);
 * ```
 */
export interface MixtureOptions {
  /** Number of components K. Default 1. */
  nComponents?: number;
  /**
   * Convergence threshold on the change of the lower bound (the mean per-row log-likelihood, plus the
   * log-prior when smoothing is on), as scikit-learn. Default 1e-3; 0 always runs `maxIter` iterations.
   */
  tol?: number;
  /** How `tol` is read (`'absolute'`, `'relative'` or `'aitken'`; see `@em/core`). Default `'absolute'`. */
  stopRule?: StopRule;
  /** Maximum number of EM iterations per run. Default 100. */
  maxIter?: number;
  /** Number of runs from different random starts; the best lower bound is kept. Default 1. */
  nInit?: number;
  /** Seed of the random starts (and of `sample`). Default 0, so fits are reproducible. */
  randomState?: number;
  /** Start the next `fit` from the fitted parameters (one run) instead of random starts. Default false. */
  warmStart?: boolean;
  /** `'none'` (default) or `'squarem'`: SQUAREM from `@em/core`, through the model's `pack`/`unpack`. */
  acceleration?: Acceleration;
  /** Called after every iteration; return `false` to stop. */
  onIteration?: (info: IterationInfo<unknown>) => boolean | void;
  /** Stops the fit between iterations. */
  signal?: AbortSignal;
}

/** The shared options after defaults. */
export interface ResolvedBase {
  nComponents: number;
  tol: number;
  stopRule: StopRule;
  maxIter: number;
  nInit: number;
  randomState: number;
  warmStart: boolean;
  acceleration: Acceleration;
  onIteration: ((info: IterationInfo<unknown>) => boolean | void) | undefined;
  signal: AbortSignal | undefined;
}

/** More iterations than this is a mistake (and `history` keeps one number per iteration). */
const MAX_ITER = 1e9;
/** More restarts than this is a mistake: each one is a whole fit. */
const MAX_INIT = 10_000;

const BASE_KEYS = [
  'nComponents',
  'tol',
  'stopRule',
  'maxIter',
  'nInit',
  'randomState',
  'warmStart',
  'acceleration',
  'onIteration',
  'signal',
];

export function requireInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new InvalidOptionError(
      name,
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`,
      value,
    );
  return value;
}

export function requireNonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new InvalidOptionError(name, 'a finite number >= 0', value);
  return value;
}

export function requireOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T))
    throw new InvalidOptionError(name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  return value as T;
}

/**
 * Validates the shared options (and rejects unknown keys, so a typo such as `n_components` is caught),
 * returning them with defaults applied.
 */
export function resolveBase(options: unknown, extraKeys: readonly string[]): ResolvedBase {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new InvalidOptionError('options', 'an object', options);
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!BASE_KEYS.includes(key) && !extraKeys.includes(key)) {
      const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      const known = [...BASE_KEYS, ...extraKeys];
      throw new InvalidOptionError(
        key,
        `one of the known options (${known.join(', ')})`,
        o[key],
        known.includes(camel) ? `Did you mean ${camel}?` : undefined,
      );
    }
  }
  const resolved: ResolvedBase = {
    nComponents: requireInteger('nComponents', o.nComponents ?? 1, 1, 10_000),
    tol: requireNonNegative('tol', o.tol ?? 1e-3),
    stopRule: requireOneOf('stopRule', o.stopRule ?? 'absolute', ['absolute', 'relative', 'aitken']),
    maxIter: requireInteger('maxIter', o.maxIter ?? 100, 1, MAX_ITER),
    nInit: requireInteger('nInit', o.nInit ?? 1, 1, MAX_INIT),
    randomState: requireInteger('randomState', o.randomState ?? 0, 0, 2 ** 32 - 1),
    warmStart: o.warmStart === undefined ? false : requireBoolean('warmStart', o.warmStart),
    acceleration: (o.acceleration ?? 'none') as Acceleration,
    onIteration: o.onIteration as ResolvedBase['onIteration'],
    signal: o.signal as AbortSignal | undefined,
  };
  validateEMOptions({
    maxIter: resolved.maxIter,
    tol: resolved.tol,
    stopRule: resolved.stopRule,
    acceleration: resolved.acceleration,
    onIteration: resolved.onIteration,
    signal: resolved.signal,
  });
  return resolved;
}

export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, 'true or false', value);
  return value;
}
