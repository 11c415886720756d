// pnpm --filter @em/mixed bench: a random intercept and slope model, y ~ x + (x | g), on 100 000 rows ×
// 1 000 groups (REML). Times our fit with plain EM, SQUAREM, and SQUAREM + Newton polish — each from the
// table (formula, design and fit) — and, in the same run, lme4's lmer on the same data (Debian
// r-cran-lme4, OPENBLAS_NUM_THREADS=1), and reports the ratios. Prints "skipped" for lme4 without R.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { LinearMixedModel } from '../dist/index.js';

const N = 100_000;
const G = 1_000;
let state = 20_240_611;
const random = () => {
  state = (state * 48271) % 2147483647;
  return state / 2147483647;
};
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const b0 = Array.from({ length: G }, () => 2 * gauss());
const b1 = Array.from({ length: G }, (_, j) => (0.3 * b0[j]) / 2 + 0.5 * gauss());
const data = { y: new Array(N), x: new Array(N), g: new Array(N) };
for (let i = 0; i < N; i++) {
  const j = i % G;
  const x = 10 * random();
  data.x[i] = x;
  data.g[i] = `g${j}`;
  data.y[i] = 5 + 0.8 * x + b0[j] + b1[j] * x + gauss();
}
const formula = 'y ~ x + (x | g)';

const time = (f, repeat) => {
  let result = f();
  const start = performance.now();
  for (let i = 0; i < repeat; i++) result = f();
  return { ms: (performance.now() - start) / repeat, result };
};
const variants = [
  ['plain EM', { acceleration: 'none', polish: false }],
  ['SQUAREM', { acceleration: 'squarem', polish: false }],
  ['SQUAREM + Newton polish (default)', {}],
];
const ours = variants.map(([name, options]) => {
  const { ms, result } = time(() => new LinearMixedModel(options).fit(formula, data), 3);
  return { name, ms, fit: result };
});

const dir = mkdtempSync(join(tmpdir(), 'em-mixed-bench-'));
const csv = join(dir, 'data.csv');
writeFileSync(csv, `y,x,g\n${data.y.map((y, i) => `${y},${data.x[i]},${data.g[i]}`).join('\n')}\n`);
const script = fileURLToPath(new URL('./lme4_bench.R', import.meta.url));
const check = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(lme4))'], {
  encoding: 'utf8',
});
let lme4;
if (check.status !== 0)
  lme4 = { skipped: 'Rscript with lme4 not found (Debian: apt-get install r-cran-lme4)' };
else {
  const run = spawnSync('Rscript', [script, csv, '3'], {
    encoding: 'utf8',
    env: referenceEnv(),
  });
  lme4 = run.status === 0 ? JSON.parse(run.stdout.trim().split('\n').at(-1)) : { skipped: run.stderr.trim() };
}

console.log(`@em/mixed bench: ${formula}, REML, ${N} rows × ${G} groups`);
const ref = lme4.seconds ? lme4.seconds * 1000 : undefined;
for (const { name, ms, fit } of ours) {
  const [sdInt, sdX] = fit.varCorr().groups[0].sd;
  console.log(
    `  ${name.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms` +
      (ref ? `  (${(ms / ref).toFixed(3)} × lme4)` : '') +
      `  ${fit.optimizer.description}; logLik ${fit.logLikelihood.toFixed(6)}, SDs ${sdInt.toFixed(6)} ${sdX.toFixed(6)}, σ ${fit.sigma.toFixed(6)}`,
  );
}
if (ref)
  console.log(
    `  ${`lme4 ${lme4.lme4} lmer`.padEnd(36)} ${ref.toFixed(1).padStart(8)} ms  (1 × lme4)  logLik ${lme4.logLik.toFixed(6)}, SDs ${lme4.sd[0].toFixed(6)} ${lme4.sd[1].toFixed(6)}, σ ${lme4.sigma.toFixed(6)}`,
  );
else console.log(`  lme4: skipped: ${lme4.skipped}`);
