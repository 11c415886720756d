// The in-memory engine of one grouping factor, alone or with factors nested in it to any depth
// ((1 | g), (1 | school/class), (1 | region/school/class)): every outermost group and its nested
// levels are one independent block of the mixed-model equations, solved with the per-group kernel on
// the very sums (GroupBlock) a streamed or sharded fit makes, in the same order — so one sorted
// source gives the same bits as this engine.
import type { Design, Factor } from './design.js';
import type { Engine } from './engine.js';
import { foldGroupStats, GroupBlock, groupPrecision, type NestedLevel } from './group-block.js';
import {
  type EffectSums,
  factorGroup,
  groupCondVar,
  groupEffects,
  groupEmStats,
  reduceGroup,
} from './group-kernel.js';
import { cholesky, cholSolve, logDetFromCholesky, spdInverseFromCholesky } from './linalg.js';

/** Whether each level of `inner` lies within one level of `outer` (over the n rows). */
function within(inner: Factor, outer: Factor, n: number): boolean {
  const of = new Int32Array(inner.levels.length).fill(-1);
  for (let i = 0; i < n; i++) {
    const l = inner.index[i]!;
    const g = outer.index[i]!;
    if (of[l] === -1) of[l] = g;
    else if (of[l] !== g) return false;
  }
  return true;
}

/**
 * The factors as a chain of nesting, outermost first (indices into `d.factors`): each one's levels
 * within single levels of the one before. Undefined when they are not (crossed factors), or a factor
 * has a relationship matrix. Factors with fewer levels come first; of two with as many, the later one.
 */
export function nestedChain(d: Design): number[] | undefined {
  const { factors, n } = d;
  if (factors.length === 0 || factors.some((f) => f.relationship)) return undefined;
  const chain = factors.map((_, k) => k).reverse();
  chain.sort((a, b) => factors[a]!.levels.length - factors[b]!.levels.length);
  for (let k = 1; k < chain.length; k++)
    if (!within(factors[chain[k]!]!, factors[chain[k - 1]!]!, n)) return undefined;
  return chain;
}

/** One group's sums, kept: its block size, cross-products and nested levels with their positions. */
interface Group {
  m: number;
  ztz: Float64Array;
  ztx: Float64Array;
  zty: Float64Array;
  nested: NestedLevel[];
  /** Each nested level's index among its factor's levels, in block order. */
  levelIndex: number[];
}

/** The groups' sums over the rows of `d`, group by group in level order, each group's rows in data order. */
function groupSums(d: Design, chain: number[]): Group[] {
  const { n, p, x, y } = d;
  const factors = chain.map((k) => d.factors[k]!);
  const outer = factors[0]!;
  const rowsOf: number[][] = Array.from({ length: outer.levels.length }, () => []);
  for (let i = 0; i < n; i++) rowsOf[outer.index[i]!]!.push(i);
  const block = new GroupBlock(
    p,
    factors.map((f) => f.q),
  );
  const zs = factors.map((f) => f.z);
  const position = factors.map((f) => new Map(f.levels.map((l, i) => [l, i])));
  const labels = new Array<string>(factors.length - 1);
  return rowsOf.map((rows) => {
    block.reset();
    for (const i of rows) {
      for (let k = 1; k < factors.length; k++) labels[k - 1] = factors[k]!.levels[factors[k]!.index[i]!]!;
      block.add(zs, i, x, y[i]!, labels);
    }
    const c = block.finish();
    return {
      m: c.m,
      ztz: Float64Array.from(c.ztz),
      ztx: Float64Array.from(c.ztx),
      zty: Float64Array.from(c.zty),
      nested: c.nested,
      levelIndex: c.nested.map((level) => position[level.depth]!.get(level.label)!),
    };
  });
}

