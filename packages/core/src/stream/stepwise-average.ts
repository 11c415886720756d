/**
 * Statistics as stepwise EM keeps them: a `Float64Array`, or a record (nested as deep as the model
 * likes) whose `Float64Array` leaves are the additive statistics; other leaves (shapes, names) are
 * carried along unchanged.
 *
 * @example
 * ```ts
 * import type { StepwiseStatistics } from '@em/core/stream';
 * const counts: StepwiseStatistics = { start: Float64Array.of(3, 1), emission: { n: Float64Array.of(9, 4) }, states: 2 };
 * ```
 */
export type StepwiseStatistics = Float64Array | { readonly [key: string]: unknown };

/**
 * One update of stepwise (online) EM's running averages: (1 − η) · previous + η · batch / units,
 * leaf by leaf — `units` the batch's size (rows, sequences, persons), so the averages are per unit
 * and batches of different sizes weigh by the schedule only. Without `previous` (a run's first
 * update) it is η · batch / units. Neither input is changed.
 *
 * @example
 * ```ts
 * import { stepwiseAverage } from '@em/core/stream';
 * const first = stepwiseAverage(undefined, { n: Float64Array.of(4, 6) }, 10, 1);
 * first.n; // Float64Array [0.4, 0.6]
 * const next = stepwiseAverage(first, { n: Float64Array.of(1, 1) }, 2, 0.5);
 * next.n; // Float64Array [0.45, 0.55]
 * ```
 */
export function stepwiseAverage<S = StepwiseStatistics>(
  previous: S | undefined,
  batch: S,
  units: number,
  eta: number,
): S {
  return combine(
    previous,
    batch,
    (before, value) => (before === undefined ? 0 : (1 - eta) * before) + (eta / units) * value,
  ) as S;
}

/**
 * The statistics times `factor`, leaf by leaf (stepwise EM's per-unit averages back to the counts of
 * the units seen, for an M-step whose priors or regularisation weigh against counts).
 *
 * @example
 * ```ts
 * import { scaleStatistics } from '@em/core/stream';
 * scaleStatistics({ n: Float64Array.of(0.4, 0.6), d: 3 }, 10); // { n: Float64Array [4, 6], d: 3 }
 * ```
 */
export function scaleStatistics<S = StepwiseStatistics>(stats: S, factor: number): S {
  return combine(undefined, stats, (_, value) => value * factor) as S;
}

function combine(
  previous: unknown,
  value: unknown,
  leaf: (before: number | undefined, value: number) => number,
): unknown {
  if (value instanceof Float64Array) {
    const before = previous instanceof Float64Array ? previous : undefined;
    return value.map((v, i) => leaf(before?.[i], v));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(value))
    out[key] = combine((previous as Record<string, unknown> | undefined)?.[key], part, leaf);
  return out;
}
