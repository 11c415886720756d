// The fused E-step in WebAssembly with 128-bit SIMD (two doubles per instruction), written in
// AssemblyScript and compiled by `pnpm build:wasm` into src/kernels/wasm/binary.ts.
//
// Same contract as src/kernels/specialized/types.ts (FusedEStep): per block of rows, the weighted
// log-densities of every component, the log-sum-exp turning them into responsibilities, then the
// statistics nk, s1, s2 centred on the current means. The JavaScript side (src/kernels/wasm/
// estep.ts) owns the memory layout: every pointer here is a byte offset into the imported memory,
// chosen by it above heapBase(), and 16-byte aligned.
//
// Layouts (p = padded dimension, B = rows per block, both even):
//   X        rows × d (full, tied) or rows × p (diag, univariate), row-major
//   means    k × p, zero-padded
//   scratch  k × B, component-major: scratch[c * B + i] (so lanes hold two rows)
//   s1       k × p;  s2: blocks × p × p (full, tied) or k × p (diag)

/**
 * Where the caller's memory may start: below it lie this module's static data (the tables of
 * `Math.log`), which the caller must not overwrite.
 */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

// 2^(j/64) for j = 0 … 63, for the exponential below.
const POWERS = memory.data<f64>([
  1,
  1.0108892860517005,
  1.0218971486541166,
  1.0330248790212284,
  1.0442737824274138,
  1.0556451783605572,
  1.0671404006768237,
  1.0787607977571199,
  1.0905077326652577,
  1.102382583307841,
  1.1143867425958924,
  1.1265216186082418,
  1.1387886347566916,
  1.1511892299529827,
  1.1637248587775775,
  1.1763969916502812,
  1.189207115002721,
  1.202156731452703,
  1.215247359980469,
  1.22848053610687,
  1.241857812073484,
  1.255380757024691,
  1.2690509571917332,
  1.2828700160787783,
  1.2968395546510096,
  1.3109612115247644,
  1.3252366431597413,
  1.339667524053303,
  1.3542555469368927,
  1.3690024229745905,
  1.3839098819638318,
  1.398979672538311,
  Math.SQRT2,
  1.42961333839197,
  1.4451808069770467,
  1.4609177941806468,
  1.4768261459394993,
  1.4929077282912648,
  1.5091644275934228,
  1.5255981507445382,
  1.542210825407941,
  1.559004400237837,
  1.5759808451078865,
  1.593142151342267,
  1.6104903319492543,
  1.6280274218573478,
  1.6457554781539647,
  1.6636765803267364,
  1.6817928305074292,
  1.7001063537185235,
  1.718619298122478,
  1.7373338352737062,
  1.7562521603732995,
  1.7753764925265212,
  1.7947090750031072,
  1.8142521755003989,
  1.8340080864093424,
  1.8539791250833857,
  1.8741676341103,
  1.8945759815869656,
  1.9152065613971474,
  1.9360617934922946,
  1.9571441241754002,
  1.978456026387951,
]);

// The exponential's constants, each in both lanes: one v128.load each, where V8 builds a
// v128.const with four instructions. 64/ln 2; ln 2/64 split in two (fdlibm's ln2_hi/64, so
// n · hi is exact for every n that occurs, and the rest); −708; 1/5!, 1/4!, 1/3!, 1/2, 1.
const EXP = memory.data<f64>([
  92.33248261689366, 92.33248261689366, 0.01083042469326756, 0.01083042469326756, 2.9815858269852933e-12,
  2.9815858269852933e-12, -708.0, -708.0, 0.008333333333333333, 0.008333333333333333, 0.041666666666666664,
  0.041666666666666664, 0.16666666666666666, 0.16666666666666666, 0.5, 0.5, 1.0, 1.0,
]);
// Partial products of the per-row sums are logged before they can overflow.
const PRODUCT_LIMIT: f64 = 1e200;

/**
 * e^x in both lanes for x ≤ 0, as `specialized/exp.ts` does in JavaScript: x = (64 m + j) ln2/64
 * + r with |r| ≤ ln2/128, e^x = 2^m · 2^(j/64) · e^r, 2^(j/64) from the table (two scalar loads),
 * e^r from its degree-5 Taylor polynomial (remainder < 4e-17), 2^m built in the exponent bits.
 * Within 2 ulp of Math.exp. Lanes below −708 give 0 (the result would be subnormal: it cannot
 * change a sum of responsibilities and is slow); NaN stays NaN.
 */
