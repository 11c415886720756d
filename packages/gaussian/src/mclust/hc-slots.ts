/**
 * Bookkeeping shared by mclust's agglomeration routines (hceii, hcvvv, hc1e, hc1v): live clusters sit
 * in slots 0..live − 1; the cost of merging slots i < j is kept in a packed lower triangle at
 * j(j − 1)/2 + i, scanned in that order. When slots a < b merge, the result stays in slot a and the last slot moves into b.
 * Ties go to the pair scanned last, so slot order decides them, exactly as in mclust.
 */

/** Packed index of the pair of slots i < j. */
export function pairIndex(i: number, j: number): number {
  return (j * (j - 1)) / 2 + i;
}

/**
 * Merge costs of every pair of live slots, with each row's minimum cached so that finding the next
 * merge costs O(live) rather than a scan of all O(live²) pairs (the scan mclust does); the pair it
 * returns is the same, ties included.
 */
export class PairCosts {
  private readonly d: Float64Array;
  /** Per row j: its smallest cost over i < j and the last i attaining it; `stale` rows need a rescan. */
  private readonly rowMin: Float64Array;
  private readonly rowArg: Int32Array;
  private readonly stale: Uint8Array;

  constructor(slots: number) {
    this.d = new Float64Array((slots * (slots - 1)) / 2);
    this.rowMin = new Float64Array(slots);
    this.rowArg = new Int32Array(slots);
    this.stale = new Uint8Array(slots).fill(1);
  }

  /** Cost of the pair of slots a ≠ b. */
  get(a: number, b: number): number {
    return this.d[a < b ? pairIndex(a, b) : pairIndex(b, a)]!;
  }

  /** Sets the cost of the pair of slots a ≠ b. */
  set(a: number, b: number, value: number): void {
    const i = a < b ? a : b;
    const j = a < b ? b : a;
    this.d[pairIndex(i, j)] = value;
    if (this.stale[j]) return;
    const min = this.rowMin[j]!;
    if (value < min || (value === min && i >= this.rowArg[j]!)) {
      this.rowMin[j] = value;
      this.rowArg[j] = i;
    } else if (i === this.rowArg[j]) this.stale[j] = 1; // the row's minimum went up
  }

  /** Slot `last` moves into slot b (mclust's `wardsw`); the pair (b, last) itself keeps its cost. */
  moveSlot(b: number, last: number): void {
    const { d } = this;
    for (let k = 0; k < b; k++) d[pairIndex(k, b)] = d[pairIndex(k, last)]!;
    this.stale[b] = 1;
    for (let k = b + 1; k < last; k++) this.set(b, k, d[pairIndex(k, last)]!);
  }

  /** The pair with the smallest cost among the first `live` slots; the last one in scan order on ties. */
  best(live: number): { i: number; j: number; value: number } {
    const { d, rowMin, rowArg, stale } = this;
    let bestJ = 1;
    for (let j = 1; j < live; j++) {
      if (stale[j]) {
        const base = (j * (j - 1)) / 2;
        let arg = 0;
        let min = d[base]!;
        for (let i = 1; i < j; i++) {
          if (d[base + i]! <= min) {
            min = d[base + i]!;
            arg = i;
          }
        }
        rowMin[j] = min;
        rowArg[j] = arg;
        stale[j] = 0;
      }
      if (rowMin[j]! <= rowMin[bestJ]!) bestJ = j;
    }
    return { i: rowArg[bestJ]!, j: bestJ, value: rowMin[bestJ]! };
  }
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
