// pnpm --filter @em/mixtures bench (never in CI). Two rows (and bench/stream.mjs, bench/stream-regression.mjs: fitStream against fit):
// 1. MultinomialMixture, one EM iteration on 100 000 sparse documents × 20 000 words (about 100 distinct
//    words each), K = 20: time per iteration and its cost per non-zero (and per non-zero × component).
// 2. BernoulliMixture, 100 000 × 100 binary, K = 10, against R's flexmix (FLXMCmvbinary) on the same
//    data in the same run: the same number of EM iterations on each side, and the ratio.
//    Prints "skipped: <why>" when Rscript or flexmix is missing. OPENBLAS_NUM_THREADS=1 for R.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { BernoulliMixture, MultinomialMixture } from '../dist/index.js';

let state = 987654321;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const time = (f) => {
  const start = performance.now();
  f();
  return performance.now() - start;
};

// --- 1. sparse multinomial ---------------------------------------------------------------------------
{
  const N = 100_000;
  const V = 20_000;
  const K = 20;
  const perDoc = 100;
  // Topic t favours the words t·1000 … t·1000+999; the rest is background.
  const indptr = new Int32Array(N + 1);
  const indices = new Int32Array(N * perDoc);
  const values = new Float64Array(N * perDoc);
  const seen = new Set();
  let at = 0;
  for (let i = 0; i < N; i++) {
    const topic = i % K;
    seen.clear();
    while (seen.size < perDoc) {
      const w = random() < 0.6 ? topic * 1000 + Math.floor(random() * 1000) : Math.floor(random() * V);
      seen.add(w);
    }
    for (const w of [...seen].sort((a, b) => a - b)) {
      indices[at] = w;
      values[at++] = 1 + Math.floor(random() * random() * 4);
    }
    indptr[i + 1] = at;
  }
  const X = { rows: N, cols: V, indptr, indices, values };
  const nnz = at;
  const fit = (maxIter) => new MultinomialMixture({ nComponents: K, maxIter, tol: 0, randomState: 1 }).fit(X);
  fit(1); // warm up the JIT
  const t1 = Math.min(
    time(() => fit(1)),
    time(() => fit(1)),
  );
  let nIter = 0;
  const t6 = Math.min(
    time(() => {
      nIter = fit(6).nIter;
    }),
    time(() => fit(6)),
  );
  if (nIter !== 6) throw new Error(`expected 6 iterations, ran ${nIter}`);
  const perIter = (t6 - t1) / 5;
  console.log(
    `multinomial  ${N} docs × ${V} words, ${nnz} non-zeros, K = ${K}: one EM iteration ${perIter.toFixed(0)} ms ` +
      `= ${((perIter * 1e6) / nnz).toFixed(1)} ns per non-zero (${((perIter * 1e6) / nnz / K).toFixed(2)} ns per non-zero × component; ` +
      `setup + start ${(t1 - perIter).toFixed(0)} ms)`,
  );
}

// --- 2. Bernoulli against flexmix ----------------------------------------------------------------
{
  const N = 100_000;
  const D = 100;
  const K = 10;
  const ITER = 10;
  const centers = Array.from({ length: K }, () => Array.from({ length: D }, () => 0.1 + 0.8 * random()));
  const X = Array.from({ length: N }, (_, i) => centers[i % K].map((p) => (random() < p ? 1 : 0)));
  // The same start on both sides: a random assignment of rows to components (flexmix's `cluster`).
  const start = Int32Array.from({ length: N }, () => Math.floor(random() * K));
  const resp = Array.from({ length: K }, (_, k) => start.reduce((s, c) => s + (c === k ? 1 : 0), 0));
  const probabilitiesInit = Array.from({ length: K }, (_, k) => {
    const sums = new Float64Array(D);
    X.forEach((row, i) => {
      if (start[i] === k) for (let j = 0; j < D; j++) sums[j] += row[j];
    });
    return Array.from(sums, (s) => s / resp[k]);
  });
  const weightsInit = resp.map((r) => r / N);
  const ours = (maxIter) =>
    new BernoulliMixture({ nComponents: K, maxIter, tol: 0, weightsInit, probabilitiesInit }).fit(X);
  ours(1);
  const oursMs = Math.min(
    time(() => ours(ITER)),
    time(() => ours(ITER)),
  );
  const hasR = spawnSync('Rscript', ['-e', 'library(flexmix)'], { stdio: 'ignore' }).status === 0;
  if (!hasR) {
    console.log(
      `bernoulli    ${N} × ${D}, K = ${K}: ours ${oursMs.toFixed(0)} ms for ${ITER} iterations; flexmix skipped: Rscript with flexmix not found`,
    );
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'em-mixtures-bench-'));
    try {
      writeFileSync(join(dir, 'x.csv'), X.map((r) => r.join(',')).join('\n'));
      writeFileSync(join(dir, 'start.csv'), Array.from(start, (k) => k + 1).join('\n'));
      const script = fileURLToPath(new URL('./flexmix_bench.R', import.meta.url));
      const r = spawnSync('Rscript', [script, dir, String(K), String(ITER)], {
        encoding: 'utf8',
        env: referenceEnv(),
      });
      const ms = Number(/flexmix_ms=([\d.]+)/.exec(r.stdout)?.[1]);
      if (!Number.isFinite(ms))
        console.log(`bernoulli    flexmix skipped: ${r.stderr.trim().split('\n').pop()}`);
      else
        console.log(
          `bernoulli    ${N} × ${D}, K = ${K}, ${ITER} EM iterations from the same start: ours ${oursMs.toFixed(0)} ms, ` +
            `flexmix ${ms.toFixed(0)} ms — ours ${(ms / oursMs).toFixed(1)}× faster`,
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// --- 3. fitStream against fit ----------------------------------------------------------------------
await import('./stream.mjs');
await import('./stream-regression.mjs');
