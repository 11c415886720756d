// pnpm --filter @em/mixed bench (second part): the streamed fits of y ~ x + (x | g).
// 1. Online EM (partialFit, ML) vs the batch ML fit: held-out log-likelihood per row after 1, 2 and 5
//    passes over 2 000 training groups × 8 rows in batches of 100 groups; 500 held-out groups. The
//    held-out log-likelihood is computed here from the marginal N(Xβ, ZΣZᵀ + σ²I) of each group,
//    independently of the package.
// 2. fitStream vs fitMatrices on the same 100 000 rows (1 000 groups, REML, defaults): time (best of
//    3, the machine is shared: read the ratio, not the seconds), passes, and the largest difference.
import { LinearMixedModel } from '../dist/index.js';

let state = 20_251_201;
const random = () => {
  state = (state * 48271) % 2147483647;
  return state / 2147483647;
};
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** `groups` groups of `size` rows of y = 5 + 0.8x + b₀ + b₁x + e, x uniform on [0, 10). */
function simulate(groups, size, prefix) {
  const y = [];
  const X = [];
  const labels = [];
  for (let g = 0; g < groups; g++) {
    const b0 = 2 * gauss();
    const b1 = 0.15 * b0 + 0.5 * gauss();
    for (let j = 0; j < size; j++) {
      const x = 10 * random();
      y.push(5 + 0.8 * x + b0 + b1 * x + gauss());
      X.push([1, x]);
      labels.push(`${prefix}${g}`);
    }
  }
  return { y, X, Z: X, groups: labels };
}

/** Σᵢ log N(yᵢ; Xᵢβ, ZᵢΣZᵢᵀ + σ²I) over the groups of `data`, per row (dense Cholesky per group). */
function heldOut(model, data) {
  const beta = model.fixedEffects().map((f) => f.estimate);
  const cov = model.varCorr().groups[0].covariance;
  const s2 = model.sigma ** 2;
  const byGroup = new Map();
  data.groups.forEach((g, i) => {
    byGroup.set(g, [...(byGroup.get(g) ?? []), i]);
  });
  let ll = 0;
  for (const rows of byGroup.values()) {
    const n = rows.length;
    const V = Array.from({ length: n }, (_, a) =>
      Array.from({ length: n }, (_, b) => {
        const za = data.Z[rows[a]];
        const zb = data.Z[rows[b]];
        let v = a === b ? s2 : 0;
        for (let s = 0; s < za.length; s++)
          for (let t = 0; t < zb.length; t++) v += za[s] * cov[s][t] * zb[t];
        return v;
      }),
    );
    const L = V.map((r) => r.slice());
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) L[j][j] -= L[j][k] ** 2;
      L[j][j] = Math.sqrt(L[j][j]);
      for (let i = j + 1; i < n; i++) {
        for (let k = 0; k < j; k++) L[i][j] -= L[i][k] * L[j][k];
        L[i][j] /= L[j][j];
      }
    }
    const r = rows.map((i) => data.y[i] - data.X[i].reduce((s, x, a) => s + x * beta[a], 0));
    const w = [];
    for (let i = 0; i < n; i++) {
      let v = r[i];
      for (let k = 0; k < i; k++) v -= L[i][k] * w[k];
      w.push(v / L[i][i]);
    }
    let logDet = 0;
    for (let i = 0; i < n; i++) logDet += 2 * Math.log(L[i][i]);
    ll += -0.5 * (n * Math.log(2 * Math.PI) + logDet + w.reduce((s, v) => s + v * v, 0));
  }
  return ll / data.y.length;
}

const batches = Array.from({ length: 20 }, (_, k) => simulate(100, 8, `t${k}-`));
const train = {
  y: batches.flatMap((b) => b.y),
  X: batches.flatMap((b) => b.X),
  groups: batches.flatMap((b) => b.groups),
};
const test = simulate(500, 8, 'h');
const batch = new LinearMixedModel({ reml: false }).fitMatrices({
  y: train.y,
  X: train.X,
  random: [{ groups: train.groups, Z: train.X }],
});
const reference = heldOut(batch, test);
console.log(
  `online EM (partialFit, ML), 2 000 groups × 8 rows in batches of 100 groups; 500 held-out groups`,
);
console.log(`batch ML fit: held-out log-likelihood ${reference.toFixed(5)} per row`);
const online = new LinearMixedModel({ reml: false });
for (let pass = 1; pass <= 5; pass++) {
  for (const b of batches) online.partialFit(b);
  if (pass === 1 || pass === 2 || pass === 5) {
    const ll = heldOut(online, test);
    console.log(
      `after ${pass} pass${pass > 1 ? 'es' : ''}: ${ll.toFixed(5)} per row (${(ll - reference).toExponential(2)} from the batch fit)`,
    );
  }
}

// 2. fitStream vs fitMatrices.
const N = 100_000;
const G = 1_000;
const big = simulate(G, N / G, 'g');
const chunks = [];
for (let i = 0; i < N; i += 10_000)
  chunks.push({
    y: big.y.slice(i, i + 10_000),
    X: big.X.slice(i, i + 10_000),
    Z: big.X.slice(i, i + 10_000),
    groups: big.groups.slice(i, i + 10_000),
  });
const best = async (f) => {
  let ms = Number.POSITIVE_INFINITY;
  let result;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    result = await f();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, result };
};
const memory = await best(() =>
  new LinearMixedModel().fitMatrices({ y: big.y, X: big.X, random: [{ groups: big.groups, Z: big.X }] }),
);
let passes = 0;
const streamed = await best(() =>
  new LinearMixedModel().fitStream(chunks, {
    onProgress: (pass) => {
      passes = pass;
    },
  }),
);
const a = memory.result.toJSON().state;
const b = streamed.result.toJSON().state;
const diff = Math.max(
  ...[a.beta, a.sigma2, a.cov.flat(2), a.blups.flat(3)]
    .flat()
    .map((v, i) => Math.abs(v - [b.beta, b.sigma2, b.cov.flat(2), b.blups.flat(3)].flat()[i])),
);
console.log(`\nfitStream vs fitMatrices, ${N} rows × ${G} groups, REML, SQUAREM + polish (best of 3):`);
console.log(
  `fitMatrices ${memory.ms.toFixed(0)} ms; fitStream ${streamed.ms.toFixed(0)} ms (${(streamed.ms / memory.ms).toFixed(2)}×), ${passes} passes over the chunks; largest difference ${diff.toExponential(1)}`,
);
