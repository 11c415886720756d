// k-means++ seeding's distance pass in WebAssembly SIMD: every row's squared distance to one
// candidate row, two rows per instruction. Each lane sums its own row's terms in feature order,
// exactly as the scalar loop of src/init/candidate-distances.ts does (WebAssembly never fuses a
// multiply and an add), so the distances are the same to the last bit.
//
// Layout (owned by src/init/candidate-distances.ts): `pairs` holds the rows two by two,
// interleaved by feature: row pair p, feature j is at pairs + (p·d + j)·16, its lane 0 row 2p and
// its lane 1 row 2p + 1 (zero past the last row). `out` and `closest` have an even length.

/** min(nearest, distance) as the scalar loop writes it: `distance < nearest ? distance : nearest`. */
function kept(distance: f64, nearest: f64): f64 {
  return distance < nearest ? distance : nearest;
}

/** Σ over the pair's two rows of min(closest, distance), in row order, onto `potential`. */
function addPair(potential: f64, sum: v128, closest: usize): f64 {
  potential += kept(f64x2.extract_lane(sum, 0), load<f64>(closest));
  return potential + kept(f64x2.extract_lane(sum, 1), load<f64>(closest, 8));
}

/**
 * Writes δᵢ = Σⱼ (xᵢⱼ − candidateⱼ)² (summed in j order) for the n rows into `out`, and returns
 * Σᵢ min(closestᵢ, δᵢ) summed in row order: the potential of the candidate. Four row pairs at a
 * time, so that four independent sums hide the latency of each one's chain of additions.
 */
export function candidateDistances(
  pairs: usize,
  n: i32,
  d: i32,
  candidate: usize,
  closest: usize,
  out: usize,
): f64 {
  let potential: f64 = 0;
  const pairBytes = (<usize>d) << 4;
  let row = pairs;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    let s0 = f64x2.splat(0.0);
    let s1 = f64x2.splat(0.0);
    let s2 = f64x2.splat(0.0);
    let s3 = f64x2.splat(0.0);
    for (let j = 0; j < d; j++) {
      const c = f64x2.splat(load<f64>(candidate + ((<usize>j) << 3)));
      const at = row + ((<usize>j) << 4);
      const v0 = f64x2.sub(v128.load(at), c);
      const v1 = f64x2.sub(v128.load(at + pairBytes), c);
      const v2 = f64x2.sub(v128.load(at + 2 * pairBytes), c);
      const v3 = f64x2.sub(v128.load(at + 3 * pairBytes), c);
      s0 = f64x2.add(s0, f64x2.mul(v0, v0));
      s1 = f64x2.add(s1, f64x2.mul(v1, v1));
      s2 = f64x2.add(s2, f64x2.mul(v2, v2));
      s3 = f64x2.add(s3, f64x2.mul(v3, v3));
    }
    const at = (<usize>i) << 3;
    v128.store(out + at, s0);
    v128.store(out + at, s1, 16);
    v128.store(out + at, s2, 32);
    v128.store(out + at, s3, 48);
    potential = addPair(potential, s0, closest + at);
    potential = addPair(potential, s1, closest + at + 16);
    potential = addPair(potential, s2, closest + at + 32);
    potential = addPair(potential, s3, closest + at + 48);
    row += 4 * pairBytes;
  }
  for (; i < n; i += 2) {
    let sum = f64x2.splat(0.0);
    for (let j = 0; j < d; j++) {
      const v = f64x2.sub(
        v128.load(row + ((<usize>j) << 4)),
        f64x2.splat(load<f64>(candidate + ((<usize>j) << 3))),
      );
      sum = f64x2.add(sum, f64x2.mul(v, v));
    }
    const at = (<usize>i) << 3;
    v128.store(out + at, sum);
    potential += kept(f64x2.extract_lane(sum, 0), load<f64>(closest + at));
    if (i + 1 < n) potential += kept(f64x2.extract_lane(sum, 1), load<f64>(closest + at + 8));
    row += pairBytes;
  }
  return potential;
}
