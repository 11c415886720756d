// The item kernels against finite differences and closed forms.
import { describe, expect, it } from 'vitest';
import { dLogProb, information, itemObjective, type Kind, logProbs, probs } from '../src/items.js';
import { gaussHermite } from '../src/quadrature.js';

const cases: { kind: Kind; K: number; x: number[] }[] = [
  { kind: 'logistic', K: 2, x: [1.3, -0.4] },
  { kind: 'guessing', K: 2, x: [1.1, 0.3, -1.2] },
  { kind: 'graded', K: 4, x: [0.9, 1.5, 0.2, -1.1] },
  { kind: 'gpcm', K: 4, x: [0.8, 0.5, 0.9, -0.3] },
];
const view = (kind: Kind, K: number, x: number[]) => ({
  kind,
  K,
  a: x[0]!,
  d: x,
  dOff: 1,
  g: kind === 'guessing' ? 1 / (1 + Math.exp(-x[K]!)) : 0,
});

describe.each(cases)('$kind', ({ kind, K, x }) => {
  const item = view(kind, K, x);
  it('probabilities sum to 1, agree with the logs, and their θ-derivatives with finite differences', () => {
    for (const t of [-4, -1, 0, 0.7, 3]) {
      const p = new Float64Array(K);
      const dp = new Float64Array(K);
      probs(item, t, p, dp);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      const lp = new Float64Array(K);
      logProbs(item, t, lp, 0, 1);
      for (let k = 0; k < K; k++) expect(Math.exp(lp[k]!)).toBeCloseTo(p[k]!, 14);
      const h = 1e-6;
      const pp = new Float64Array(K);
      const pm = new Float64Array(K);
      probs(item, t + h, pp);
      probs(item, t - h, pm);
      for (let k = 0; k < K; k++) expect(dp[k]).toBeCloseTo((pp[k]! - pm[k]!) / (2 * h), 8);
      for (let y = 0; y < K; y++) expect(dLogProb(item, t, y, p, dp)).toBeCloseTo(dp[y]! / p[y]!, 8);
      const info = information(item, t, p, dp);
      expect(info).toBeCloseTo(
        dp.reduce((s, d, k) => s + (d * d) / p[k]!, 0),
        10,
      );
    }
  });
  it('the M-step gradient (and Hessian where analytic) match finite differences of the objective', () => {
    const { nodes } = gaussHermite(11);
    const Q = nodes.length;
    const r = Float64Array.from({ length: K * Q }, (_, i) => 1 + ((i * 7919) % 13));
    const prior = { alpha: 5, beta: 17 };
    const v = Float64Array.from(x);
    const grad = new Float64Array(v.length);
    const hess = new Float64Array(v.length ** 2);
    const work = new Float64Array(K);
    itemObjective(kind, K, v, r, 0, nodes, prior, grad, hess, work);
    const g2 = new Float64Array(v.length);
    const f = (w: Float64Array) => itemObjective(kind, K, w, r, 0, nodes, prior, g2, undefined, work);
    for (let i = 0; i < v.length; i++) {
      const h = 1e-6;
      const up = Float64Array.from(v);
      up[i]! += h;
      const down = Float64Array.from(v);
      down[i]! -= h;
      expect(grad[i]).toBeCloseTo((f(up) - f(down)) / (2 * h), 4);
      if (kind === 'logistic' || kind === 'gpcm') {
        const gu = new Float64Array(v.length);
        const gd = new Float64Array(v.length);
        itemObjective(kind, K, up, r, 0, nodes, prior, gu, undefined, work);
        itemObjective(kind, K, down, r, 0, nodes, prior, gd, undefined, work);
        for (let j = 0; j < v.length; j++)
          expect(hess[j * v.length + i]).toBeCloseTo((gu[j]! - gd[j]!) / (2 * h), 4);
      }
    }
  });
});

it('2PL information is a²P(1 − P): 1 for a = 2 at the difficulty', () => {
  const p = new Float64Array(2);
  expect(information(view('logistic', 2, [2, 0]), 0, p, new Float64Array(2))).toBe(1);
});

it('graded log-probabilities stay finite far out (no 1 − 1 cancellation)', () => {
  const lp = new Float64Array(3);
  logProbs(view('graded', 3, [3, 40, 39]), -30, lp, 0, 1);
  expect(lp.every(Number.isFinite)).toBe(true);
});
