import type { CovarianceKernel } from './kernels/types.js';
import type { MixtureParams } from './types.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Rows of `logJoint` (n × k, `log w_c + log N(x_i | c)`) in which every entry is −∞ or NaN because
 * a squared Mahalanobis distance overflowed (|x| near 1e154 and beyond), recomputed so that the
 * responsibilities come out right. With `x = s u` (s the row's largest |x_j|), each distance is
 * expanded as `m_c = s² A_c − 2 s B_c + C_c` (A = uᵀP u, B = uᵀP μ, C = μᵀP μ, all finite), and the
 * row's log-joint is rewritten relative to the component that dominates as s grows (least A, then
 * most B, then largest constant): finite for it, −∞ only where a share truly underflows. Returns
 * the rescued rows' offsets (the dominant component's log-joint, usually −∞: the log-density is
 * below the smallest double), keyed by row, to add back to their log-normalisers.
 */
export function rescueOverflowedRows(
  kernel: CovarianceKernel,
  X: Float64Array,
  n: number,
  d: number,
  params: MixtureParams,
  logJoint: Float64Array,
): Map<number, number> {
  const rescued = new Map<number, number>();
  const k = params.nComponents;
  let constants: Float64Array | undefined;
  for (let i = 0; i < n; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) if (logJoint[i * k + c]! > max) max = logJoint[i * k + c]!;
    if (Number.isFinite(max)) continue;
    constants ??= componentConstants(kernel, d, params);
    rescued.set(i, rescueRow(kernel, X.subarray(i * d, (i + 1) * d), d, params, constants, logJoint, i * k));
  }
  return rescued;
}

/** `b_c = log w_c − d log(2π) / 2 + log det U_c`: each component's log-joint at its own mean. */
function componentConstants(kernel: CovarianceKernel, d: number, params: MixtureParams): Float64Array {
  const k = params.nComponents;
  const out = new Float64Array(k);
  kernel.logDetCholesky(params.precisionsCholesky, k, d, out);
  for (let c = 0; c < k; c++) out[c] = Math.log(params.weights[c]!) - 0.5 * d * LOG_2PI + out[c]!;
  return out;
}

function rescueRow(
  kernel: CovarianceKernel,
  x: Float64Array,
  d: number,
  params: MixtureParams,
  constants: Float64Array,
  logJoint: Float64Array,
  offset: number,
): number {
  const k = params.nComponents;
  let s = 0;
  for (let j = 0; j < d; j++) s = Math.max(s, Math.abs(x[j]!));
  if (!(s > 0 && Number.isFinite(s))) return Number.NEGATIVE_INFINITY;
  const u = new Float64Array(d);
  for (let j = 0; j < d; j++) u[j] = x[j]! / s;
  // The kernel's log-density is (constant − log w) − m / 2: three evaluations give A, C and A − 2B + C.
  const quadratic = (point: Float64Array, means: Float64Array) => {
    const out = new Float64Array(k);
    kernel.estimateLogProb(point, 1, d, k, means, params.precisionsCholesky, out);
    for (let c = 0; c < k; c++) out[c] = -2 * (out[c]! - (constants[c]! - Math.log(params.weights[c]!)));
    return out;
  };
  const A = quadratic(u, new Float64Array(k * d));
  const C = quadratic(new Float64Array(d), params.means);
  const D = quadratic(u, params.means);
  const B = A.map((a, c) => (a + C[c]! - D[c]!) / 2);
  // The finite part of each log-joint: −C / 2 + log w + constant.
  const rest = C.map((value, c) => -0.5 * value + constants[c]!);
  let best = 0;
  for (let c = 1; c < k; c++) {
    const better =
      A[c]! < A[best]! ||
      (A[c] === A[best] && (B[c]! > B[best]! || (B[c] === B[best] && rest[c]! > rest[best]!)));
    if (better) best = c;
  }
  // gap = −s² ΔA / 2 + s ΔB + Δrest, grouped so that an overflow gives −∞, never ∞ − ∞.
  let top = best;
  for (let c = 0; c < k; c++) {
    const gap = s * (s * (-0.5 * (A[c]! - A[best]!)) + (B[c]! - B[best]!)) + (rest[c]! - rest[best]!);
    logJoint[offset + c] = c === best ? 0 : gap;
    if (logJoint[offset + c]! > logJoint[offset + top]!) top = c;
  }
  // s finite but not infinite: another component may still win by a margin too large to hold.
  if (logJoint[offset + top] === Number.POSITIVE_INFINITY) {
    for (let c = 0; c < k; c++) logJoint[offset + c] = c === top ? 0 : Number.NEGATIVE_INFINITY;
    best = top;
  }
  return s * (s * (-0.5 * A[best]!) + B[best]!) + rest[best]!;
}
