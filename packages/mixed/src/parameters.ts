import type { Factor } from './design.js';
import { cholesky, spdInverse, spdLogDet } from './linalg.js';

/** The variance parameters EM iterates on: σ² and each factor's q × q covariance Σₖ (absolute). */
export interface VarianceParams {
  /** Residual variance σ². */
  sigma2: number;
  /** Σₖ per factor, q × q row-major (1 × 1 σ²ₐ for a relationship factor). */
  cov: Float64Array[];
}

/** Number of free covariance parameters of a factor. */
export function nCovParams(f: Factor): number {
  return f.covariance === 'diagonal' ? f.q : (f.q * (f.q + 1)) / 2;
}

/**
 * A covariance as unconstrained numbers: the log-Cholesky parametrisation (Pinheiro & Bates 1996) —
 * the lower Cholesky factor row by row with its diagonal on the log scale — or log variances when
 * diagonal. Every vector maps back to a positive definite matrix.
 */
export function packCov(cov: Float64Array, f: Factor, out: Float64Array, at: number): number | undefined {
  const q = f.q;
  if (f.covariance === 'diagonal') {
    for (let a = 0; a < q; a++) out[at + a] = Math.log(cov[a * q + a]!);
    return at + q;
  }
  const l = Float64Array.from(cov);
  if (!cholesky(l, q)) return undefined;
  for (let a = 0; a < q; a++)
    for (let c = 0; c <= a; c++) out[at++] = a === c ? Math.log(l[a * q + a]!) : l[a * q + c]!;
  return at;
}

/** The inverse of {@link packCov}. */
export function unpackCov(v: Float64Array, f: Factor, at: number): Float64Array {
  const q = f.q;
  const out = new Float64Array(q * q);
  if (f.covariance === 'diagonal') {
    for (let a = 0; a < q; a++) out[a * q + a] = Math.exp(v[at + a]!);
    return out;
  }
  const l = new Float64Array(q * q);
  for (let a = 0; a < q; a++)
    for (let c = 0; c <= a; c++) {
      const x = v[at++]!;
      l[a * q + c] = a === c ? Math.exp(x) : x;
    }
  for (let a = 0; a < q; a++)
    for (let c = 0; c <= a; c++) {
      let s = 0;
      for (let k = 0; k <= c; k++) s += l[a * q + k]! * l[c * q + k]!;
      out[a * q + c] = s;
      out[c * q + a] = s;
    }
  return out;
}

/** Ψₖ⁻¹ = σ² Σₖ⁻¹ and log det Ψₖ for the engine; undefined when a Σₖ is not positive definite. */
export function relativePrecisions(
  params: VarianceParams,
  factors: Factor[],
): { psiInverse: Float64Array[]; logDetPsi: number[] } | undefined {
  const psiInverse: Float64Array[] = [];
  const logDetPsi: number[] = [];
  for (let k = 0; k < factors.length; k++) {
    const q = factors[k]!.q;
    const inv = spdInverse(params.cov[k]!, q);
    const ld = spdLogDet(params.cov[k]!, q);
    if (!inv || !Number.isFinite(ld)) return undefined;
    for (let t = 0; t < inv.length; t++) inv[t]! *= params.sigma2;
    psiInverse.push(inv);
    logDetPsi.push(ld - q * Math.log(params.sigma2));
  }
  return { psiInverse, logDetPsi };
}
