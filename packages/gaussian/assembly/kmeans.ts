// k-means++ seeding's distance pass in WebAssembly SIMD: every row's squared distance to one
// candidate row, two rows per instruction. Each lane sums its own row's terms in feature order,
// exactly as the scalar loop of src/init/kmeans-plusplus.ts does (WebAssembly never fuses a
// multiply and an add), so the distances are the same to the last bit.
//
// Layout (owned by src/init/candidate-distances.ts): `pairs` holds the rows two by two,
// interleaved by feature: row pair p, feature j is at pairs + (p·d + j)·16, its lane 0 row 2p and
// its lane 1 row 2p + 1 (zero past the last row). `out` and `closest` have an even length.

/**
 * Writes δᵢ = Σⱼ (xᵢⱼ − candidateⱼ)² (summed in j order) for the n rows into `out`, and returns
 * Σᵢ min(closestᵢ, δᵢ) summed in row order: the potential of the candidate.
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
  for (let i = 0; i < n; i += 2) {
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
    const first = f64x2.extract_lane(sum, 0);
    const nearest = load<f64>(closest + at);
    potential += first < nearest ? first : nearest;
    if (i + 1 < n) {
      const second = f64x2.extract_lane(sum, 1);
      const nearestSecond = load<f64>(closest + at + 8);
      potential += second < nearestSecond ? second : nearestSecond;
    }
    row += pairBytes;
  }
  return potential;
}
