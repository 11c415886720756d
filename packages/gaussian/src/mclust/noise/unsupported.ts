import { InvalidOptionError } from '@em/core';

/** Methods that have no noise component (sampling, imputation) refuse one. */
export function rejectNoise(options: { noise?: unknown }, method: string): void {
  if (options.noise === undefined) return;
  throw new InvalidOptionError(
    'noise',
    `undefined with ${method} (the noise component is fitted by fit, fitSteps, fitAsync without workers, fitStream, partialFit and fitFromStatistics; ${method} does not model it)`,
    'a noise guess',
  );
}
