// Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 relative for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** @internal log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** @internal Σ log(yᵢ!) = Σ log Γ(yᵢ + 1): the constant of the Poisson log-likelihood. */
export function logFactorialSum(counts: Float64Array): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const y = counts[i]!;
    if (y > 1) total += logGamma(y + 1);
  }
  return total;
}