function exp2lanes(x: v128): v128 {
  const limit = v128.load(EXP, 48);
  const xc = f64x2.pmax(x, limit);
  const n = f64x2.nearest(f64x2.mul(xc, v128.load(EXP)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(n, v128.load(EXP, 16))), f64x2.mul(n, v128.load(EXP, 32)));
  let q = f64x2.add(f64x2.mul(v128.load(EXP, 64), r), v128.load(EXP, 80));
  q = f64x2.add(f64x2.mul(q, r), v128.load(EXP, 96));
  q = f64x2.add(f64x2.mul(q, r), v128.load(EXP, 112));
  q = f64x2.add(f64x2.mul(q, r), v128.load(EXP, 128));
  q = f64x2.add(f64x2.mul(q, r), v128.load(EXP, 128));
  const whole = i32x4.trunc_sat_f64x2_s_zero(n);
  const j = v128.and(whole, i32x4.splat(63));
  const fraction = f64x2.replace_lane(
    f64x2.splat(load<f64>(POWERS + ((<usize>i32x4.extract_lane(j, 0)) << 3))),
    1,
    load<f64>(POWERS + ((<usize>i32x4.extract_lane(j, 1)) << 3)),
  );
  const m = i64x2.extend_low_i32x4_s(i32x4.shr_s(whole, 6));
  const scale = i64x2.shl(i64x2.add(m, i64x2.splat(1023)), 52);
  return v128.andnot(f64x2.mul(f64x2.mul(q, fraction), scale), f64x2.lt(x, limit));
}

/** Exported for the tests of the exponential: out[i] = e^in[i] for n (even) values. */
export function expArray(input: usize, output: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) {
    const at = (<usize>i) << 3;
    v128.store(output + at, exp2lanes(v128.load(input + at)));
  }
}

/**
 * Log-sum-exp of the first `rows` rows of a k × B component-major block of weighted
 * log-densities, which become the responsibilities (rows ≥ `rows` become 0). Returns Σ log p(x_i):
 * Σ max_i + log Π sum_i, the product logged every time it grows past 1e200, so there is one `log`
 * per few hundred rows instead of one per row. A row whose every entry is −∞ adds −∞.
 */
function normalise(scratch: usize, B: i32, rows: i32, k: i32): f64 {
  const stride = (<usize>B) << 3;
  const minusInfinity = f64x2.splat(-Infinity);
  let total = 0.0;
  let maxes = f64x2.splat(0.0);
  let product = f64x2.splat(1.0);
  for (let i = 0; i < rows; i += 2) {
    const row = scratch + ((<usize>i) << 3);
    let max = v128.load(row);
    for (let c = 1; c < k; c++) max = f64x2.pmax(max, v128.load(row + <usize>c * stride));
    let sum = f64x2.splat(0.0);
    for (let c = 0; c < k; c++) {
      const at = row + <usize>c * stride;
      const e = exp2lanes(f64x2.sub(v128.load(at), max));
      v128.store(at, e);
      sum = f64x2.add(sum, e);
    }
    const inverse = f64x2.div(f64x2.splat(1.0), sum);
    for (let c = 0; c < k; c++) {
      const at = row + <usize>c * stride;
      v128.store(at, f64x2.mul(v128.load(at), inverse));
    }
    // A row of −∞ (max −∞) keeps the product as it is and adds −∞ through its max.
    sum = v128.bitselect(f64x2.splat(1.0), sum, f64x2.eq(max, minusInfinity));
    if (i + 1 >= rows) {
      // The second lane is a padding row: it adds nothing and its responsibilities are 0.
      max = f64x2.replace_lane(max, 1, 0.0);
      sum = f64x2.replace_lane(sum, 1, 1.0);
      for (let c = 0; c < k; c++) store<f64>(row + <usize>c * stride + 8, 0.0);
    }
    maxes = f64x2.add(maxes, max);
    product = f64x2.mul(product, sum);
    if (v128.any_true(f64x2.gt(product, f64x2.splat(PRODUCT_LIMIT)))) {
      total += Math.log(f64x2.extract_lane(product, 0)) + Math.log(f64x2.extract_lane(product, 1));
      product = f64x2.splat(1.0);
    }
  }
  return (
    total +
    f64x2.extract_lane(maxes, 0) +
    f64x2.extract_lane(maxes, 1) +
    Math.log(f64x2.extract_lane(product, 0)) +
    Math.log(f64x2.extract_lane(product, 1))
  );
}

