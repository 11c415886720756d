// node bench/stream.mjs (never in CI): PoissonMixture.fitStream against fit on the same 200 000 × 4
// count rows (K = 5, 10 iterations from the same explicit start, so both run the same EM), the source
// read as 20 chunks of 10 000 rows per pass. Best of 3 each, alternating; prints seconds and the ratio,
// and whether the fitted rates are identical (they must be, bit for bit).
import { PoissonMixture } from '../dist/index.js';

let state = 12345;
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
const N = 200_000;
const D = 4;
const K = 5;
const rows = Array.from({ length: N }, (_, i) =>
  Array.from({ length: D }, (_, j) => poisson(1 + ((i + j) % K) * 3)),
);
const chunks = Array.from({ length: 20 }, (_, c) => rows.slice(c * 10_000, (c + 1) * 10_000));
const options = {
  nComponents: K,
  maxIter: 10,
  tol: 0,
  weightsInit: Array(K).fill(1 / K),
  ratesInit: Array.from({ length: K }, (_, k) => Array.from({ length: D }, (_, j) => 1 + k * 2.5 + j * 0.1)),
};
const best = { fit: Infinity, stream: Infinity };
let same = true;
for (let run = 0; run < 3; run++) {
  let start = performance.now();
  const inMemory = new PoissonMixture(options).fit(rows);
  best.fit = Math.min(best.fit, (performance.now() - start) / 1000);
  start = performance.now();
  const streamed = await new PoissonMixture(options).fitStream(async function* () {
    yield* chunks;
  });
  best.stream = Math.min(best.stream, (performance.now() - start) / 1000);
  same &&= JSON.stringify(streamed.rates) === JSON.stringify(inMemory.rates);
}
console.log(
  `PoissonMixture ${N} × ${D}, K = ${K}, 10 iterations: fit ${best.fit.toFixed(2)} s, fitStream ${best.stream.toFixed(2)} s (ratio ${(best.stream / best.fit).toFixed(2)}); identical rates: ${same}`,
);
