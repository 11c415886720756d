/**
 * Bookkeeping shared by mclust's agglomeration routines (hceii, hcvvv, hc1e, hc1v): live clusters sit
 * in slots 0..live − 1; the criterion of merging slots i < j is kept in a packed lower triangle at
 * j(j − 1)/2 + i. When slots a < b merge, the result stays in slot a and the last slot moves into b.
 * Ties go to the pair scanned last, so slot order decides them, exactly as in mclust.
 */

/** Packed index of the pair of slots i < j. */
export function pairIndex(i: number, j: number): number {
  return (j * (j - 1)) / 2 + i;
}

/** Packed distances of every pair among `slots` slots. */
export function pairTable(slots: number): Float64Array {
  return new Float64Array((slots * (slots - 1)) / 2);
}

/** The pair with the smallest value among the first `live` slots; the last such pair on ties. */
export function lastMinimum(d: Float64Array, live: number): { i: number; j: number; value: number } {
  const count = (live * (live - 1)) / 2;
  let best = 0;
  let value = d[0]!;
  for (let t = 1; t < count; t++) {
    if (d[t]! <= value) {
      value = d[t]!;
      best = t;
    }
  }
  // Invert best = j(j − 1)/2 + i.
  let j = Math.floor((1 + Math.sqrt(1 + 8 * best)) / 2);
  while ((j * (j - 1)) / 2 > best) j--;
  while (((j + 1) * j) / 2 <= best) j++;
  return { i: best - (j * (j - 1)) / 2, j, value };
}

/** Moves the distances of slot `last` into slot `b` (mclust's `wardsw`); pairs with `b` itself keep theirs. */
export function moveSlotDistances(d: Float64Array, b: number, last: number): void {
  for (let k = 0; k < b; k++) d[pairIndex(k, b)] = d[pairIndex(k, last)]!;
  for (let k = b + 1; k < last; k++) d[pairIndex(b, k)] = d[pairIndex(k, last)]!;
}

/**
 * Converts the merged slot pairs (in merge order) into mclust's pairs of observation labels: each
 * cluster is named by its smallest observation (0-based here), and a pair is (smaller, larger).
 */
export function slotMergesToLabels(slotPairs: Int32Array, n: number): Int32Array {
  const labels = Int32Array.from({ length: n }, (_, i) => i);
  const out = new Int32Array(slotPairs.length);
  let live = n;
  for (let t = 0; t < slotPairs.length; t += 2) {
    const i = slotPairs[t]!;
    const j = slotPairs[t + 1]!;
    const li = labels[i]!;
    const lj = labels[j]!;
    out[t] = Math.min(li, lj);
    out[t + 1] = Math.max(li, lj);
    labels[i] = Math.min(li, lj);
    labels[j] = labels[live - 1]!;
    live--;
  }
  return out;
}