/** Horizontal sum of the two lanes. */
function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// ---------------------------------------------------------------------------------------------
// Full and tied covariances: per block and component, D = X − μ_c (B × p, zero-padded), the
// log-densities from Y = D U as 4 × 4 register tiles, then s2 += (r ⊙ D)ᵀ D over the upper tiles.

/** D = X − μ_c for the block's rows (columns ≥ d and rows ≥ `rows` stay 0). */
function fillDiff(X: usize, rows: i32, d: i32, p: i32, means: usize, diff: usize): void {
  for (let i = 0; i < rows; i++) {
    const x = X + ((<usize>i * <usize>d) << 3);
    const out = diff + ((<usize>i * <usize>p) << 3);
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const at = (<usize>j) << 3;
      v128.store(out + at, f64x2.sub(v128.load(x + at), v128.load(means + at)));
    }
    if (j < d)
      store<f64>(
        out + ((<usize>j) << 3),
        load<f64>(x + ((<usize>j) << 3)) - load<f64>(means + ((<usize>j) << 3)),
      );
  }
}

/**
 * scratch[c·B + i] = constant − ½ ‖D_i U‖² for the block's rows in groups of four
 * (rows rounded up to 4 ≤ B; D is 0 past `rows`). triangle: 0 upper (U[m][j] = 0 for m > j), 1
 * lower, 2 dense. Each row's sums run in the same order whatever its group.
 */
function fullLogDensities(
  diff: usize,
  rows: i32,
  p: i32,
  U: usize,
  triangle: i32,
  constant: f64,
  out: usize,
): void {
  const rowBytes = (<usize>p) << 3;
  const end = (rows + 3) & ~3;
  for (let i = 0; i < end; i += 4)
    fourLogDensities(diff + <usize>i * rowBytes, rowBytes, p, U, triangle, constant, out + ((<usize>i) << 3));
}

/**
 * Four rows of {@link fullLogDensities} from row pointer r0: 4 columns of D U at a time in 8
 * registers, each entry of U loaded once for the four rows. (Six rows in 12 registers, or five,
 * were slower: V8 spills them.)
 */
function fourLogDensities(
  r0: usize,
  rowBytes: usize,
  p: i32,
  U: usize,
  triangle: i32,
  constant: f64,
  o: usize,
): void {
  let m0 = f64x2.splat(0.0);
  let m1 = f64x2.splat(0.0);
  let m2 = f64x2.splat(0.0);
  let m3 = f64x2.splat(0.0);
  for (let g = 0; g < p; g += 4) {
    const from = triangle === 1 ? g : 0;
    const to = triangle === 0 ? min(g + 4, p) : p;
    let a0 = f64x2.splat(0.0);
    let b0 = f64x2.splat(0.0);
    let a1 = f64x2.splat(0.0);
    let b1 = f64x2.splat(0.0);
    let a2 = f64x2.splat(0.0);
    let b2 = f64x2.splat(0.0);
    let a3 = f64x2.splat(0.0);
    let b3 = f64x2.splat(0.0);
    let u = U + <usize>from * rowBytes + ((<usize>g) << 3);
    let x = r0 + ((<usize>from) << 3);
    const last = r0 + ((<usize>to) << 3);
    for (; x < last; x += 8, u += rowBytes) {
      const lo = v128.load(u);
      const hi = v128.load(u, 16);
      const s0 = v128.load64_splat(x);
      a0 = f64x2.add(a0, f64x2.mul(s0, lo));
      b0 = f64x2.add(b0, f64x2.mul(s0, hi));
      const s1 = v128.load64_splat(x + rowBytes);
      a1 = f64x2.add(a1, f64x2.mul(s1, lo));
      b1 = f64x2.add(b1, f64x2.mul(s1, hi));
      const s2 = v128.load64_splat(x + 2 * rowBytes);
      a2 = f64x2.add(a2, f64x2.mul(s2, lo));
      b2 = f64x2.add(b2, f64x2.mul(s2, hi));
      const s3 = v128.load64_splat(x + 3 * rowBytes);
      a3 = f64x2.add(a3, f64x2.mul(s3, lo));
      b3 = f64x2.add(b3, f64x2.mul(s3, hi));
    }
    m0 = f64x2.add(m0, f64x2.add(f64x2.mul(a0, a0), f64x2.mul(b0, b0)));
    m1 = f64x2.add(m1, f64x2.add(f64x2.mul(a1, a1), f64x2.mul(b1, b1)));
    m2 = f64x2.add(m2, f64x2.add(f64x2.mul(a2, a2), f64x2.mul(b2, b2)));
    m3 = f64x2.add(m3, f64x2.add(f64x2.mul(a3, a3), f64x2.mul(b3, b3)));
  }
  store<f64>(o, constant - 0.5 * lanes(m0));
  store<f64>(o, constant - 0.5 * lanes(m1), 8);
  store<f64>(o, constant - 0.5 * lanes(m2), 16);
  store<f64>(o, constant - 0.5 * lanes(m3), 24);
}

