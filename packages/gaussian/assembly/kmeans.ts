// k-means++ seeding's distance pass in WebAssembly SIMD: every row's squared distance to one
// candidate row, two rows per instruction. Each lane sums its own row's terms in feature order,
// exactly as the scalar loop of src/init/candidate-distances.ts does (WebAssembly never fuses a
// multiply and an add), so the distances are the same to the last bit.
//
// Layout (owned by src/init/candidate-distances.ts): `pairs` holds the rows two by two,
// interleaved by feature: row pair p, feature j is at pairs + (p·d + j)·16, its lane 0 row 2p and
// its lane 1 row 2p + 1 (zero past the last row). `out` and `closest` have an even length.

/**
 * Turns `pairCount` blocks of two consecutive rows (row-major, as copied from the data) into the
 * row-pair layout above, in place, through `scratch` (2·d doubles).
 */
export function interleaveRowPairs(pairs: usize, pairCount: i32, d: i32, scratch: usize): void {
  const blockBytes = (<usize>d) << 4;
  const rowBytes = (<usize>d) << 3;
  for (let p = 0; p < pairCount; p++) {
    const block = pairs + <usize>p * blockBytes;
    memory.copy(scratch, block, blockBytes);
    for (let j = 0; j < d; j++) {
      const at = (<usize>j) << 3;
      store<f64>(block + (at << 1), load<f64>(scratch + at));
      store<f64>(block + (at << 1), load<f64>(scratch + rowBytes + at), 8);
    }
  }
}

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

/**
 * The same for four candidates at once, in one pass over the rows (the seeding's trials all
 * sample from the same distances, so they can be measured together): `splats` holds each
 * candidate's features with both lanes equal, candidate t feature j at splats + (t·d + j)·16;
 * `outs` the four output addresses (i32 each, at outs + 4t); the four potentials go to
 * `potentials` (f64 each). Each candidate's distances and potential are summed in the orders above.
 */
export function candidateGroupDistances(
  pairs: usize,
  n: i32,
  d: i32,
  splats: usize,
  closest: usize,
  outs: usize,
  potentials: usize,
): void {
  let p0: f64 = 0;
  let p1: f64 = 0;
  let p2: f64 = 0;
  let p3: f64 = 0;
  const pairBytes = (<usize>d) << 4;
  const out0 = <usize>load<u32>(outs);
  const out1 = <usize>load<u32>(outs, 4);
  const out2 = <usize>load<u32>(outs, 8);
  const out3 = <usize>load<u32>(outs, 12);
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
    const at = (<usize>i) << 3;
    v128.store(out0 + at, s0);
    v128.store(out1 + at, s1);
    v128.store(out2 + at, s2);
    v128.store(out3 + at, s3);
    const near0 = load<f64>(closest + at);
    p0 += kept(f64x2.extract_lane(s0, 0), near0);
    p1 += kept(f64x2.extract_lane(s1, 0), near0);
    p2 += kept(f64x2.extract_lane(s2, 0), near0);
    p3 += kept(f64x2.extract_lane(s3, 0), near0);
    if (i + 1 < n) {
      const near1 = load<f64>(closest + at + 8);
      p0 += kept(f64x2.extract_lane(s0, 1), near1);
      p1 += kept(f64x2.extract_lane(s1, 1), near1);
      p2 += kept(f64x2.extract_lane(s2, 1), near1);
      p3 += kept(f64x2.extract_lane(s3, 1), near1);
    }
    row += pairBytes;
  }
  store<f64>(potentials, p0);
  store<f64>(potentials, p1, 8);
  store<f64>(potentials, p2, 16);
  store<f64>(potentials, p3, 24);
}

/**
 * Takes the chosen candidate (seed `c`) into the running assignment, two rows per instruction:
 * a row strictly nearer to it than to its seed (the lowest index wins ties) moves to it and its
 * old distance becomes its second smallest; otherwise the new distance may be the second smallest.
 * `distances` are the candidate's, `labels` i32; `closest` and `second` have an even length.
 */
export function chooseSeed(
  distances: usize,
  n: i32,
  c: i32,
  closest: usize,
  second: usize,
  labels: usize,
): void {
  for (let i = 0; i < n; i += 2) {
    const at = (<usize>i) << 3;
    const dist = v128.load(distances + at);
    const nearest = v128.load(closest + at);
    const nearer = f64x2.lt(dist, nearest);
    v128.store(closest + at, v128.bitselect(dist, nearest, nearer));
    // pmin(a, b) is `b < a ? b : a`: the scalar `dist < second ? dist : second`.
    const runnerUp = f64x2.pmin(v128.load(second + at), dist);
    v128.store(second + at, v128.bitselect(nearest, runnerUp, nearer));
    const label = labels + ((<usize>i) << 2);
    store<i32>(label, select<i32>(c, load<i32>(label), i64x2.extract_lane(nearer, 0) !== 0));
    if (i + 1 < n)
      store<i32>(label, select<i32>(c, load<i32>(label, 4), i64x2.extract_lane(nearer, 1) !== 0), 4);
  }
}

