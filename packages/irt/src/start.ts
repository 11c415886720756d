// Starting values from each item's category proportions: EM then only has to refine them.
import type { Layout } from './layout.js';
import type { BetaPrior } from './types.js';

const logit = (p: number) => Math.log(p / (1 - p));
const clamp = (p: number) => Math.min(0.98, Math.max(0.02, p));

/**
 * Slopes 1 (or the fixed Rasch slope) and intercepts matching the observed proportions under a
 * standard normal ability: E σ(aθ + d) ≈ σ(d / √(1 + πa²/8)), so d = logit(p) · √(1 + πa²/8).
 */
export function startValues(layout: Layout, counts: readonly number[][], prior: BetaPrior): Float64Array {
  const x = new Float64Array(layout.size);
  for (let j = 0; j < layout.K.length; j++) {
    const c = counts[layout.active[j]!]!;
    const total = c.reduce((s, n) => s + n, 0);
    const s = layout.slope[j]!;
    const a = s < 0 ? layout.fixedSlope : 1;
    if (s >= 0) x[s] = a;
    const inflate = Math.sqrt(1 + (Math.PI * a * a) / 8);
    const at = layout.intercept[j]!;
    if (layout.kind === 'gpcm') {
      // Adjacent-category log-odds at θ = 0: d_k − d_{k−1} = log(n_k / n_{k−1}).
      let d = 0;
      for (let k = 1; k < c.length; k++) {
        d += Math.log((c[k]! + 0.5) / (c[k - 1]! + 0.5));
        x[at + k - 1] = d;
      }
    } else if (layout.kind === 'guessing') {
      const g = prior.alpha / (prior.alpha + prior.beta);
      const p = c[1]! / total;
      x[at] = logit(clamp((p - g) / (1 - g))) * inflate;
      x[layout.guess[j]!] = logit(g);
    } else {
      // P(Y ≥ k) for k = 1 … K − 1, strictly decreasing since every category is used.
      let above = total;
      for (let k = 1; k < c.length; k++) {
        above -= c[k - 1]!;
        x[at + k - 1] = logit(Math.min(1 - 1e-6, Math.max(1e-6, above / total))) * inflate;
      }
    }
  }
  return x;
}
