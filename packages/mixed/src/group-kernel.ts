// The arithmetic of one level (group) of a single grouping factor, shared by the in-memory block
// engine and the streamed/sharded E-step: both call these in the same order on the same numbers, so
// a group's contribution is the same bits wherever it is computed.
import { cholesky, cholSolve, invertLowerTransposed, logDetFromCholesky } from './linalg.js';

/** Running sums of the second half of an E-step: r² (decremented), b̂ᵀΨ⁻¹b̂ and tr(Ψ⁻¹C). */
export interface EffectSums {
  /** r², decreased by each group's b̂ᵀZᵀy. */
  r2: number;
  /** Σ b̂ₗᵀΨ⁻¹b̂ₗ. */
  penalty: number;
  /** Σ tr(Ψ⁻¹Cₗ). */
  trace: number;
}

/**
 * Mₗ = ZₗᵀZₗ + Ψ⁻¹ factored into `chol`, uₗ = Mₗ⁻¹Zₗᵀy and Hₗ = Mₗ⁻¹ZₗᵀXₗ (q × p); log det Mₗ, or
 * undefined when Mₗ is not positive definite.
 */
export function factorGroup(
  q: number,
  p: number,
  ztz: Float64Array,
  ztx: Float64Array,
  zty: Float64Array,
  pinv: Float64Array,
  chol: Float64Array,
  u: Float64Array,
  h: Float64Array,
  col: Float64Array,
): number | undefined {
  for (let t = 0; t < q * q; t++) chol[t] = ztz[t]! + pinv[t]!;
  if (!cholesky(chol, q)) return undefined;
  const logDet = logDetFromCholesky(chol, q);
  for (let a = 0; a < q; a++) col[a] = zty[a]!;
  cholSolve(chol, q, col);
  u.set(col.subarray(0, q));
  for (let c = 0; c < p; c++) {
    for (let a = 0; a < q; a++) col[a] = ztx[a * p + c]!;
    cholSolve(chol, q, col);
    for (let a = 0; a < q; a++) h[a * p + c] = col[a]!;
  }
  return logDet;
}

/** S −= (ZₗᵀXₗ)ᵀHₗ (lower triangle) and rhs −= (ZₗᵀXₗ)ᵀuₗ: the group's share of the Schur complement. */
export function reduceGroup(
  q: number,
  p: number,
  ztx: Float64Array,
  u: Float64Array,
  h: Float64Array,
  s: Float64Array,
  rhs: Float64Array,
): void {
  for (let a = 0; a < p; a++) {
    let r = 0;
    for (let t = 0; t < q; t++) r += ztx[t * p + a]! * u[t]!;
    rhs[a]! -= r;
    for (let c = 0; c <= a; c++) {
      let v = 0;
      for (let t = 0; t < q; t++) v += ztx[t * p + a]! * h[t * p + c]!;
      s[a * p + c]! -= v;
    }
  }
}

/** b̂ₗ = uₗ − Hₗβ̂ into `b`; r² −= b̂ₗᵀZₗᵀy and penalty += b̂ₗᵀΨ⁻¹b̂ₗ in `sums`. */
export function groupEffects(
  q: number,
  p: number,
  u: Float64Array,
  h: Float64Array,
  zty: Float64Array,
  beta: Float64Array,
  pinv: Float64Array,
  b: Float64Array,
  sums: EffectSums,
): void {
  for (let a = 0; a < q; a++) {
    let v = u[a]!;
    for (let c = 0; c < p; c++) v -= h[a * p + c]! * beta[c]!;
    b[a] = v;
    sums.r2 -= v * zty[a]!;
  }
  for (let a = 0; a < q; a++) for (let c = 0; c < q; c++) sums.penalty += b[a]! * pinv[a * q + c]! * b[c]!;
}

/** Mₗ⁻¹ (q × q) from its Cholesky factor: the group's Var(b | y, β̂)/σ². */
export function groupCondVar(chol: Float64Array, q: number, out: Float64Array): void {
  const t = invertLowerTransposed(chol, q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) {
      let v = 0;
      for (let k = Math.max(i, j); k < q; k++) v += t[i * q + k]! * t[j * q + k]!;
      out[i * q + j] = v;
    }
}

/**
 * The group's EM statistics: acc += b̂b̂ᵀ + σ²Cₗ and sums.trace += tr(Ψ⁻¹Cₗ), with Cₗ = Mₗ⁻¹ (ML) or
 * Mₗ⁻¹ + HₗS⁻¹Hₗᵀ (REML: β integrated out). `cl` is scratch (q × q).
 */
export function groupEmStats(
  q: number,
  p: number,
  chol: Float64Array,
  h: Float64Array,
  b: Float64Array,
  sigma2: number,
  sInverse: Float64Array | undefined,
  pinv: Float64Array,
  acc: Float64Array,
  cl: Float64Array,
  sums: EffectSums,
): void {
  groupCondVar(chol, q, cl);
  if (sInverse) {
    // + Hₗ S⁻¹ Hₗᵀ: the uncertainty of β̂ (REML)
    for (let a = 0; a < q; a++)
      for (let c = 0; c < q; c++) {
        let v = 0;
        for (let i = 0; i < p; i++) {
          let w = 0;
          for (let j = 0; j < p; j++) w += sInverse[i * p + j]! * h[c * p + j]!;
          v += h[a * p + i]! * w;
        }
        cl[a * q + c]! += v;
      }
  }
  for (let a = 0; a < q; a++)
    for (let c = 0; c < q; c++) {
      acc[a * q + c]! += b[a]! * b[c]! + sigma2 * cl[a * q + c]!;
      sums.trace += pinv[a * q + c]! * cl[c * q + a]!;
    }
}