/**
 * For component c of a block of `rows` rows of X (row-major, d columns): nk += Σ r, and for the
 * rows whose r is not 0, D = X − μ_c and W = r ⊙ D packed into the first rows of `diff` and
 * `weighted` (B × p), s1 += Σ W, and S += Wᵀ D over the 4 × 4 tiles on and above the diagonal
 * (S is p × p; the lower tiles stay 0). A row whose responsibility is exactly 0 (its exponential
 * fell below e^−708) would add only zeros, so leaving it out changes no sum: in more dimensions
 * most rows are that far from most components (half of them in the 32-feature benchmark).
 */
function fullAccumulate(
  X: usize,
  rows: i32,
  d: i32,
  p: i32,
  mean: usize,
  diff: usize,
  weighted: usize,
  resp: usize,
  nk: usize,
  s1: usize,
  S: usize,
): void {
  const rowBytes = (<usize>p) << 3;
  let total = 0.0;
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const r = load<f64>(resp + ((<usize>i) << 3));
    total += r;
    if (r === 0) continue;
    const rr = f64x2.splat(r);
    const x = X + ((<usize>i * <usize>d) << 3);
    const dRow = diff + <usize>count * rowBytes;
    const wRow = weighted + <usize>count * rowBytes;
    count++;
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const at = (<usize>j) << 3;
      const v = f64x2.sub(v128.load(x + at), v128.load(mean + at));
      v128.store(dRow + at, v);
      const w = f64x2.mul(rr, v);
      v128.store(wRow + at, w);
      v128.store(s1 + at, f64x2.add(v128.load(s1 + at), w));
    }
    if (j < d) {
      const at = (<usize>j) << 3;
      const v = load<f64>(x + at) - load<f64>(mean + at);
      store<f64>(dRow + at, v);
      const w = r * v;
      store<f64>(wRow + at, w);
      store<f64>(s1 + at, load<f64>(s1 + at) + w);
    }
  }
  store<f64>(nk, load<f64>(nk) + total);
  if (count === 0) return;
  // The tiles read rows up to the next multiple of 4: D = 0 (and W = 0) there adds nothing.
  const end = (count + 3) & ~3;
  if (end > count) {
    memory.fill(diff + <usize>count * rowBytes, 0, <usize>(end - count) * rowBytes);
    memory.fill(weighted + <usize>count * rowBytes, 0, <usize>(end - count) * rowBytes);
  }
  for (let ga = 0; ga < p; ga += 4) {
    for (let gb = ga; gb < p; gb += 4) {
      let a0 = f64x2.splat(0.0);
      let b0 = f64x2.splat(0.0);
      let a1 = f64x2.splat(0.0);
      let b1 = f64x2.splat(0.0);
      let a2 = f64x2.splat(0.0);
      let b2 = f64x2.splat(0.0);
      let a3 = f64x2.splat(0.0);
      let b3 = f64x2.splat(0.0);
      let w = weighted + ((<usize>ga) << 3);
      let x = diff + ((<usize>gb) << 3);
      const last = x + <usize>end * rowBytes;
      for (; x < last; x += rowBytes, w += rowBytes) {
        const lo = v128.load(x);
        const hi = v128.load(x, 16);
        const w0 = v128.load64_splat(w);
        a0 = f64x2.add(a0, f64x2.mul(w0, lo));
        b0 = f64x2.add(b0, f64x2.mul(w0, hi));
        const w1 = v128.load64_splat(w, 8);
        a1 = f64x2.add(a1, f64x2.mul(w1, lo));
        b1 = f64x2.add(b1, f64x2.mul(w1, hi));
        const w2 = v128.load64_splat(w, 16);
        a2 = f64x2.add(a2, f64x2.mul(w2, lo));
        b2 = f64x2.add(b2, f64x2.mul(w2, hi));
        const w3 = v128.load64_splat(w, 24);
        a3 = f64x2.add(a3, f64x2.mul(w3, lo));
        b3 = f64x2.add(b3, f64x2.mul(w3, hi));
      }
      const t = S + <usize>ga * rowBytes + ((<usize>gb) << 3);
      addTo(t, a0, b0);
      addTo(t + rowBytes, a1, b1);
      addTo(t + 2 * rowBytes, a2, b2);
      addTo(t + 3 * rowBytes, a3, b3);
    }
  }
}

