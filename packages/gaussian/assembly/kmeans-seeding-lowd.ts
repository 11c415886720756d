// k-means++ seeding's passes for data with few features (src/init/kmeans-memory.ts says when):
// there a distance costs less than storing it and reading it back, so the round's candidates are
// measured for their potentials only, and the chosen one is measured again when it is taken. The
// distances are those of assembly/kmeans.ts (each lane sums its row's terms in feature order), so
// the potentials, labels and nearest distances are the same to the last bit. Layouts as there.

/**
 * min(nearest, distance) for two rows as the scalar loop writes it, `distance < nearest ? distance
 * : nearest`: pmin(a, b) is `b < a ? b : a`. One instruction, where a scalar select may become a
 * branch that the data makes unpredictable.
 */
function kept(distance: v128, nearest: v128): v128 {
  return f64x2.pmin(nearest, distance);
}

/**
 * The potentials Σᵢ min(closestᵢ, δᵢ) (summed in row order) of four candidates in one pass over the
 * rows, into `potentials`, without storing the distances: `splats` holds each candidate's features
 * with both lanes equal, candidate t feature j at splats + (t·d + j)·16.
 */
export function candidateGroupPotentials(
  pairs: usize,
  n: i32,
  d: i32,
  splats: usize,
  closest: usize,
  potentials: usize,
): void {
  let p0: f64 = 0;
  let p1: f64 = 0;
  let p2: f64 = 0;
  let p3: f64 = 0;
  const pairBytes = (<usize>d) << 4;
  let row = pairs;
  for (let i = 0; i < n; i += 2) {
    let s0 = f64x2.splat(0.0);
    let s1 = f64x2.splat(0.0);
    let s2 = f64x2.splat(0.0);
    let s3 = f64x2.splat(0.0);
    for (let j = 0; j < d; j++) {
      const x = v128.load(row + ((<usize>j) << 4));
      const c = splats + ((<usize>j) << 4);
      const v0 = f64x2.sub(x, v128.load(c));
      const v1 = f64x2.sub(x, v128.load(c + pairBytes));
      const v2 = f64x2.sub(x, v128.load(c + 2 * pairBytes));
      const v3 = f64x2.sub(x, v128.load(c + 3 * pairBytes));
      s0 = f64x2.add(s0, f64x2.mul(v0, v0));
      s1 = f64x2.add(s1, f64x2.mul(v1, v1));
      s2 = f64x2.add(s2, f64x2.mul(v2, v2));
      s3 = f64x2.add(s3, f64x2.mul(v3, v3));
    }
    const near = v128.load(closest + ((<usize>i) << 3));
    const k0 = kept(s0, near);
    const k1 = kept(s1, near);
    const k2 = kept(s2, near);
    const k3 = kept(s3, near);
    p0 += f64x2.extract_lane(k0, 0);
    p1 += f64x2.extract_lane(k1, 0);
    p2 += f64x2.extract_lane(k2, 0);
    p3 += f64x2.extract_lane(k3, 0);
    if (i + 1 < n) {
      p0 += f64x2.extract_lane(k0, 1);
      p1 += f64x2.extract_lane(k1, 1);
      p2 += f64x2.extract_lane(k2, 1);
      p3 += f64x2.extract_lane(k3, 1);
    }
    row += pairBytes;
  }
  store<f64>(potentials, p0);
  store<f64>(potentials, p1, 8);
  store<f64>(potentials, p2, 16);
  store<f64>(potentials, p3, 24);
}

/**
 * Takes a candidate (features at `splat`, both lanes equal) as seed `c`: each row strictly nearer
 * to it than to its seed (the lowest index wins ties) moves to it (`labels`, i32) and `closest`
 * takes the distance; two rows per instruction.
 */
export function chooseCandidate(
  pairs: usize,
  n: i32,
  d: i32,
  splat: usize,
  c: i32,
  closest: usize,
  labels: usize,
): void {
  let row = pairs;
  for (let i = 0; i < n; i += 2) {
    let dist = f64x2.splat(0.0);
    for (let j = 0; j < d; j++) {
      const at = (<usize>j) << 4;
      const v = f64x2.sub(v128.load(row + at), v128.load(splat + at));
      dist = f64x2.add(dist, f64x2.mul(v, v));
    }
    const at = closest + ((<usize>i) << 3);
    const nearest = v128.load(at);
    const nearer = f64x2.lt(dist, nearest);
    v128.store(at, v128.bitselect(dist, nearest, nearer));
    // Both rows' labels at once, without a branch (past the last row, the padding slot of `labels`).
    const label = labels + ((<usize>i) << 2);
    const moved = v128.shuffle<i32>(nearer, nearer, 0, 2, 0, 2);
    v128.store64_lane(label, v128.bitselect(i32x4.splat(c), v128.load64_zero(label), moved), 0);
    row += (<usize>d) << 4;
  }
}