/** The engine of a chain of nested factors (see {@link nestedChain}; one factor is a chain too). */
export function blockEngine(d: Design, chain: number[]): Engine {
  const { n, p, x, y } = d;
  const factors = chain.map((k) => d.factors[k]!);
  const qs = factors.map((f) => f.q);
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
  const groups = groupSums(d, chain);
  // Effects factor after factor, in the order of d.factors; `start[k]` where chain factor k's begin.
  const offsets: number[] = [];
  let m = 0;
  for (const f of d.factors) {
    offsets.push(m);
    m += f.q * f.levels.length;
  }
  const start = chain.map((k) => offsets[k]!);
  const maxM = Math.max(...groups.map((g) => g.m));
  const col = new Float64Array(maxM);
  const pinvScratch = new Float64Array(maxM * maxM);
  // Each group's factor, solves and effects: views into buffers made once and reused by every solve
  // (an evaluation is used before the next solve, as with the one-factor engine this replaces).
  const views = (size: (g: Group) => number) => {
    const buffer = new Float64Array(groups.reduce((sum, g) => sum + size(g), 0));
    let o = 0;
    return groups.map((g) => {
      const view = buffer.subarray(o, o + size(g));
      o += size(g);
      return view;
    });
  };
  const chol = views((g) => g.m * g.m);
  const u = views((g) => g.m);
  const h = views((g) => g.m * p);
  const groupB = views((g) => g.m);
  /** Calls `each` with every effect block of group `k`: its depth, level (in its factor) and offset in the block. */
  const place = (k: number, each: (depth: number, level: number, inBlock: number) => void) => {
    const g = groups[k]!;
    // Group k is level k of the outermost factor.
    each(0, k, 0);
    let o = qs[0]!;
    g.nested.forEach((level, j) => {
      each(level.depth, g.levelIndex[j]!, o);
      o += qs[level.depth]!;
    });
  };
  return {
    m,
    offsets,
    solve(psiInverse, logDetPsi) {
      const psi = chain.map((k) => psiInverse[k]!);
      const precision = (g: Group) =>
        chain.length === 1 ? psi[0]! : groupPrecision(qs, g.m, psi, g.nested, pinvScratch);
      // The groups' shares are summed from zero and then added to XᵀX, Xᵀy and yᵀy, as a streamed or
      // sharded fit adds its shards' sums: one shard in this order gives these very bits.
      const s = new Float64Array(p * p);
      const rhs = new Float64Array(p);
      let logDetM = 0;
      for (const [k, g] of groups.entries()) {
        const logDet = factorGroup(g.m, p, g.ztz, g.ztx, g.zty, precision(g), chol[k]!, u[k]!, h[k]!, col);
        if (logDet === undefined) return undefined;
        logDetM += logDet;
        reduceGroup(g.m, p, g.ztx, u[k]!, h[k]!, s, rhs);
      }
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
      const sums: EffectSums = { r2: 0, penalty: 0, trace: 0 };
      for (const [k, g] of groups.entries()) {
        const bg = groupB[k]!;
        groupEffects(g.m, p, u[k]!, h[k]!, g.zty, beta, precision(g), bg, sums);
        // Inline rather than through `place`: with small blocks the call would cost as much as the sums.
        const q0 = qs[0]!;
        for (let a = 0; a < q0; a++) b[start[0]! + k * q0 + a] = bg[a]!;
        let o = q0;
        for (const [j, level] of g.nested.entries()) {
          const q = qs[level.depth]!;
          const at = start[level.depth]! + g.levelIndex[j]! * q;
          for (let a = 0; a < q; a++) b[at + a] = bg[o + a]!;
          o += q;
        }
      }
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
          const accs = qs.map((q) => new Float64Array(q * q));
          const si = reml ? sInverse() : undefined;
          const traceSums: EffectSums = { r2: 0, penalty: 0, trace: 0 };
          const ga = new Float64Array(maxM * maxM);
          const cl = new Float64Array(maxM * maxM);
          for (const [k, g] of groups.entries()) {
            // One factor: straight into its sum (the same bits as 0 + the group's, then added).
            if (chain.length === 1) {
              groupEmStats(g.m, p, chol[k]!, h[k]!, groupB[k]!, sigma2, si, psi[0]!, accs[0]!, cl, traceSums);
              continue;
            }
            const gak = ga.subarray(0, g.m * g.m);
            gak.fill(0);
            groupEmStats(g.m, p, chol[k]!, h[k]!, groupB[k]!, sigma2, si, precision(g), gak, cl, traceSums);
            foldGroupStats(qs, g.m, g.nested, gak, accs);
          }
          const out: Float64Array[] = [];
          chain.forEach((k, depth) => {
            out[k] = accs[depth]!;
          });
          return { factors: out, trace: traceSums.trace };
        },
        condVar() {
          const out: Float64Array[][] = d.factors.map((f) => new Array(f.levels.length));
          for (const [k, g] of groups.entries()) {
            const cl = new Float64Array(g.m * g.m);
            groupCondVar(chol[k]!, g.m, cl);
            place(k, (depth, level, inBlock) => {
              const q = qs[depth]!;
              const v = new Float64Array(q * q);
              for (let a = 0; a < q; a++)
                for (let c = 0; c < q; c++) v[a * q + c] = cl[(inBlock + a) * g.m + inBlock + c]!;
              out[chain[depth]!]![level] = v;
            });
          }
          return out;
        },
      };
    },
  };
}
