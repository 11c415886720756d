/*
 * ln(k!) for the rejection tests of the Poisson and binomial samplers: exact sums below 256,
 * Stirling's series (error below 1e-17 relative there) above.
 */
const TABLE_SIZE = 256;
const table = new Float64Array(TABLE_SIZE);
for (let k = 2; k < TABLE_SIZE; k++) table[k] = table[k - 1]! + Math.log(k);

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** @internal ln(k!) for a non-negative integer k. */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return table[k]!;
  const inv = 1 / k;
  const inv2 = inv * inv;
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}
