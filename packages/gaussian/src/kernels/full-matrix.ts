/**
 * The E-step loops shared by the full and tied kernels. They differ only in where each component's
 * d × d block lives: `stride` is d² for full (one block per component) and 0 for tied (every
 * component reads and writes the same block).
 */

const LOG_2PI = Math.log(2 * Math.PI);

/** Log-density (no weights added) of every sample under every component, from upper Cholesky factors. */
export function logProbWithFactors(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  means: Float64Array,
  precisionsCholesky: Float64Array,
  stride: number,
  out: Float64Array,
): void {
  const diff = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    const pOff = c * stride;
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += Math.log(precisionsCholesky[pOff + j * d + j]!);
    const constant = -0.5 * d * LOG_2PI + logDet;
    for (let i = 0; i < n; i++) {
      const xOff = i * d;
      for (let j = 0; j < d; j++) diff[j] = X[xOff + j]! - means[c * d + j]!;
      // y = diff · U; Σ y² is the Mahalanobis distance.
      let maha = 0;
      for (let j = 0; j < d; j++) {
        let y = 0;
        for (let m = 0; m < d; m++) y += diff[m]! * precisionsCholesky[pOff + m * d + j]!;
        maha += y * y;
      }
      out[i * k + c] = constant - 0.5 * maha;
    }
  }
}

/** Adds Σ r, Σ r (x − m) and the upper triangle of Σ r (x − m)(x − m)ᵀ per component. */
export function accumulateScatter(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  resp: Float64Array,
  centres: Float64Array,
  nk: Float64Array,
  s1: Float64Array,
  s2: Float64Array,
  stride: number,
): void {
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const xOff = i * d;
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c]!;
      if (r === 0) continue; // hard assignments (k-means initialisation) and flushed tails
      nk[c]! += r;
      const sOff = c * stride;
      for (let j = 0; j < d; j++) {
        const v = X[xOff + j]! - centres[c * d + j]!;
        diff[j] = v;
        s1[c * d + j]! += r * v;
      }
      for (let a = 0; a < d; a++) {
        const ra = r * diff[a]!;
        for (let b = a; b < d; b++) s2[sOff + a * d + b]! += ra * diff[b]!;
      }
    }
  }
}
