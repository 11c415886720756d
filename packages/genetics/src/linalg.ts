/** Inverse of a symmetric positive-definite matrix (row-major, n × n) by Cholesky; undefined if it is not. */
export function inverseSpd(a: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 1e-300) || !Number.isFinite(sum)) return undefined;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inverse = new Float64Array(n * n);
  const y = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= l[i * n + k]! * y[k]!;
      y[i] = sum / l[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i]!;
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * inverse[k * n + c]!;
      inverse[i * n + c] = sum / l[i * n + i]!;
    }
  }
  return inverse;
}

/** Probabilities as log values for SQUAREM; zeros become a very negative finite number. */
export function packLogProbabilities(p: Float64Array): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = Math.log(Math.max(p[i]!, 1e-300));
  return out;
}

/** Log values back to probabilities summing to one, or undefined if they are not finite. */
export function unpackLogProbabilities(v: Float64Array): Float64Array | undefined {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v.length; i++) if (v[i]! > max) max = v[i]!;
  if (!Number.isFinite(max)) return undefined;
  const p = new Float64Array(v.length);
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    const value = Math.exp(v[i]! - max);
    if (Number.isNaN(value)) return undefined;
    p[i] = value;
    total += value;
  }
  for (let i = 0; i < v.length; i++) p[i] = p[i]! / total;
  return p;
}
