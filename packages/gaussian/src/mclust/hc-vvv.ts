import type { FlatMatrix } from '@em/core/numeric';
import { addRowToFactor, dot } from './givens.js';
import { PairCosts } from './hc-slots.js';

const RT_HALF = Math.SQRT1_2;

/** A candidate merge: its scatter trace, cost, factor, and the weights of the two √m·mean rows. */
interface Candidate {
  trace: number;
  cost: number;
  factor: Float64Array;
  /** Weight of the lower slot's and the upper slot's √m·mean row in the merged one. */
  wLow: number;
  wHigh: number;
}

/**
 * Agglomeration under mclust's VVV model (Fraley 1998, mclust's `hcvvv`): a cluster of m points with
 * scatter W costs m·log(|W/m| + β(tr W + α)/m) (only the trace part while m ≤ p); a merge costs the
 * increase. Scatter matrices are kept as triangular factors updated by Givens rotations. Follows
 * mclust's operation order, including two of its quirks the merge sequence depends on:
 * - once a merged cluster is no longer the newest, mclust reads its factor back from storage in
 *   which every row holds the factor's first row (the store copies row 1 each time);
 * - after the first merge, the chosen pair's cost is re-derived as Δ + (costᵢ + costⱼ).
 *
 * @param alpha mclust's α = tr W(X/√(np)) (at least ε); β is 1 as in mclust.
 * @returns The merged slot pairs (slot a < b per merge, n − 1 merges), see `hc-slots.ts`.
 */
