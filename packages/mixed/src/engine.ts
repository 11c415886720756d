import { blockEngine, nestedChain } from './block-engine.js';
import type { Design, Factor } from './design.js';
import { cholesky, cholSolve, invertLowerTransposed, logDetFromCholesky } from './linalg.js';

/**
 * The mixed-model equations at one value of the relative covariances Ψₖ = Σₖ/σ² (Henderson 1950):
 *
 *   [ZᵀZ + G̃⁻¹  ZᵀX] [b]   [Zᵀy]
 *   [XᵀZ        XᵀX] [β] = [Xᵀy],   G̃ = blockdiag(I ⊗ Ψₖ, ψ A)
 *
 * What an evaluation returns is enough for the log-likelihood (ML profiled over β, or REML), for the
 * EM statistics and for the fixed effects' covariance.
 */
export interface Evaluation {
  /** Penalised residual sum of squares r² = ‖y − Xβ̂ − Zb̂‖² + b̂ᵀG̃⁻¹b̂. */
  r2: number;
  /** log det G̃. */
  logDetG: number;
  /** log det (ZᵀZ + G̃⁻¹). */
  logDetM: number;
  /** log det of XᵀV̄⁻¹X (V̄ = V/σ²), the Schur complement S. */
  logDetS: number;
  /** β̂ (generalised least squares). */
  beta: Float64Array;
  /** b̂: conditional modes, factor after factor, level after level, term after term. */
  b: Float64Array;
  /** b̂ᵀG̃⁻¹b̂. */
  penalty: number;
  /** S⁻¹ (p × p). */
  sInverse(): Float64Array;
  /**
   * EM statistics: per factor Σₗ b̂ₗb̂ₗᵀ + σ²·Cₗₗ (q × q; for a relationship factor the scalar
   * b̂ᵀA⁻¹b̂ + σ² tr(A⁻¹C)), and tr(G̃⁻¹C), where C is Var(b | y)/σ²: with β fixed (ML) or with β
   * integrated out (REML).
   */
  emStats(sigma2: number, reml: boolean): { factors: Float64Array[]; trace: number };
  /** Conditional covariances of each level's effects given β̂, divided by σ² (lme4's condVar). */
  condVar(): Float64Array[][];
}

/** Mixed-model equations for one design, solvable at any Ψ. */
export interface Engine {
  /** Total number of random effects m = Σ qₖ Lₖ. */
  m: number;
  /** Offset of each factor's effects in b. */
  offsets: number[];
  /** Solves at the relative precisions Ψₖ⁻¹ (q × q; 1 × 1 1/ψ for a relationship factor); undefined if singular. */
  solve(psiInverse: Float64Array[], logDetPsi: number[]): Evaluation | undefined;
}

function offsetsOf(factors: Factor[]): { offsets: number[]; m: number } {
  const offsets: number[] = [];
  let m = 0;
  for (const f of factors) {
    offsets.push(m);
    m += f.q * f.levels.length;
  }
  return { offsets, m };
}

function logDetG(factors: Factor[], logDetPsi: number[]): number {
  let s = 0;
  factors.forEach((f, k) => {
    s += f.levels.length * logDetPsi[k]!;
    if (f.relationship) s += f.relationship.logDet;
  });
  return s;
}

/** Xᵀ X, Xᵀ y and yᵀ y. */
function fixedCrossProducts(d: Design) {
  const { n, p, x, y } = d;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  let yty = 0;
  for (let i = 0; i < n; i++) {
    const r = i * p;
    const yi = y[i]!;
    yty += yi * yi;
    for (let a = 0; a < p; a++) {
      const xa = x[r + a]!;
      xty[a]! += xa * yi;
      for (let c = 0; c <= a; c++) xtx[a * p + c]! += xa * x[r + c]!;
    }
  }
  for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) xtx[c * p + a] = xtx[a * p + c]!;
  return { xtx, xty, yty };
}

/**
 * Any number of crossed or nested factors and relationship matrices: the mixed-model equations as one
 * dense (m + p) × (m + p) system, unknowns ordered b then β so that the leading block of its Cholesky
 * factor is that of ZᵀZ + G̃⁻¹ and the trailing one that of S.
 */