/** t[0..3] += (lo, hi). */
function addTo(t: usize, lo: v128, hi: v128): void {
  v128.store(t, f64x2.add(v128.load(t), lo));
  v128.store(t, f64x2.add(v128.load(t, 16), hi), 16);
}

/**
 * The fused E-step of `rows` rows of X (row-major, d columns) for full (`tied` = 0: k factors and
 * k second-moment matrices) or tied covariances (`tied` = 1: one of each). `factors` and `S` are
 * p × p per block, `diff` and `weighted` B × p and zero on entry. Returns Σ log p(x_i).
 */
export function fullEStep(
  X: usize,
  rows: i32,
  d: i32,
  p: i32,
  k: i32,
  B: i32,
  tied: i32,
  triangle: i32,
  means: usize,
  factors: usize,
  constant: usize,
  scratch: usize,
  diff: usize,
  weighted: usize,
  nk: usize,
  s1: usize,
  S: usize,
): f64 {
  const matrixBytes = (<usize>p * <usize>p) << 3;
  const vectorBytes = (<usize>p) << 3;
  const blockBytes = (<usize>B) << 3;
  let total = 0.0;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const n = min(B, rows - i0);
    const x = X + ((<usize>i0 * <usize>d) << 3);
    if (n < B) memory.fill(diff, 0, <usize>B * vectorBytes);
    for (let c = 0; c < k; c++) {
      fillDiff(x, n, d, p, means + <usize>c * vectorBytes, diff);
      const U = factors + (tied ? 0 : <usize>c * matrixBytes);
      fullLogDensities(
        diff,
        n,
        p,
        U,
        triangle,
        load<f64>(constant + ((<usize>c) << 3)),
        scratch + <usize>c * blockBytes,
      );
    }
    total += normalise(scratch, B, n, k);
    for (let c = 0; c < k; c++) {
      fullAccumulate(
        x,
        n,
        d,
        p,
        means + <usize>c * vectorBytes,
        diff,
        weighted,
        scratch + <usize>c * blockBytes,
        nk + ((<usize>c) << 3),
        s1 + <usize>c * vectorBytes,
        S + (tied ? 0 : <usize>c * matrixBytes),
      );
    }
  }
  return total;
}

/**
 * Statistics of a hard partition (k-means labels: responsibilities 0 or 1) for full covariances,
 * for `rows` rows of X (row-major, d columns) and their labels (i32): per component c, its rows are
 * packed, centred on its mean and added as the E-step adds them with r = 1 (r · D is D exactly):
 * nk += count, s1 += Σ D in row order, S += DᵀD over the upper 4 × 4 tiles (k × p × p). `resp`
 * is `rows` doubles of workspace, `diff` and `weighted` rows × p (zero padding columns).
 */
