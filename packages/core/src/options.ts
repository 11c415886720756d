import { InvalidOptionError } from './errors.js';
import type { EMOptions } from './types.js';

/** Options after defaults are applied and validated. */
export interface ResolvedOptions<P> {
  maxIter: number;
  tol: number;
  onIteration: EMOptions<P>['onIteration'];
  signal: AbortSignal | undefined;
  strict: boolean;
  decreaseTolerance: number;
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
  if (signal !== undefined && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw new InvalidOptionError('signal', 'an AbortSignal', signal);
  }
  return {
    maxIter: requireInteger('maxIter', options.maxIter ?? 100, 1),
    tol: requireNonNegative('tol', options.tol ?? 1e-3),
    onIteration: requireFunction('onIteration', options.onIteration),
    signal,
    strict: options.strict ?? false,
    decreaseTolerance: requireNonNegative('decreaseTolerance', options.decreaseTolerance ?? 1e-9),
  };
}
