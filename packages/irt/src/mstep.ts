// The M-step: each item's parameters maximise its expected complete-data log-likelihood given the
// expected counts (a weighted logistic, graded or partial-credit regression on the quadrature nodes),
// by Newton's method from the current values. The 1PL's common slope couples the items: one Newton
// step over all intercepts and the slope, solved through the Schur complement of the slope.

import { analyticHessian, GUESSING_LOGIT_LIMIT, itemObjective } from './items.js';
import type { Layout } from './layout.js';
import { maximize } from './optimize.js';
import type { BetaPrior } from './types.js';

/** The item's own parameters (a, d_1 … d_{K−1}, [logit g]) out of the vector. */
function extract(layout: Layout, x: Float64Array, j: number, out: Float64Array): void {
  out[0] = layout.slope[j]! < 0 ? layout.fixedSlope : x[layout.slope[j]!]!;
  const K = layout.K[j]!;
  for (let k = 0; k < K - 1; k++) out[1 + k] = x[layout.intercept[j]! + k]!;
  if (layout.guess[j]! >= 0) out[K] = x[layout.guess[j]!]!;
}

function store(layout: Layout, x: Float64Array, j: number, from: Float64Array): void {
  if (layout.slope[j]! >= 0 && layout.itemType !== '1PL') x[layout.slope[j]!] = from[0]!;
  const K = layout.K[j]!;
  for (let k = 0; k < K - 1; k++) x[layout.intercept[j]! + k] = from[1 + k]!;
  if (layout.guess[j]! >= 0) x[layout.guess[j]!] = from[K]!;
}

/** Item j's objective and derivatives, over all its own parameters. */
export function itemTerms(
  layout: Layout,
  x: Float64Array,
  j: number,
  stats: Float64Array,
  nodes: Float64Array,
  prior: BetaPrior,
  grad: Float64Array,
  hess: Float64Array | undefined,
): number {
  const n = layout.K[j]! + (layout.guess[j]! >= 0 ? 1 : 0);
  const own = new Float64Array(n);
  extract(layout, x, j, own);
  const work = new Float64Array(layout.K[j]!);
  return itemObjective(
    layout.kind,
    layout.K[j]!,
    own,
    stats,
    layout.cell[j]!,
    nodes,
    prior,
    grad,
    hess,
    work,
  );
}

/** One M-step: new parameters from the expected counts, starting at x (not modified). */
export function mStep(
  layout: Layout,
  stats: Float64Array,
  x: Float64Array,
  nodes: Float64Array,
  prior: BetaPrior,
): Float64Array {
  const next = Float64Array.from(x);
  if (layout.itemType === '1PL') {
    commonSlopeStep(layout, stats, next, nodes);
    return next;
  }
  const J = layout.K.length;
  for (let j = 0; j < J; j++) {
    const K = layout.K[j]!;
    const n = K + (layout.guess[j]! >= 0 ? 1 : 0);
    const own = new Float64Array(n);
    extract(layout, next, j, own);
    const work = new Float64Array(K);
    const off = layout.cell[j]!;
    if (layout.itemType === 'Rasch') {
      // Only the intercept is free: the logistic objective restricted to coordinate 1.
      const a = own[0]!;
      const full = new Float64Array(2);
      const g2 = new Float64Array(2);
      const h2 = new Float64Array(4);
      const d = new Float64Array([own[1]!]);
      maximize(
        (v, grad, hess) => {
          full[0] = a;
          full[1] = v[0]!;
          const f = itemObjective(
            'logistic',
            2,
            full,
            stats,
            off,
            nodes,
            prior,
            g2,
            hess ? h2 : undefined,
            work,
          );
          grad[0] = g2[1]!;
          if (hess) hess[0] = h2[3]!;
          return f;
        },
        d,
        true,
      );
      own[1] = d[0]!;
    } else {
      if (layout.kind === 'guessing')
        own[K] = Math.min(GUESSING_LOGIT_LIMIT, Math.max(-GUESSING_LOGIT_LIMIT, own[K]!));
      maximize(
        (v, grad, hess) => itemObjective(layout.kind, K, v, stats, off, nodes, prior, grad, hess, work),
        own,
        analyticHessian(layout.kind),
      );
      if (layout.kind === 'guessing' && Math.abs(own[K]!) > GUESSING_LOGIT_LIMIT - 1)
        slopeInterceptStep(own, stats, off, nodes, prior, work);
    }
    store(layout, next, j, own);
  }
  return next;
}

