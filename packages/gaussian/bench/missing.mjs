// `pnpm bench` (missing values): the cost of one EM iteration on data with missing values against
// one on the same data complete, in the same run (issue 15: at most 3×).
//
//   node bench/missing.mjs [--rows 100000] [--features 8] [--components 8] [--rate 0.2] [--iterations 8]
//
// Same rows, same initial parameters; the missing cells are removed completely at random (a row
// never loses every value). No other library fits mixtures to incomplete data, so the reference is
// our own complete-data iteration (the fused WebAssembly/generated kernels).
import { parseArgs } from 'node:util';
import { createRandom } from '@em/sampling';
import { GaussianMixture } from '../dist/index.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    features: { type: 'string', default: '8' },
    components: { type: 'string', default: '8' },
    rate: { type: 'string', default: '0.2' },
    iterations: { type: 'string', default: '8' },
    covariance: { type: 'string', default: 'full' },
  },
});
const n = Number(args.rows);
const d = Number(args.features);
const k = Number(args.components);
const rate = Number(args.rate);
const iterations = Number(args.iterations);
const covarianceType = args.covariance;

const rng = createRandom(1);
const complete = new Float64Array(n * d);
for (let i = 0; i < n; i++) {
  const c = i % k;
  const shared = rng.normal();
  for (let j = 0; j < d; j++) complete[i * d + j] = 3 * Math.sin(c * (j + 1)) + 0.6 * shared + rng.normal();
}
const incomplete = complete.slice();
let removed = 0;
for (let i = 0; i < n; i++) {
  const keep = rng.integer(d); // one coordinate is always kept
  for (let j = 0; j < d; j++) {
    if (j !== keep && rng.random() < rate * (d / (d - 1))) {
      incomplete[i * d + j] = Number.NaN;
      removed++;
    }
  }
}

// Common start: a short fit on the complete data.
const start = new GaussianMixture({ nComponents: k, covarianceType, randomState: 0, maxIter: 3 }).fit({
  data: complete,
  rows: n,
  cols: d,
});
const init = {
  weightsInit: start.weights,
  meansInit: start.means,
  precisionsInit: start.precisions,
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Milliseconds per EM iteration (median over iterations), stepping with fitSteps. */
function perIteration(data, missing) {
  const gmm = new GaussianMixture({
    nComponents: k,
    covarianceType,
    missing,
    maxIter: iterations,
    tol: 0,
    ...init,
  });
  const times = [];
  let last = performance.now();
  let first = true;
  for (const _step of gmm.fitSteps({ data, rows: n, cols: d })) {
    const now = performance.now();
    if (!first) times.push(now - last);
    first = false;
    last = now;
  }
  return median(times);
}

const rounds = 3;
const full = [];
const missing = [];
for (let r = 0; r < rounds; r++) {
  full.push(perIteration(complete, 'error'));
  missing.push(perIteration(incomplete, 'em'));
}
const a = median(full);
const b = median(missing);
const completeRows = (() => {
  let count = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let j = 0; j < d; j++) if (Number.isNaN(incomplete[i * d + j])) ok = false;
    if (ok) count++;
  }
  return count;
})();
console.log(
  `${n} × ${d}, K = ${k}, ${covarianceType}, ${((100 * removed) / (n * d)).toFixed(1)}% of cells missing (${((100 * completeRows) / n).toFixed(1)}% of rows complete)`,
);
console.log(`complete data:       ${a.toFixed(1)} ms per iteration`);
console.log(`with missing values: ${b.toFixed(1)} ms per iteration`);
console.log(`ratio: ${(b / a).toFixed(2)}× (target ≤ 3×)`);
console.log(
  'reference: no other library fits mixtures to incomplete data; the reference is our complete-data iteration',
);
