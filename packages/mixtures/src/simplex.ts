/** log-weights into v[0..K). */
export function packWeights(weights: Float64Array, v: Float64Array, offset = 0): void {
  for (let k = 0; k < weights.length; k++) v[offset + k] = Math.log(weights[k]!);
}

/** Softmax of v[offset..offset+K): always a valid simplex, undefined when not finite. */
export function unpackWeights(v: Float64Array, K: number, offset = 0): Float64Array | undefined {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < K; k++) {
    const x = v[offset + k]!;
    if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) return undefined;
    if (x > max) max = x;
  }
  if (max === Number.NEGATIVE_INFINITY) return undefined;
  const out = new Float64Array(K);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    out[k] = Math.exp(v[offset + k]! - max);
    sum += out[k]!;
  }
  for (let k = 0; k < K; k++) out[k]! /= sum;
  return out;
}