/**
 * A 3PL item whose g sits at its bound: Newton steps towards the bound are halved again and again, so
 * the slope and intercept barely move with them. Maximise over (a, d) with logit g held where it is.
 */
function slopeInterceptStep(
  own: Float64Array,
  stats: Float64Array,
  off: number,
  nodes: Float64Array,
  prior: BetaPrior,
  work: Float64Array,
): void {
  const full = Float64Array.from(own);
  const g3 = new Float64Array(3);
  const ad = own.subarray(0, 2).slice();
  maximize(
    (v, grad) => {
      full[0] = v[0]!;
      full[1] = v[1]!;
      const f = itemObjective('guessing', 2, full, stats, off, nodes, prior, g3, undefined, work);
      grad[0] = g3[0]!;
      grad[1] = g3[1]!;
      return f;
    },
    ad,
    false,
  );
  own[0] = ad[0]!;
  own[1] = ad[1]!;
}

/** Newton's method over (d_1 … d_J, a) for the 1PL: concave, with an arrow-shaped Hessian. */
function commonSlopeStep(layout: Layout, stats: Float64Array, x: Float64Array, nodes: Float64Array): void {
  const J = layout.K.length;
  const ai = layout.size - 1;
  const prior = { alpha: 1, beta: 1 };
  const own = new Float64Array(2);
  const grad = new Float64Array(2);
  const hess = new Float64Array(4);
  const work = new Float64Array(2);
  const gd = new Float64Array(J);
  const hdd = new Float64Array(J);
  const had = new Float64Array(J);
  const trial = new Float64Array(x.length);
  const evaluate = (v: Float64Array, withDerivatives: boolean) => {
    let f = 0;
    let ga = 0;
    let haa = 0;
    for (let j = 0; j < J; j++) {
      own[0] = v[ai]!;
      own[1] = v[layout.intercept[j]!]!;
      f += itemObjective('logistic', 2, own, stats, layout.cell[j]!, nodes, prior, grad, hess, work);
      if (withDerivatives) {
        ga += grad[0]!;
        haa += hess[0]!;
        gd[j] = grad[1]!;
        had[j] = hess[1]!;
        hdd[j] = hess[3]!;
      }
    }
    return { f, ga, haa };
  };
  let current = evaluate(x, true);
  for (let iter = 0; iter < 100; iter++) {
    // Solve (−H) Δ = g with −H = [[D, c], [cᵀ, e]], D = −diag(h_dd), c = −h_ad, e = −h_aa.
    let schur = -current.haa;
    let rhs = current.ga;
    for (let j = 0; j < J; j++) {
      const D = -hdd[j]!;
      const c = -had[j]!;
      schur -= (c * c) / D;
      rhs -= (c * gd[j]!) / D;
    }
    const da = rhs / schur;
    if (!Number.isFinite(da)) return;
    let t = 1;
    let accepted = false;
    let change = 0;
    for (let half = 0; half < 50; half++) {
      trial.set(x);
      change = Math.abs(t * da) / (1 + Math.abs(x[ai]!));
      trial[ai]! += t * da;
      for (let j = 0; j < J; j++) {
        const step = (t * (gd[j]! + had[j]! * da)) / -hdd[j]!;
        trial[layout.intercept[j]!]! += step;
        change = Math.max(change, Math.abs(step) / (1 + Math.abs(x[layout.intercept[j]!]!)));
      }
      const value = evaluate(trial, false).f;
      if (Number.isFinite(value) && value >= current.f - 1e-12 * Math.abs(current.f)) {
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) return;
    x.set(trial);
    current = evaluate(x, true);
    if (change < 1e-12) return;
  }
}
