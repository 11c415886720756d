// node bench/stream-regression.mjs (never in CI): RegressionMixture.fitStream against fit on the same
// 200 000 rows [x₁, x₂, y] (K = 2, 10 iterations from the same explicit start, so both run the same
// EM), the source read as 20 chunks of 10 000 rows per pass — gaussian (one pass per iteration) and
// Poisson (one more pass per Newton trial). Best of 3 each, alternating; prints seconds, the ratio,
// the passes per iteration, and whether the fitted coefficients are identical (bit for bit).
import { RegressionMixture } from '../dist/index.js';

let state = 4242;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const poisson = (rate) => {
  let k = 0;
  for (let p = Math.exp(-rate), u = random(), c = p; u > c; c += p) p *= rate / ++k;
  return k;
};
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const N = 200_000;
const X = Array.from({ length: N }, () => [10 * random(), 10 * random()]);
const ys = {
  gaussian: X.map(([a, b], i) => (i % 2 ? 1 + 2 * a - b : 8 - a + 0.5 * b) + gauss()),
  poisson: X.map(([a], i) => poisson(Math.exp(i % 2 ? 0.2 + 0.2 * a : 2.5 - 0.15 * a))),
};
const starts = {
  gaussian: {
    coefficientsInit: [
      [0, 1.5, -0.5],
      [6, -0.5, 0],
    ],
    sigmasInit: [2, 2],
  },
  poisson: {
    coefficientsInit: [
      [0, 0.1, 0],
      [2, -0.1, 0],
    ],
  },
};
for (const family of ['gaussian', 'poisson']) {
  const y = ys[family];
  const rows = X.map((x, i) => [...x, y[i]]);
  const chunks = Array.from({ length: 20 }, (_, c) => rows.slice(c * 10_000, (c + 1) * 10_000));
  const options = { nComponents: 2, family, maxIter: 10, tol: 0, ...starts[family] };
  const best = { fit: Infinity, stream: Infinity };
  let same = true;
  let passes = 0;
  for (let run = 0; run < 3; run++) {
    let start = performance.now();
    const inMemory = new RegressionMixture(options).fit(X, y);
    best.fit = Math.min(best.fit, (performance.now() - start) / 1000);
    start = performance.now();
    const streamed = await new RegressionMixture(options).fitStream(
      async function* () {
        yield* chunks;
      },
      {
        onProgress: (pass) => {
          passes = pass;
        },
      },
    );
    best.stream = Math.min(best.stream, (performance.now() - start) / 1000);
    same &&= JSON.stringify(streamed.coefficients) === JSON.stringify(inMemory.coefficients);
  }
  console.log(
    `RegressionMixture (${family}) ${N} rows, p = 3, K = 2, 10 iterations: fit ${best.fit.toFixed(2)} s, fitStream ${best.stream.toFixed(2)} s (ratio ${(best.stream / best.fit).toFixed(2)}); ${((passes - 1) / 10).toFixed(1)} passes per iteration; identical coefficients: ${same}`,
  );
}
