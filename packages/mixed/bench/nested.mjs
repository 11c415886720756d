// pnpm --filter @em/mixed bench (third part): a nested model, y ~ x + (1 | school/class), REML, on
// 2 000 schools × 5 classes × 4 pupils (40 000 rows, 12 000 random effects): fitMatrices (the nested
// engine: each school with its classes one 6 × 6 block), fitStream in chunks of 5 000 rows, and lme4's
// lmer on the same rows in the same run (one thread). Best of 3: the machine is shared, read the ratios.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { LinearMixedModel } from '../dist/index.js';

let state = 20_261_201;
const random = () => {
  state = (state * 48271) % 2147483647;
  return state / 2147483647;
};
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

const y = [];
const X = [];
const school = [];
const klass = [];
for (let s = 0; s < 2000; s++) {
  const bs = 1.5 * gauss();
  for (let c = 0; c < 5; c++) {
    const bc = 0.8 * gauss();
    for (let i = 0; i < 4; i++) {
      const x = 10 * random();
      y.push(2 + 0.5 * x + bs + bc + gauss());
      X.push([1, x]);
      school.push(`s${String(s).padStart(4, '0')}`);
      klass.push(`c${c}`);
    }
  }
}
const n = y.length;

const best = (f, repeats = 3) => {
  let t = Number.POSITIVE_INFINITY;
  let out;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    out = f();
    t = Math.min(t, (performance.now() - start) / 1000);
  }
  return { seconds: t, out };
};
const bestAsync = async (f, repeats = 3) => {
  let t = Number.POSITIVE_INFINITY;
  let out;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    out = await f();
    t = Math.min(t, (performance.now() - start) / 1000);
  }
  return { seconds: t, out };
};

const memory = best(() =>
  new LinearMixedModel().fitMatrices({
    y,
    X,
    fixedNames: ['(Intercept)', 'x'],
    random: [
      { name: 'class:school', groups: klass.map((c, i) => `${c}:${school[i]}`) },
      { name: 'school', groups: school },
    ],
  }),
);
const chunks = [];
for (let i = 0; i < n; i += 5000)
  chunks.push({
    y: y.slice(i, i + 5000),
    X: X.slice(i, i + 5000),
    groups: school.slice(i, i + 5000),
    inner: klass.slice(i, i + 5000),
  });
let passes = 0;
const stream = await bestAsync(async () => {
  passes = 0;
  return new LinearMixedModel().fitStream(chunks, {
    fixedNames: ['(Intercept)', 'x'],
    name: 'school',
    innerName: 'class:school',
    onProgress: (pass) => {
      passes = Math.max(passes, pass);
    },
  });
});

const sds = (m) => m.varCorr().groups.map((g) => g.sd[0]);
const report = {
  rows: n,
  fitMatrices: {
    seconds: memory.seconds,
    logLik: memory.out.logLikelihood,
    sd: sds(memory.out),
    sigma: memory.out.sigma,
  },
  fitStream: {
    seconds: stream.seconds,
    passes,
    identical: stream.out.logLikelihood === memory.out.logLikelihood,
    logLik: stream.out.logLikelihood,
  },
};

const check = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(lme4))'], {
  encoding: 'utf8',
});
if (check.status !== 0)
  report.lme4 = { skipped: 'Rscript with lme4 not found (Debian: apt-get install r-cran-lme4)' };
else {
  const dir = mkdtempSync(join(tmpdir(), 'em-mixed-nested-'));
  const csv = join(dir, 'data.csv');
  writeFileSync(
    csv,
    `y,x,school,class\n${y.map((v, i) => `${v},${X[i][1]},${school[i]},${klass[i]}`).join('\n')}\n`,
  );
  const script = join(dirname(fileURLToPath(import.meta.url)), 'lme4_nested.R');
  const run = spawnSync('Rscript', [script, csv, '3'], {
    encoding: 'utf8',
    env: referenceEnv(),
  });
  report.lme4 = run.status === 0 ? JSON.parse(run.stdout) : { failed: run.stderr };
  if (report.lme4.seconds) {
    report.ratio = {
      fitMatrices: memory.seconds / report.lme4.seconds,
      fitStream: stream.seconds / report.lme4.seconds,
    };
    report.logLikDifference = memory.out.logLikelihood - report.lme4.logLik;
  }
}
console.log(JSON.stringify(report, null, 2));
