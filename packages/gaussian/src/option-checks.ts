import { InvalidOptionError } from '@em/core';

/**
 * The option checks shared by `GaussianMixture` and `BayesianGaussianMixture` (and any model
 * whose options follow scikit-learn's camelCased names).
 */

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** `options` is an object with only `known` keys; a snake_case name gets its camelCase hint. */
export function rejectUnknownOptions(options: unknown, known: ReadonlySet<string>): void {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      const hint = known.has(camel(key))
        ? `Did you mean ${camel(key)}?`
        : `Known options: ${[...known].join(', ')}.`;
      throw new InvalidOptionError(key, 'no such option', (options as Record<string, unknown>)[key], hint);
    }
  }
}

export function integer(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidOptionError(name, `an integer >= ${min}`, value);
  }
  return value;
}

export function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionError(name, 'a finite number >= 0', value);
  }
  return value;
}

export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidOptionError(name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value as T;
}

/** The options every mixture shares that need no default: seed, warm start, callback, signal, kernels. */
export function checkCommonOptions(o: {
  randomState?: unknown;
  warmStart?: unknown;
  onIteration?: unknown;
  signal?: unknown;
  kernels?: unknown;
}): void {
  if (
    o.randomState !== undefined &&
    (typeof o.randomState !== 'number' || !Number.isSafeInteger(o.randomState) || o.randomState < 0)
  ) {
    throw new InvalidOptionError('randomState', 'a non-negative integer seed', o.randomState);
  }
  if (o.warmStart !== undefined && typeof o.warmStart !== 'boolean') {
    throw new InvalidOptionError('warmStart', 'a boolean', o.warmStart);
  }
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') {
    throw new InvalidOptionError('onIteration', 'a function', o.onIteration);
  }
  const signal = o.signal as { aborted?: unknown } | null | undefined;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')
  ) {
    throw new InvalidOptionError('signal', 'an AbortSignal', o.signal);
  }
  if (o.kernels !== undefined) oneOf('kernels', o.kernels, ['auto', 'wasm', 'generated', 'generic']);
}
