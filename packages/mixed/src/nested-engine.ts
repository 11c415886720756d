// The in-memory engine of a grouping factor with a factor nested in it ((1 | school/class)): every
// group and its nested levels are one independent block of the mixed-model equations, solved with
// the per-group kernel on the very sums (GroupBlock) a streamed or sharded fit makes, in the same
// order — so one sorted source gives the same bits as this engine.
import type { Design, Factor } from './design.js';
import type { Engine } from './engine.js';
import { foldGroupStats, GroupBlock, groupPrecision } from './group-block.js';
import {
  type EffectSums,
  factorGroup,
  groupCondVar,
  groupEffects,
  groupEmStats,
  reduceGroup,
} from './group-kernel.js';
import { cholesky, cholSolve, logDetFromCholesky, spdInverseFromCholesky } from './linalg.js';

/**
 * Which of two factors is nested in the other (each of its levels within one level of the other),
 * or undefined; with neither a relationship matrix. The one with more levels is the inner one.
 */
export function nestedPair(d: Design): { outer: number; inner: number } | undefined {
  const { factors, n } = d;
  if (factors.length !== 2 || factors.some((f) => f.relationship)) return undefined;
  const within = (inner: Factor, outer: Factor) => {
    const of = new Int32Array(inner.levels.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const l = inner.index[i]!;
      const g = outer.index[i]!;
      if (of[l] === -1) of[l] = g;
      else if (of[l] !== g) return false;
    }
    return true;
  };
  const [a, b] = factors as [Factor, Factor];
  const inner = a.levels.length >= b.levels.length ? 0 : 1;
  return within(factors[inner]!, factors[1 - inner]!) ? { outer: 1 - inner, inner } : undefined;
}

/** One group's kept solution: its rows' block size, factor, solves and where its effects go. */
interface Solved {
  m: number;
  chol: Float64Array;
  u: Float64Array;
  h: Float64Array;
  zty: Float64Array;
  /** The nested levels' indices (in the inner factor's levels), in block order. */
  innerIndex: number[];
}