export function fullPartitionScatter(
  X: usize,
  rows: i32,
  d: i32,
  p: i32,
  k: i32,
  labels: usize,
  means: usize,
  resp: usize,
  diff: usize,
  weighted: usize,
  nk: usize,
  s1: usize,
  S: usize,
): void {
  const vectorBytes = (<usize>p) << 3;
  const matrixBytes = (<usize>p * <usize>p) << 3;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < rows; i++) {
      store<f64>(resp + ((<usize>i) << 3), load<i32>(labels + ((<usize>i) << 2)) === c ? 1.0 : 0.0);
    }
    fullAccumulate(
      X,
      rows,
      d,
      p,
      means + <usize>c * vectorBytes,
      diff,
      weighted,
      resp,
      nk + ((<usize>c) << 3),
      s1 + <usize>c * vectorBytes,
      S + <usize>c * matrixBytes,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Full and tied covariances with two features: two rows per lane pair, so that every mean, entry
// of U and running sum lives in a register (the 4 × 4 tiles above would be three-quarters padding).

/**
 * The fused E-step for two features: X is `rows` × 2 (followed by two padding values), `factors`
 * holds U (2 × 2 per block, any triangle), s2 is 2 × 2 per block (upper triangle filled), `XT`
 * 2 B doubles of workspace for the block's columns. Returns Σ log p(x_i).
 */
export function full2EStep(
  X: usize,
  rows: i32,
  k: i32,
  B: i32,
  tied: i32,
  means: usize,
  factors: usize,
  constant: usize,
  scratch: usize,
  XT: usize,
  nk: usize,
  s1: usize,
  s2: usize,
): f64 {
  const blockBytes = (<usize>B) << 3;
  const half = f64x2.splat(0.5);
  let total = 0.0;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const n = min(B, rows - i0);
    // Columns of the block: XT[0 … B) = first feature, XT[B … 2B) = second, two rows per lane pair.
    const x0 = X + ((<usize>i0) << 4);
    for (let i = 0; i < n; i += 2) {
      const a = v128.load(x0 + ((<usize>i) << 4));
      const b = v128.load(x0 + ((<usize>i) << 4), 16);
      v128.store(XT + ((<usize>i) << 3), v128.shuffle<f64>(a, b, 0, 2));
      v128.store(XT + blockBytes + ((<usize>i) << 3), v128.shuffle<f64>(a, b, 1, 3));
    }
    for (let c = 0; c < k; c++) {
      const mo = means + ((<usize>c) << 4);
      const m0 = f64x2.splat(load<f64>(mo));
      const m1 = f64x2.splat(load<f64>(mo, 8));
      const u = factors + (tied ? 0 : (<usize>c) << 5);
      const u00 = f64x2.splat(load<f64>(u));
      const u01 = f64x2.splat(load<f64>(u, 8));
      const u10 = f64x2.splat(load<f64>(u, 16));
      const u11 = f64x2.splat(load<f64>(u, 24));
      const cst = f64x2.splat(load<f64>(constant + ((<usize>c) << 3)));
      const out = scratch + <usize>c * blockBytes;
      for (let i = 0; i < n; i += 2) {
        const at = (<usize>i) << 3;
        const d0 = f64x2.sub(v128.load(XT + at), m0);
        const d1 = f64x2.sub(v128.load(XT + blockBytes + at), m1);
        const y0 = f64x2.add(f64x2.mul(d0, u00), f64x2.mul(d1, u10));
        const y1 = f64x2.add(f64x2.mul(d0, u01), f64x2.mul(d1, u11));
        const maha = f64x2.add(f64x2.mul(y0, y0), f64x2.mul(y1, y1));
        v128.store(out + at, f64x2.sub(cst, f64x2.mul(half, maha)));
      }
    }
    total += normalise(scratch, B, n, k);
    for (let c = 0; c < k; c++) {
      const mo = means + ((<usize>c) << 4);
      const m0 = f64x2.splat(load<f64>(mo));
      const m1 = f64x2.splat(load<f64>(mo, 8));
      const resp = scratch + <usize>c * blockBytes;
      let sumR = f64x2.splat(0.0);
      let t0 = f64x2.splat(0.0);
      let t1 = f64x2.splat(0.0);
      let q00 = f64x2.splat(0.0);
      let q01 = f64x2.splat(0.0);
      let q11 = f64x2.splat(0.0);
      for (let i = 0; i < n; i += 2) {
        const at = (<usize>i) << 3;
        const r = v128.load(resp + at);
        const d0 = f64x2.sub(v128.load(XT + at), m0);
        const d1 = f64x2.sub(v128.load(XT + blockBytes + at), m1);
        const w0 = f64x2.mul(r, d0);
        const w1 = f64x2.mul(r, d1);
        sumR = f64x2.add(sumR, r);
        t0 = f64x2.add(t0, w0);
        t1 = f64x2.add(t1, w1);
        q00 = f64x2.add(q00, f64x2.mul(w0, d0));
        q01 = f64x2.add(q01, f64x2.mul(w0, d1));
        q11 = f64x2.add(q11, f64x2.mul(w1, d1));
      }
      store<f64>(nk + ((<usize>c) << 3), load<f64>(nk + ((<usize>c) << 3)) + lanes(sumR));
      const so = s1 + ((<usize>c) << 4);
      store<f64>(so, load<f64>(so) + lanes(t0));
      store<f64>(so, load<f64>(so, 8) + lanes(t1), 8);
      const q = s2 + (tied ? 0 : (<usize>c) << 5);
      store<f64>(q, load<f64>(q) + lanes(q00));
      store<f64>(q, load<f64>(q, 8) + lanes(q01), 8);
      store<f64>(q, load<f64>(q, 24) + lanes(q11), 24);
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Diagonal (and spherical, as a diagonal with equal entries) covariances: two features per lane.

/** ((x − m) q)² for one lane pair. */
function squaredScaled(x: v128, m: v128, q: v128): v128 {
  const y = f64x2.mul(f64x2.sub(x, m), q);
  return f64x2.mul(y, y);
}

/**
 * partial[i] = Σ_j ((x_ij − m_j) q_j)² in two lanes, for the block's rows: eight features at a
 * time with m and q in registers, then two at a time for the rest.
 */
function diagDistances(x0: usize, n: i32, p: i32, m: usize, q: usize, partial: usize): void {
  const rowBytes = (<usize>p) << 3;
  let j = 0;
  for (; j + 8 <= p; j += 8) {
    const at = (<usize>j) << 3;
    const m0 = v128.load(m + at);
    const m1 = v128.load(m + at, 16);
    const m2 = v128.load(m + at, 32);
    const m3 = v128.load(m + at, 48);
    const q0 = v128.load(q + at);
    const q1 = v128.load(q + at, 16);
    const q2 = v128.load(q + at, 32);
    const q3 = v128.load(q + at, 48);
    let x = x0 + at;
    let to = partial;
    const last = partial + ((<usize>n) << 4);
    for (; to < last; to += 16, x += rowBytes) {
      const a = f64x2.add(squaredScaled(v128.load(x), m0, q0), squaredScaled(v128.load(x, 16), m1, q1));
      const b = f64x2.add(squaredScaled(v128.load(x, 32), m2, q2), squaredScaled(v128.load(x, 48), m3, q3));
      const sum = f64x2.add(a, b);
      v128.store(to, j === 0 ? sum : f64x2.add(v128.load(to), sum));
    }
  }
  for (; j < p; j += 2) {
    const at = (<usize>j) << 3;
    const m0 = v128.load(m + at);
    const q0 = v128.load(q + at);
    let x = x0 + at;
    let to = partial;
    const last = partial + ((<usize>n) << 4);
    for (; to < last; to += 16, x += rowBytes) {
      const sum = squaredScaled(v128.load(x), m0, q0);
      v128.store(to, j === 0 ? sum : f64x2.add(v128.load(to), sum));
    }
  }
}

/**
 * For component c: s1 += Σ_i r_i (x_i − m), s2 += Σ_i r_i (x_i − m)², four features at a time
 * with the running sums in registers (then two at a time for the rest), over the block's rows.
 * (Eight at a time needed more registers than V8 allocates: the spills made it 1.6× slower.)
 */
function diagAccumulate(x0: usize, n: i32, p: i32, m: usize, resp: usize, s1: usize, s2: usize): void {
  const rowBytes = (<usize>p) << 3;
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const at = (<usize>j) << 3;
    const m0 = v128.load(m + at);
    const m1 = v128.load(m + at, 16);
    let t0 = f64x2.splat(0.0);
    let t1 = f64x2.splat(0.0);
    let u0 = f64x2.splat(0.0);
    let u1 = f64x2.splat(0.0);
    let x = x0 + at;
    let ri = resp;
    const last = resp + ((<usize>n) << 3);
    for (; ri < last; ri += 8, x += rowBytes) {
      const r = v128.load64_splat(ri);
      const v0 = f64x2.sub(v128.load(x), m0);
      const w0 = f64x2.mul(r, v0);
      t0 = f64x2.add(t0, w0);
      u0 = f64x2.add(u0, f64x2.mul(w0, v0));
      const v1 = f64x2.sub(v128.load(x, 16), m1);
      const w1 = f64x2.mul(r, v1);
      t1 = f64x2.add(t1, w1);
      u1 = f64x2.add(u1, f64x2.mul(w1, v1));
    }
    addTo(s1 + at, t0, t1);
    addTo(s2 + at, u0, u1);
  }
  for (; j < p; j += 2) {
    const at = (<usize>j) << 3;
    const m0 = v128.load(m + at);
    let t0 = f64x2.splat(0.0);
    let u0 = f64x2.splat(0.0);
    let x = x0 + at;
    let ri = resp;
    const last = resp + ((<usize>n) << 3);
    for (; ri < last; ri += 8, x += rowBytes) {
      const r = v128.load64_splat(ri);
      const v0 = f64x2.sub(v128.load(x), m0);
      const w0 = f64x2.mul(r, v0);
      t0 = f64x2.add(t0, w0);
      u0 = f64x2.add(u0, f64x2.mul(w0, v0));
    }
    v128.store(s1 + at, f64x2.add(v128.load(s1 + at), t0));
    v128.store(s2 + at, f64x2.add(v128.load(s2 + at), u0));
  }
}

/**
 * The fused E-step for diagonal covariances: X is rows × p (zero-padded, p even), `prec` k × p
 * holds 1/σ (zero in the padding), s2 is k × p (Σ r (x − m)² per feature), `partial` 2 B
 * doubles of workspace. Returns Σ log p(x_i).
 */
export function diagEStep(
  X: usize,
  rows: i32,
  p: i32,
  k: i32,
  B: i32,
  means: usize,
  prec: usize,
  constant: usize,
  scratch: usize,
  partial: usize,
  nk: usize,
  s1: usize,
  s2: usize,
): f64 {
  const vectorBytes = (<usize>p) << 3;
  const blockBytes = (<usize>B) << 3;
  let total = 0.0;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const n = min(B, rows - i0);
    const x0 = X + <usize>i0 * vectorBytes;
    for (let c = 0; c < k; c++) {
      const m = means + <usize>c * vectorBytes;
      const q = prec + <usize>c * vectorBytes;
      const cst = load<f64>(constant + ((<usize>c) << 3));
      const out = scratch + <usize>c * blockBytes;
      diagDistances(x0, n, p, m, q, partial);
      for (let i = 0; i < n; i++) {
        store<f64>(out + ((<usize>i) << 3), cst - 0.5 * lanes(v128.load(partial + ((<usize>i) << 4))));
      }
    }
    total += normalise(scratch, B, n, k);
    for (let c = 0; c < k; c++) {
      const resp = scratch + <usize>c * blockBytes;
      let sum = 0.0;
      for (let i = 0; i < n; i++) sum += load<f64>(resp + ((<usize>i) << 3));
      store<f64>(nk + ((<usize>c) << 3), load<f64>(nk + ((<usize>c) << 3)) + sum);
      const offset = <usize>c * vectorBytes;
      diagAccumulate(x0, n, p, means + offset, resp, s1 + offset, s2 + offset);
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// One feature: two rows per lane.

/**
 * The fused E-step for one feature: X is `rows` values (followed by one 0 when `rows` is odd),
 * `means`, `prec` (1/σ), `constant`, `nk`, `s1`, `s2` k values each. Returns Σ log p(x_i).
 */
export function univariateEStep(
  X: usize,
  rows: i32,
  k: i32,
  B: i32,
  means: usize,
  prec: usize,
  constant: usize,
  scratch: usize,
  nk: usize,
  s1: usize,
  s2: usize,
): f64 {
  const blockBytes = (<usize>B) << 3;
  const half = f64x2.splat(0.5);
  let total = 0.0;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const n = min(B, rows - i0);
    const x0 = X + ((<usize>i0) << 3);
    for (let c = 0; c < k; c++) {
      const m = f64x2.splat(load<f64>(means + ((<usize>c) << 3)));
      const q = f64x2.splat(load<f64>(prec + ((<usize>c) << 3)));
      const cst = f64x2.splat(load<f64>(constant + ((<usize>c) << 3)));
      const out = scratch + <usize>c * blockBytes;
      for (let i = 0; i < n; i += 2) {
        const at = (<usize>i) << 3;
        const y = f64x2.mul(f64x2.sub(v128.load(x0 + at), m), q);
        v128.store(out + at, f64x2.sub(cst, f64x2.mul(half, f64x2.mul(y, y))));
      }
    }
    total += normalise(scratch, B, n, k);
    for (let c = 0; c < k; c++) {
      const m = f64x2.splat(load<f64>(means + ((<usize>c) << 3)));
      const resp = scratch + <usize>c * blockBytes;
      let sumR = f64x2.splat(0.0);
      let sumW = f64x2.splat(0.0);
      let sumWV = f64x2.splat(0.0);
      for (let i = 0; i < n; i += 2) {
        const at = (<usize>i) << 3;
        const r = v128.load(resp + at);
        const v = f64x2.sub(v128.load(x0 + at), m);
        const w = f64x2.mul(r, v);
        sumR = f64x2.add(sumR, r);
        sumW = f64x2.add(sumW, w);
        sumWV = f64x2.add(sumWV, f64x2.mul(w, v));
      }
      const at = (<usize>c) << 3;
      store<f64>(nk + at, load<f64>(nk + at) + lanes(sumR));
      store<f64>(s1 + at, load<f64>(s1 + at) + lanes(sumW));
      store<f64>(s2 + at, load<f64>(s2 + at) + lanes(sumWV));
    }
  }
  return total;
}

export {
  candidateDistances,
  candidateGroupDistances,
  chooseSeed,
  hamerlyAssign,
  interleaveRowPairs,
} from './kmeans';
export { lloydAssign } from './kmeans-lloyd';
export { candidateGroupPotentials, chooseCandidate } from './kmeans-seeding-lowd';
