import { InvalidOptionError } from '@em/core';

/** Methods that have no noise component (streams, online updates, sampling, imputation) refuse one. */
export function rejectNoise(options: { noise?: unknown }, method: string): void {
  if (options.noise === undefined) return;
  throw new InvalidOptionError(
    'noise',
    `undefined with ${method} (the noise component is fitted by fit, fitSteps and fitAsync without workers)`,
    'a noise guess',
  );
}
