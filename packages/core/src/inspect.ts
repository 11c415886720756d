/**
 * One-line summaries of models for `console.log`, `util.inspect` and `String(model)`, shared by the
 * model classes of every package so that they all read alike. Browser-safe: the inspection hook is
 * found by its registered symbol, not by importing `node:util`.
 */

/**
 * The symbol Node's `util.inspect` (and so `console.log`) calls on an object to print it: a model
 * class defines `[inspectCustom]()` returning its {@link modelSummary}. `Symbol.for` gives the same
 * symbol as `util.inspect.custom` without importing `node:util`, and does nothing in browsers.
 *
 * @example
 * ```ts
 * import { inspectCustom } from '@em/core';
 * const point = { x: 1, [inspectCustom]: () => 'Point(1)' };
 * console.log(point); // Point(1)
 * ```
 */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A value in a {@link modelSummary}: numbers to 6 significant digits, strings quoted.
 *
 * @example
 * ```ts
 * import type { SummaryValue } from '@em/core';
 * const fields: Record<string, SummaryValue> = { nComponents: 3, covarianceType: 'full', fitted: true };
 * ```
 */
export type SummaryValue = string | number | boolean;

/**
 * `Type { key: value, … }` on one line, in the style of Node's own object printing: numbers to 6
 * significant digits, strings in single quotes; `undefined` entries are left out (a model not fitted
 * has no log-likelihood).
 *
 * @example
 * ```ts
 * import { modelSummary } from '@em/core';
 * modelSummary('GaussianMixture', { nComponents: 3, covarianceType: 'full', fitted: true, meanLogLikelihood: -2.3456789 });
 * // "GaussianMixture { nComponents: 3, covarianceType: 'full', fitted: true, meanLogLikelihood: -2.34568 }"
 * ```
 */
export function modelSummary(
  type: string,
  fields: Readonly<Record<string, SummaryValue | undefined>>,
): string {
  const parts = Object.entries(fields)
    .filter((entry): entry is [string, SummaryValue] => entry[1] !== undefined)
    .map(([key, value]) => `${key}: ${formatValue(value)}`);
  return parts.length === 0 ? type : `${type} { ${parts.join(', ')} }`;
}

function formatValue(value: SummaryValue): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value))
    return String(Number(value.toPrecision(6)));
  return String(value);
}
