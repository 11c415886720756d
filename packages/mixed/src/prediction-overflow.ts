// A prediction that is not a finite number names the term that made it so, instead of returning it.
import { NumericalError } from '@em/core';
import type { MixedModelState } from './model.js';

/** One factor's part of a prediction: each row's group label and its n × q design values. */
export interface PredictionBlock {
  groups: string[];
  Z: Float64Array;
}

/**
 * The typed error for row `i`, whose prediction Xβ̂ + Zb̂ is not finite: adds the terms in the order
 * `combine` does and names the first one after which the sum is not finite, with its estimate (a
 * tampered model's beta or blups) and the row's value it multiplies.
 */
export function predictionOverflow(
  s: MixedModelState,
  i: number,
  X: Float64Array,
  blocks: readonly PredictionBlock[],
): NumericalError {
  const p = s.fixedNames.length;
  const explain = (term: string, estimate: number, value: number) =>
    new NumericalError(
      `The prediction for row ${i} is not a finite number: ${term} = ${estimate} times the row's ${value} takes the sum past ±1.8e308.`,
      'Check the model (was its JSON edited?) and the scale of the row.',
    );
  let sum = 0;
  for (let a = 0; a < p; a++) {
    sum += X[i * p + a]! * s.beta[a]!;
    if (!Number.isFinite(sum)) return explain(`beta[${a}] (${s.fixedNames[a]})`, s.beta[a]!, X[i * p + a]!);
  }
  for (const [k, b] of blocks.entries()) {
    const f = s.factors[k]!;
    const q = f.terms.length;
    const l = f.levels.indexOf(b.groups[i]!);
    if (l < 0) continue;
    for (let a = 0; a < q; a++) {
      const estimate = s.blups[k]![l]![a]!;
      sum += b.Z[i * q + a]! * estimate;
      if (!Number.isFinite(sum))
        return explain(
          `blups[${k}][${l}][${a}] (${f.name} ${f.levels[l]}, ${f.terms[a]})`,
          estimate,
          b.Z[i * q + a]!,
        );
    }
  }
  return explain('the sum of its terms', sum, Number.NaN);
}