export function vvvMerges(X: FlatMatrix, alpha: number): Int32Array {
  const { rows: n, cols: p } = X;
  const merges = new Int32Array(2 * (n - 1));
  if (n < 2) return merges;
  const abLog = Math.log(alpha);
  const pp = p * p;
  const sum = Float64Array.from(X.data); // √m × mean per slot
  const size = new Float64Array(n).fill(1);
  const trace = new Float64Array(n);
  const term = new Float64Array(n).fill(abLog);
  // Stored factor rows per slot as mclust keeps them: the first row of the factor, p values.
  const storedRow = new Float64Array(n * p);
  const d = new PairCosts(n);
  const v = new Float64Array(p);
  const rowBuffer = new Float64Array(p);

  const costOf = (m: number, factor: Float64Array, scale: number, tr: number): number => {
    let value: number;
    if (m <= p) value = Math.log((tr + alpha) / m);
    else if (tr === 0) value = Math.log(alpha / m);
    else {
      let detLog = 0;
      let singular = false;
      for (let k = 0; k < p; k++) {
        const q = factor[k * p + k]! * scale;
        if (Math.abs(q) <= 0) {
          singular = true;
          break;
        }
        detLog += Math.log(Math.abs(q));
      }
      detLog *= 2;
      const traceTerm = (tr + alpha) / m;
      if (singular) value = Math.log(traceTerm);
      else if (detLog <= 0) value = Math.log(Math.exp(detLog) + traceTerm);
      else value = Math.log(1 + Math.exp(-detLog) * traceTerm) + detLog;
    }
    return m * value;
  };

  /** Copies the stored rows of `slot` into `factor` (rows 0..min(m − 1, p) − 1, from the diagonal). */
  const loadStored = (slot: number, factor: Float64Array) => {
    const rows = Math.min(size[slot]! - 1, p);
    for (let k = 0; k < rows; k++) {
      for (let c = k; c < p; c++) factor[k * p + c] = storedRow[slot * p + c]!;
    }
  };

  /** Rotates the stored rows of `slot` into `factor`; `count` is mclust's running count argument. */
  const addStored = (slot: number, factor: Float64Array, count: number, increment: boolean) => {
    const rows = Math.min(size[slot]! - 1, p);
    for (let k = 0; k < rows; k++) {
      const width = p - k;
      for (let c = 0; c < width; c++) rowBuffer[c] = storedRow[slot * p + k + c]!;
      addRowToFactor(increment ? count + k : count, width, rowBuffer, factor, p, k);
    }
  };

  /** v = wx·sum[x] − wy·sum[y], as dscal then daxpy. */
  const difference = (x: number, wx: number, y: number, wy: number) => {
    for (let c = 0; c < p; c++) v[c] = wx * sum[x * p + c]! + -wy * sum[y * p + c]!;
  };

  /** Two singletons: v = (xᵢ − xⱼ)/√2, one factor row. */
  const singletonTrace = (i: number, j: number): number => {
    for (let c = 0; c < p; c++) v[c] = (sum[i * p + c]! + -1 * sum[j * p + c]!) * RT_HALF;
    return dot(v, 0, v, 0, p);
  };
  const singletonPair = (i: number, j: number): Candidate => {
    const tr = singletonTrace(i, j);
    const factor = new Float64Array(pp);
    factor.set(v, 0);
    return { trace: tr, cost: 2 * Math.log((tr + alpha) / 2), factor, wLow: RT_HALF, wHigh: RT_HALF };
  };

  /**
   * The newest cluster `a` (true factor `newest`) with slot k, as mclust's update loops; the factor
   * goes to `factor` (zeroed here).
   */
  const withNewest = (a: number, newest: Float64Array, k: number, factor: Float64Array) => {
    factor.fill(0);
    const na = size[a]!;
    const nk = size[k]!;
    const rows = Math.min(na - 1, p);
    for (let r = 0; r < rows; r++) {
      for (let c = r; c < p; c++) factor[r * p + c] = newest[r * p + c]!;
    }
    if (nk > 1) addStored(k, factor, na + 1, true);
    const m = na + nk;
    const q = 1 / m;
    const wa = Math.sqrt(na * q);
    const wk = Math.sqrt(nk * q);
    difference(k, wa, a, wk);
    const tr = trace[a]! + trace[k]! + dot(v, 0, v, 0, p);
    addRowToFactor(m, p, v, factor, p, 0);
    const cost = costOf(m, factor, Math.sqrt(q), tr);
    scratch.trace = tr;
    scratch.cost = cost;
    scratch.wLow = k < a ? wk : wa;
    scratch.wHigh = k < a ? wa : wk;
    return cost - (term[a]! + term[k]!);
  };
  const scratch = { trace: 0, cost: 0, wLow: 0, wHigh: 0 };
  const work = new Float64Array(pp);

  /** Two older clusters i < j, re-derived from their stored rows (mclust's rescan branch). */
  const olderPair = (i: number, j: number, delta: number): Candidate => {
    const ni = size[i]!;
    const nj = size[j]!;
    if (ni === 1 && nj === 1) {
      const c = singletonPair(i, j);
      return { ...c, cost: delta + (term[i]! + term[j]!) };
    }
    const factor = new Float64Array(pp);
    if (nj === 1) loadStored(i, factor);
    else {
      loadStored(j, factor);
      if (ni > 1) addStored(i, factor, nj + 1, false);
    }
    const m = ni + nj;
    const q = 1 / m;
    const wi = Math.sqrt(ni * q);
    const wj = Math.sqrt(nj * q);
    difference(i, wj, j, wi);
    const tr = trace[i]! + trace[j]! + dot(v, 0, v, 0, p);
    addRowToFactor(m, p, v, factor, p, 0);
    return { trace: tr, cost: delta + (term[i]! + term[j]!), factor, wLow: wi, wHigh: wj };
  };

  for (let j = 1; j < n; j++) {
    for (let i = 0; i < j; i++) {
      d.set(i, j, 2 * Math.log((singletonTrace(i, j) + alpha) / 2) - (abLog + abLog));
    }
  }
  let best = d.best(n);
  let chosen = singletonPair(best.i, best.j);
  for (let step = 0, live = n; step < n - 1; step++, live--) {
    const { i: a, j: b } = best;
    merges[2 * step] = a;
    merges[2 * step + 1] = b;
    if (live === 2) break;
    for (let c = 0; c < p; c++) v[c] = chosen.wLow * sum[a * p + c]! + chosen.wHigh * sum[b * p + c]!;
    const mergedSize = size[a]! + size[b]!;
    const last = live - 1;
    if (b !== last) {
      d.moveSlot(b, last);
      sum.copyWithin(b * p, last * p, last * p + p);
      storedRow.copyWithin(b * p, last * p, last * p + p);
      size[b] = size[last]!;
      trace[b] = trace[last]!;
      term[b] = term[last]!;
    }
    sum.set(v, a * p);
    size[a] = mergedSize;
    trace[a] = chosen.trace;
    term[a] = chosen.cost;
    const newest = chosen.factor;
    storedRow.set(newest.subarray(0, p), a * p);
    for (let k = 0; k < last; k++) {
      if (k !== a) d.set(k, a, withNewest(a, newest, k, work));
    }
    best = d.best(last);
    if (best.i === a || best.j === a) {
      const factor = new Float64Array(pp);
      withNewest(a, newest, best.i === a ? best.j : best.i, factor);
      chosen = { ...scratch, factor };
    } else chosen = olderPair(best.i, best.j, best.value);
  }
  return merges;
}