/** The engine of a nested pair (see {@link nestedPair}). */
export function nestedEngine(d: Design, pair: { outer: number; inner: number }): Engine {
  const { n, p, x, y } = d;
  const outer = d.factors[pair.outer]!;
  const inner = d.factors[pair.inner]!;
  const q = outer.q;
  const q2 = inner.q;
  const G = outer.levels.length;
  // Rows of each group, in data order, as a source sorted by group holds them.
  const rowsOf: number[][] = Array.from({ length: G }, () => []);
  for (let i = 0; i < n; i++) rowsOf[outer.index[i]!]!.push(i);
  let xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  let yty = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    yty += yi * yi;
    for (let a = 0; a < p; a++) {
      const xa = x[i * p + a]!;
      xty[a]! += xa * yi;
      for (let c = 0; c <= a; c++) xtx[a * p + c]! += xa * x[i * p + c]!;
    }
  }
  xtx = Float64Array.from(xtx);
  const block = new GroupBlock(p, q, q2);
  const innerPosition = new Map(inner.levels.map((l, i) => [l, i]));
  const groups = rowsOf.map((rows, g) => {
    block.reset();
    for (const i of rows)
      block.add(outer.z, i * q, x, i * p, y[i]!, inner.levels[inner.index[i]!]!, inner.z, i * q2);
    const c = block.finish();
    return {
      m: c.m,
      ztz: Float64Array.from(c.ztz),
      ztx: Float64Array.from(c.ztx),
      zty: Float64Array.from(c.zty),
      innerIndex: c.inner!.map((l) => innerPosition.get(l)!),
      label: outer.levels[g]!,
    };
  });
  // Effects factor after factor, in the order of d.factors.
  const offsets = pair.outer === 0 ? [0, G * q] : [0, inner.levels.length * q2];
  const m = G * q + inner.levels.length * q2;
  const maxM = Math.max(q, ...groups.map((g) => g.m));
  const col = new Float64Array(maxM);
  const pinvScratch = new Float64Array(maxM * maxM);
  return {
    m,
    offsets,
    solve(psiInverse, logDetPsi) {
      const po = psiInverse[pair.outer]!;
      const pi = psiInverse[pair.inner]!;
      const s = new Float64Array(p * p);
      const rhs = new Float64Array(p);
      let logDetM = 0;
      const solved: Solved[] = [];
      for (const g of groups) {
        const { m: mg } = g;
        const chol = new Float64Array(mg * mg);
        const u = new Float64Array(mg);
        const h = new Float64Array(mg * p);
        const pinv = groupPrecision(q, q2, mg, po, pi, pinvScratch);
        const logDet = factorGroup(mg, p, g.ztz, g.ztx, g.zty, pinv, chol, u, h, col);
        if (logDet === undefined) return undefined;
        logDetM += logDet;
        reduceGroup(mg, p, g.ztx, u, h, s, rhs);
        solved.push({ m: mg, chol, u, h, zty: g.zty, innerIndex: g.innerIndex });
      }
      // As the coordinator of a streamed fit adds them: XᵀX + Σ, Xᵀy + Σ.
      for (let a = 0; a < p; a++) {
        rhs[a] = xty[a]! + rhs[a]!;
        for (let c = 0; c <= a; c++) s[a * p + c] = xtx[a * p + c]! + s[a * p + c]!;
      }
      for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) s[c * p + a] = s[a * p + c]!;
      if (p > 0 && !cholesky(s, p)) return undefined;
      const logDetS = logDetFromCholesky(s, p);
      const beta = Float64Array.from(rhs);
      if (p > 0) cholSolve(s, p, beta);
      const b = new Float64Array(m);
      const groupB: Float64Array[] = [];
      const sums: EffectSums = { r2: 0, penalty: 0, trace: 0 };
      solved.forEach((g, k) => {
        const bg = new Float64Array(g.m);
        const pinv = groupPrecision(q, q2, g.m, po, pi, pinvScratch);
        groupEffects(g.m, p, g.u, g.h, g.zty, beta, pinv, bg, sums);
        groupB.push(bg);
        for (let a = 0; a < q; a++) b[offsets[pair.outer]! + k * q + a] = bg[a]!;
        g.innerIndex.forEach((l, j) => {
          for (let a = 0; a < q2; a++) b[offsets[pair.inner]! + l * q2 + a] = bg[q + j * q2 + a]!;
        });
      });
      let r2 = yty;
      for (let a = 0; a < p; a++) r2 -= beta[a]! * xty[a]!;
      r2 += sums.r2;
      let sInv: Float64Array | undefined;
      const sInverse = () => {
        sInv ??= spdInverseFromCholesky(s, p);
        return sInv;
      };
      let logDetG = 0;
      d.factors.forEach((f, k) => {
        logDetG += f.levels.length * logDetPsi[k]!;
      });
      return {
        r2,
        logDetG,
        logDetM,
        logDetS,
        beta,
        b,
        penalty: sums.penalty,
        sInverse,
        emStats(sigma2, reml) {
          const acc = new Float64Array(q * q);
          const innerAcc = new Float64Array(q2 * q2);
          const si = reml ? sInverse() : undefined;
          const traceSums: EffectSums = { r2: 0, penalty: 0, trace: 0 };
          solved.forEach((g, k) => {
            const ga = new Float64Array(g.m * g.m);
            const cl = new Float64Array(g.m * g.m);
            const pinv = groupPrecision(q, q2, g.m, po, pi, pinvScratch);
            groupEmStats(g.m, p, g.chol, g.h, groupB[k]!, sigma2, si, pinv, ga, cl, traceSums);
            foldGroupStats(q, q2, g.m, ga, acc, innerAcc);
          });
          const factors: Float64Array[] = [];
          factors[pair.outer] = acc;
          factors[pair.inner] = innerAcc;
          return { factors, trace: traceSums.trace };
        },
        condVar() {
          const outerVar: Float64Array[] = [];
          const innerVar: Float64Array[] = new Array(inner.levels.length);
          for (const g of solved) {
            const cl = new Float64Array(g.m * g.m);
            groupCondVar(g.chol, g.m, cl);
            const own = new Float64Array(q * q);
            for (let a = 0; a < q; a++) for (let c = 0; c < q; c++) own[a * q + c] = cl[a * g.m + c]!;
            outerVar.push(own);
            g.innerIndex.forEach((l, j) => {
              const o = q + j * q2;
              const v = new Float64Array(q2 * q2);
              for (let a = 0; a < q2; a++)
                for (let c = 0; c < q2; c++) v[a * q2 + c] = cl[(o + a) * g.m + o + c]!;
              innerVar[l] = v;
            });
          }
          const out: Float64Array[][] = [];
          out[pair.outer] = outerVar;
          out[pair.inner] = innerVar;
          return out;
        },
      };
    },
  };
}