/** 1 + 4u and 1 − 4u (u = 2⁻⁵³): after one rounded operation, they round a bound outwards. */
const UP: f64 = 1 + reinterpret<f64>((<u64>(1023 - 51)) << 52);
const DOWN: f64 = 1 - reinterpret<f64>((<u64>(1023 - 51)) << 52);
/** 2⁻⁵⁰⁰: far above any underflow error of a squared distance, far below any real distance. */
const TINY: f64 = reinterpret<f64>((<u64>(1023 - 500)) << 52);

/**
 * Lloyd's assignment step with Hamerly's bounds, the loop of `assign` in src/init/kmeans.ts
 * (see it and src/init/distance-bounds.ts for why a settled row keeps its label): rows are read
 * from the row pairs above, `labels` is i32, `upper`, `lower`, `distances` f64 per row, `centers`
 * k × d, `moved` and `separation` k. With `withSums`, adds each row to `sums` (k × d) and `counts`
 * (k) in row order once its label is settled. Returns 1 when a label changed.
 */
export function hamerlyAssign(
  pairs: usize,
  n: i32,
  d: i32,
  k: i32,
  centers: usize,
  labels: usize,
  upper: usize,
  lower: usize,
  distances: usize,
  moved: usize,
  separation: usize,
  largestMove: f64,
  secondMove: f64,
  largestMover: i32,
  eta: f64,
  sums: usize,
  counts: usize,
  withSums: i32,
): i32 {
  let changed = 0;
  const pairBytes = (<usize>d) << 4;
  const rowBytes = (<usize>d) << 3;
  const margin = 1 + 2 * eta;
  for (let i = 0; i < n; i++) {
    const x = pairs + <usize>(i >> 1) * pairBytes + ((<usize>(i & 1)) << 3);
    const at = (<usize>i) << 3;
    const a = load<i32>(labels + ((<usize>i) << 2));
    let settled = false;
    // A label of −1 (the seeding could not assign) is measured in full.
    if (a >= 0) {
      let high = (load<f64>(upper + at) + load<f64>(moved + ((<usize>a) << 3))) * UP;
      const low = (load<f64>(lower + at) - (a === largestMover ? secondMove : largestMove)) * DOWN;
      store<f64>(lower + at, low);
      const others = Math.max(low, (2 * load<f64>(separation + ((<usize>a) << 3)) - high) * DOWN);
      settled = high * margin + TINY < others;
      if (!settled) {
        const centre = centers + <usize>a * rowBytes;
        let own: f64 = 0;
        for (let j = 0; j < d; j++) {
          const v = load<f64>(x + ((<usize>j) << 4)) - load<f64>(centre + ((<usize>j) << 3));
          own += v * v;
        }
        high = Math.sqrt(own) * (1 + eta) + TINY;
        settled = high * margin + TINY < others;
      }
      store<f64>(upper + at, high);
    }
    let label = a;
    if (!settled) {
      let best = 0;
      let bestDist = Infinity;
      let secondDist = Infinity;
      for (let c = 0; c < k; c++) {
        const centre = centers + <usize>c * rowBytes;
        let dist: f64 = 0;
        for (let j = 0; j < d; j++) {
          const v = load<f64>(x + ((<usize>j) << 4)) - load<f64>(centre + ((<usize>j) << 3));
          dist += v * v;
        }
        if (dist < bestDist) {
          secondDist = bestDist;
          bestDist = dist;
          best = c;
        } else if (dist < secondDist) secondDist = dist;
      }
      if (a !== best) changed = 1;
      label = best;
      store<i32>(labels + ((<usize>i) << 2), best);
      store<f64>(distances + at, bestDist);
      store<f64>(upper + at, Math.sqrt(bestDist) * (1 + eta) + TINY);
      store<f64>(lower + at, Math.sqrt(secondDist) * (1 - eta) - TINY);
    }
    if (withSums) {
      const count = counts + ((<usize>label) << 3);
      store<f64>(count, load<f64>(count) + 1);
      const sum = sums + <usize>label * rowBytes;
      for (let j = 0; j < d; j++) {
        const s = sum + ((<usize>j) << 3);
        store<f64>(s, load<f64>(s) + load<f64>(x + ((<usize>j) << 4)));
      }
    }
  }
  return changed;
}
