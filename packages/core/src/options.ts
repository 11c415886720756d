import { InvalidOptionError } from './errors.js';
import type { EMOptions, StopRule } from './types.js';

/** SQUAREM's step-length controls after defaults (R's `step.min0`, `step.max0`, `mstep`). */
export interface ResolvedSquarem {
  stepMin: number;
  stepMax: number;
  stepFactor: number;
}

/** Options after defaults are applied and validated. */
export interface ResolvedOptions<P> {
  maxIter: number;
  tol: number;
  stopRule: StopRule;
  /** SQUAREM's controls, or undefined for plain EM. */
  squarem: ResolvedSquarem | undefined;
  initialLogLikelihood: number;
  onIteration: EMOptions<P>['onIteration'];
  signal: AbortSignal | undefined;
  strict: boolean;
  decreaseTolerance: number;
  /** How many of the latest log-likelihoods `history` keeps (Infinity: all). */
  historyLimit: number;
}

export function requireInteger(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidOptionError(name, `an integer >= ${min}`, value);
  }
  return value;
}

export function requireNonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new InvalidOptionError(name, 'a finite number >= 0', value);
  }
  return value;
}

export function requireFunction<F>(name: string, value: unknown): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidOptionError(name, 'a function', value);
  }
  return value as F | undefined;
}

/** Applies defaults and rejects invalid options before any work starts. */
export function resolveOptions<P>(options: EMOptions<P> = {}): ResolvedOptions<P> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', 'an object', options);
  }
  const { signal } = options;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')
  ) {
    throw new InvalidOptionError('signal', 'an AbortSignal', signal);
  }
  return {
    maxIter: requireInteger('maxIter', options.maxIter ?? 100, 1),
    tol: requireNonNegative('tol', options.tol ?? 1e-3),
    stopRule: resolveStopRule(options.stopRule),
    squarem: resolveAcceleration(options.acceleration),
    initialLogLikelihood: resolveInitialLogLikelihood(options.initialLogLikelihood),
    onIteration: requireFunction('onIteration', options.onIteration),
    signal,
    strict: options.strict ?? false,
    decreaseTolerance: requireNonNegative('decreaseTolerance', options.decreaseTolerance ?? 1e-9),
    historyLimit: resolveHistoryLimit(options.historyLimit),
  };
}

function resolveHistoryLimit(value: unknown): number {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return requireInteger('historyLimit', value, 1);
}

const STOP_RULES: readonly StopRule[] = ['absolute', 'relative', 'aitken'];

function resolveStopRule(value: unknown): StopRule {
  if (value === undefined) return 'absolute';
  if (!STOP_RULES.includes(value as StopRule)) {
    throw new InvalidOptionError('stopRule', "'absolute', 'relative' or 'aitken'", value);
  }
  return value as StopRule;
}

function resolveInitialLogLikelihood(value: unknown): number {
  if (value === undefined) return Number.NEGATIVE_INFINITY;
  if (typeof value !== 'number' || Number.isNaN(value) || value === Number.POSITIVE_INFINITY) {
    throw new InvalidOptionError('initialLogLikelihood', 'a number (finite, or -Infinity)', value);
  }
  return value;
}

const ACCELERATIONS = "'none', 'squarem' or { method: 'squarem', stepMin?, stepMax?, stepFactor? }";

function resolveAcceleration(value: unknown): ResolvedSquarem | undefined {
  if (value === undefined || value === 'none') return undefined;
  if (value === 'squarem') return { stepMin: 1, stepMax: 1, stepFactor: 4 };
  if (typeof value !== 'object' || value === null || (value as { method?: unknown }).method !== 'squarem') {
    throw new InvalidOptionError('acceleration', ACCELERATIONS, value);
  }
  const { stepMin = 1, stepMax = 1, stepFactor = 4 } = value as Record<string, unknown>;
  const positive = (name: string, v: unknown) => {
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
      throw new InvalidOptionError(`acceleration.${name}`, 'a finite number > 0', v);
    return v;
  };
  const resolved = {
    stepMin: positive('stepMin', stepMin),
    stepMax: positive('stepMax', stepMax),
    stepFactor: positive('stepFactor', stepFactor),
  };
  if (resolved.stepMax < resolved.stepMin)
    throw new InvalidOptionError(
      'acceleration.stepMax',
      `a number >= stepMin (${resolved.stepMin})`,
      stepMax,
    );
  if (resolved.stepFactor <= 1)
    throw new InvalidOptionError('acceleration.stepFactor', 'a number > 1', stepFactor);
  return resolved;
}

/**
 * Checks EM options the way {@link runEM} will, without running anything, so a model class can
 * reject a bad `maxIter`, `tol`, `stopRule` or `acceleration` in its constructor rather than at
 * `fit`. Throws {@link InvalidOptionError} naming the option.
 *
 * @example
 * ```ts
 * import { validateEMOptions } from '@em/core';
 * validateEMOptions({ maxIter: 200, acceleration: 'squarem' }); // fine
 * validateEMOptions({ acceleration: 'fast' });
 * // InvalidOptionError: Invalid option acceleration: expected 'none', 'squarem' or { method: 'squarem', … }, received "fast".
 * ```
 */
export function validateEMOptions<P>(options: EMOptions<P>): void {
  resolveOptions(options);
}
