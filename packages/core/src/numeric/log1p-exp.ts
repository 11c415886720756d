/**
 * `log(1 + e^x)` (the softplus), accurate for every `x`: with Mächler's (2012) cut-offs it is `e^x`
 * for x ≤ −37, `log1p(e^x)` up to 18, `x + e^−x` up to 33.3 and `x` beyond, so it neither overflows
 * for large `x` nor loses the tiny result for very negative `x`.
 *
 * @param x Any number (`NaN` gives `NaN`).
 *
 * @example
 * ```ts
 * import { log1pExp } from '@em/core/numeric';
 * log1pExp(0);    // Math.LN2
 * log1pExp(-50);  // Math.exp(-50)
 * log1pExp(1000); // 1000
 * Math.log(1 + Math.exp(1000)); // Infinity: the naive formula overflows
 * ```
 */
export function log1pExp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/**
 * `log σ(x) = −log(1 + e^−x)`, the log of the logistic function, accurate for every `x` (the
 * log-likelihood of a success in logistic and item response models).
 *
 * @param x Any number (`NaN` gives `NaN`).
 *
 * @example
 * ```ts
 * import { logSigmoid } from '@em/core/numeric';
 * logSigmoid(0);     // -Math.LN2
 * logSigmoid(-1000); // -1000
 * ```
 */
export function logSigmoid(x: number): number {
  return -log1pExp(-x);
}

/**
 * The logistic function `σ(x) = 1 / (1 + e^−x)`, computed without overflow for any `x` and with
 * `σ(−x) = 1 − σ(x)`.
 *
 * @param x Any number (`NaN` gives `NaN`).
 *
 * @example
 * ```ts
 * import { sigmoid } from '@em/core/numeric';
 * sigmoid(0);     // 0.5
 * sigmoid(-1000); // 0
 * sigmoid(1000);  // 1
 * ```
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
