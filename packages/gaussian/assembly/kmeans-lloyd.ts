// Lloyd's assignment step without bounds, for data with few features (src/init/kmeans-lloyd.ts
// says when): there a squared distance costs a few instructions, less than the bookkeeping of
// Hamerly's bounds (assembly/kmeans.ts), so every row is measured against every centre, two rows
// per instruction, without a branch. Each lane sums its row's terms in feature order and keeps the
// first strictly smaller distance (the lowest index wins ties), as the scalar loop of
// src/init/kmeans.ts does, so labels and sums are the same to the last bit.
//
// Layout: the row pairs of assembly/kmeans.ts (row pair p, feature j at pairs + (p·d + j)·16, lane
// 0 row 2p, lane 1 row 2p + 1); `splats` holds each centre's features with both lanes equal,
// centre c feature j at splats + (c·d + j)·16; `labels` i32 per row; `sums` k × d and `counts` k,
// f64.

/**
 * Each row's nearest centre into `labels`; with `withSums`, adds each row to `sums` and `counts`
 * in row order. Returns 1 when a label changed.
 */
export function lloydAssign(
  pairs: usize,
  n: i32,
  d: i32,
  k: i32,
  splats: usize,
  labels: usize,
  sums: usize,
  counts: usize,
  withSums: i32,
): i32 {
  if (d === 2) return lloydAssign2(pairs, n, k, splats, labels, sums, counts, withSums);
  let changed = 0;
  const pairBytes = (<usize>d) << 4;
  const rowBytes = (<usize>d) << 3;
  let row = pairs;
  for (let i = 0; i < n; i += 2) {
    let best = f64x2.splat(Infinity);
    let bestLabel = i64x2.splat(0);
    for (let c = 0; c < k; c++) {
      const centre = splats + <usize>c * pairBytes;
      let dist = f64x2.splat(0.0);
      for (let j = 0; j < d; j++) {
        const at = (<usize>j) << 4;
        const v = f64x2.sub(v128.load(row + at), v128.load(centre + at));
        dist = f64x2.add(dist, f64x2.mul(v, v));
      }
      const nearer = f64x2.lt(dist, best);
      best = v128.bitselect(dist, best, nearer);
      bestLabel = v128.bitselect(i64x2.splat(c), bestLabel, nearer);
    }
    for (let lane = 0; lane < 2 && i + lane < n; lane++) {
      const label = <i32>(lane === 0 ? i64x2.extract_lane(bestLabel, 0) : i64x2.extract_lane(bestLabel, 1));
      const slot = labels + ((<usize>(i + lane)) << 2);
      if (load<i32>(slot) !== label) changed = 1;
      store<i32>(slot, label);
      if (withSums) {
        const count = counts + ((<usize>label) << 3);
        store<f64>(count, load<f64>(count) + 1);
        const sum = sums + <usize>label * rowBytes;
        const x = row + ((<usize>lane) << 3);
        for (let j = 0; j < d; j++) {
          const s = sum + ((<usize>j) << 3);
          store<f64>(s, load<f64>(s) + load<f64>(x + ((<usize>j) << 4)));
        }
      }
    }
    row += pairBytes;
  }
  return changed;
}

/** The same for two features: each row's two coordinates added to its centre's sums at once. */
function lloydAssign2(
  pairs: usize,
  n: i32,
  k: i32,
  splats: usize,
  labels: usize,
  sums: usize,
  counts: usize,
  withSums: i32,
): i32 {
  let changed = 0;
  let row = pairs;
  for (let i = 0; i < n; i += 2) {
    const x0 = v128.load(row);
    const x1 = v128.load(row, 16);
    let best = f64x2.splat(Infinity);
    let bestLabel = i64x2.splat(0);
    for (let c = 0; c < k; c++) {
      const centre = splats + ((<usize>c) << 5);
      const v0 = f64x2.sub(x0, v128.load(centre));
      const v1 = f64x2.sub(x1, v128.load(centre, 16));
      const dist = f64x2.add(f64x2.mul(v0, v0), f64x2.mul(v1, v1));
      const nearer = f64x2.lt(dist, best);
      best = v128.bitselect(dist, best, nearer);
      bestLabel = v128.bitselect(i64x2.splat(c), bestLabel, nearer);
    }
    const label0 = <i32>i64x2.extract_lane(bestLabel, 0);
    const slot = labels + ((<usize>i) << 2);
    if (load<i32>(slot) !== label0) changed = 1;
    store<i32>(slot, label0);
    if (withSums) addRow(sums, counts, label0, v128.shuffle<f64>(x0, x1, 0, 2));
    if (i + 1 < n) {
      const label1 = <i32>i64x2.extract_lane(bestLabel, 1);
      if (load<i32>(slot, 4) !== label1) changed = 1;
      store<i32>(slot, label1, 4);
      if (withSums) addRow(sums, counts, label1, v128.shuffle<f64>(x0, x1, 1, 3));
    }
    row += 32;
  }
  return changed;
}

/** Adds one two-feature row to its centre's sums (both coordinates in one instruction) and count. */
function addRow(sums: usize, counts: usize, label: i32, x: v128): void {
  const count = counts + ((<usize>label) << 3);
  store<f64>(count, load<f64>(count) + 1);
  const sum = sums + ((<usize>label) << 4);
  v128.store(sum, f64x2.add(v128.load(sum), x));
}