export function denseEngine(d: Design): Engine {
  const { n, p, factors } = d;
  const { offsets, m } = offsetsOf(factors);
  const N = m + p;
  const { yty } = fixedCrossProducts(d);
  const base = new Float64Array(N * N);
  const rhs0 = new Float64Array(N);
  const cols = new Int32Array(m === 0 ? 1 : factors.reduce((s, f) => s + f.q, 0) + p);
  const vals = new Float64Array(cols.length);
  for (let i = 0; i < n; i++) {
    let c = 0;
    factors.forEach((f, k) => {
      const o = offsets[k]! + f.index[i]! * f.q;
      for (let t = 0; t < f.q; t++) {
        cols[c] = o + t;
        vals[c++] = f.z[i * f.q + t]!;
      }
    });
    for (let a = 0; a < p; a++) {
      cols[c] = m + a;
      vals[c++] = d.x[i * p + a]!;
    }
    const yi = d.y[i]!;
    for (let a = 0; a < c; a++) {
      const ca = cols[a]!;
      const va = vals[a]!;
      rhs0[ca]! += va * yi;
      for (let e = 0; e < c; e++) {
        const ce = cols[e]!;
        if (ce <= ca) base[ca * N + ce]! += va * vals[e]!;
      }
    }
  }
  return {
    m,
    offsets,
    solve(psiInverse, logDetPsi) {
      const c = Float64Array.from(base);
      factors.forEach((f, k) => {
        const pinv = psiInverse[k]!;
        const o = offsets[k]!;
        const L = f.levels.length;
        if (f.relationship) {
          const ai = f.relationship.inverse;
          const s = pinv[0]!;
          for (let i = 0; i < L; i++)
            for (let j = 0; j <= i; j++) c[(o + i) * N + o + j]! += s * ai[i * L + j]!;
        } else {
          const q = f.q;
          for (let l = 0; l < L; l++)
            for (let a = 0; a < q; a++)
              for (let e = 0; e <= a; e++) c[(o + l * q + a) * N + o + l * q + e]! += pinv[a * q + e]!;
        }
      });
      if (!cholesky(c, N)) return undefined;
      const sol = Float64Array.from(rhs0);
      cholSolve(c, N, sol);
      let r2 = yty;
      for (let i = 0; i < N; i++) r2 -= sol[i]! * rhs0[i]!;
      const b = sol.slice(0, m);
      const beta = sol.slice(m);
      let penalty = 0;
      factors.forEach((f, k) => {
        const pinv = psiInverse[k]!;
        const o = offsets[k]!;
        const L = f.levels.length;
        if (f.relationship) {
          const ai = f.relationship.inverse;
          let v = 0;
          for (let i = 0; i < L; i++) {
            let w = 0;
            for (let j = 0; j < L; j++) w += ai[i * L + j]! * b[o + j]!;
            v += b[o + i]! * w;
          }
          penalty += pinv[0]! * v;
        } else {
          const q = f.q;
          for (let l = 0; l < L; l++)
            for (let a = 0; a < q; a++)
              for (let e = 0; e < q; e++) penalty += b[o + l * q + a]! * pinv[a * q + e]! * b[o + l * q + e]!;
        }
      });
      let inv: Float64Array | undefined;
      const linv = () => {
        inv ??= invertLowerTransposed(c, N);
        return inv;
      };
      // (C⁻¹)ᵢⱼ summed over k < limit: limit m gives (ZᵀZ + G̃⁻¹)⁻¹, N the full inverse.
      const entry = (t: Float64Array, i: number, j: number, limit: number) => {
        let v = 0;
        const ri = i * N;
        const rj = j * N;
        for (let k = Math.max(i, j); k < limit; k++) v += t[ri + k]! * t[rj + k]!;
        return v;
      };
      const blocks = (limit: number, k: number): Float64Array[] => {
        const t = linv();
        const f = factors[k]!;
        const q = f.q;
        const o = offsets[k]!;
        return Array.from({ length: f.levels.length }, (_, l) => {
          const out = new Float64Array(q * q);
          for (let a = 0; a < q; a++)
            for (let e = 0; e < q; e++) out[a * q + e] = entry(t, o + l * q + a, o + l * q + e, limit);
          return out;
        });
      };
      return {
        r2,
        logDetG: logDetG(factors, logDetPsi),
        logDetM: logDetFromCholesky(c, N, 0, m),
        logDetS: logDetFromCholesky(c, N, m, N),
        beta,
        b,
        penalty,
        sInverse() {
          const t = linv();
          const out = new Float64Array(p * p);
          for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[i * p + j] = entry(t, m + i, m + j, N);
          return out;
        },
        emStats(sigma2, reml) {
          const limit = reml ? N : m;
          const t = linv();
          let trace = 0;
          const out = factors.map((f, k) => {
            const pinv = psiInverse[k]!;
            const o = offsets[k]!;
            const L = f.levels.length;
            if (f.relationship) {
              const ai = f.relationship.inverse;
              let quad = 0;
              let tr = 0;
              for (let i = 0; i < L; i++) {
                let w = 0;
                for (let j = 0; j < L; j++) w += ai[i * L + j]! * b[o + j]!;
                quad += b[o + i]! * w;
                // tr(A⁻¹C) over the lower triangle, off-diagonal entries twice (both are symmetric).
                for (let j = 0; j < i; j++) tr += 2 * ai[i * L + j]! * entry(t, o + i, o + j, limit);
                tr += ai[i * L + i]! * entry(t, o + i, o + i, limit);
              }
              trace += pinv[0]! * tr;
              return Float64Array.of(quad + sigma2 * tr);
            }
            const q = f.q;
            const acc = new Float64Array(q * q);
            for (const [l, cl] of blocks(limit, k).entries()) {
              for (let a = 0; a < q; a++)
                for (let e = 0; e < q; e++) {
                  acc[a * q + e]! += b[o + l * q + a]! * b[o + l * q + e]! + sigma2 * cl[a * q + e]!;
                  trace += pinv[a * q + e]! * cl[e * q + a]!;
                }
            }
            return acc;
          });
          return { factors: out, trace };
        },
        condVar() {
          return factors.map((_, k) => blocks(m, k));
        },
      };
    },
  };
}

/**
 * The block engine when it applies (one grouping factor, alone or with factors nested in it to any
 * depth, no relationship matrix), else the dense one (crossed factors, animal models).
 */
export function chooseEngine(d: Design): Engine {
  const chain = nestedChain(d);
  return chain ? blockEngine(d, chain) : denseEngine(d);
}
