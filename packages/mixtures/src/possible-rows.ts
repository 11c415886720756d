// A row that every component gives probability 0 (or whose density overflowed) has no posterior:
// 0/0. Say so, naming the row, rather than return NaN probabilities and a -Infinity score.
import { NumericalError } from '@em/core';

/** Throws for the first row whose log-likelihood under the mixture is not finite. */
export function requirePossibleRows(logLikelihoods: Float64Array): void {
  for (let i = 0; i < logLikelihoods.length; i++) {
    const v = logLikelihoods[i]!;
    if (Number.isFinite(v)) continue;
    throw new NumericalError(
      `Row ${i} has probability ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : 0} under every component of this mixture.`,
      'Check that row (a value outside what the model can produce, or so large that its density overflows: scale the data).',
    );
  }
}
