// `pnpm bench` row for BayesianGaussianMixture: per-iteration time of our variational mixture
// against our GaussianMixture (same data, same kernels, same process) and against scikit-learn's
// BayesianGaussianMixture (in a child process, in the same run). Never part of CI.
//
//   node bench/bayesian.mjs [--cases 1,3] [--repeats 3] [--prior dirichlet_process] [--no-sklearn]
//
// Timing as bench/run.mjs: ms per iteration = (fit(maxIter = n) − fit(maxIter = 1)) / (n − 1), tol 0,
// median over the repeats, which leaves out validation, initialisation and the final E-step.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { BayesianGaussianMixture, compileWasmKernels, GaussianMixture } from '../dist/index.js';
import { CASES, generateData } from './cases.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    cases: { type: 'string' },
    repeats: { type: 'string', default: '3' },
    prior: { type: 'string', default: 'dirichlet_process' },
    'no-sklearn': { type: 'boolean', default: false },
  },
});
const repeats = Number(args.repeats);
const selected = args.cases ? args.cases.split(',').map((i) => CASES[Number(i) - 1]) : CASES;
const python = process.env.PYTHON ?? '/usr/bin/python3';
const REG_COVAR = 1e-6;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** ms per iteration of each model maker, the repeats interleaved so load on the shared machine hits all alike. */
function perIteration(makers, X, iterations) {
  const time = (make, maxIter) => {
    const model = make(maxIter);
    const start = performance.now();
    model.fit(X);
    return performance.now() - start;
  };
  for (const make of makers) time(make, iterations); // warm-up
  const runs = makers.map(() => []);
  for (let r = 0; r < repeats; r++) {
    makers.forEach((make, m) => {
      const full = time(make, iterations);
      const setup = time(make, 1);
      runs[m].push((full - setup) / (iterations - 1));
    });
  }
  return runs.map(median);
}

function sklearn(metaPath) {
  if (args['no-sklearn']) return { skipped: '--no-sklearn' };
  const out = spawnSync(python, [join(here, 'sklearn_bayesian_bench.py'), metaPath, String(repeats)], {
    encoding: 'utf8',
    env: referenceEnv(),
    maxBuffer: 1 << 24,
  });
  if (out.error) return { skipped: `${python}: ${out.error.code ?? out.error.message}` };
  if (out.status !== 0)
    return { skipped: `${python} exited ${out.status}: ${out.stderr.trim().split('\n').at(-1)}` };
  return JSON.parse(out.stdout.trim().split('\n').at(-1));
}

await compileWasmKernels();
const dir = mkdtempSync(join(tmpdir(), 'em-bayes-bench-'));
console.log(`BayesianGaussianMixture (${args.prior}), ms per iteration, median of ${repeats}`);
console.log(
  'case | GaussianMixture | BayesianGaussianMixture | Bayesian / GMM | scikit-learn Bayesian | scikit-learn / ours',
);
try {
  for (const c of selected) {
    const X = generateData(c);
    const data = { data: X, rows: c.n, cols: c.d };
    const [gmm, bayes] = perIteration(
      [
        (maxIter) =>
          new GaussianMixture({
            nComponents: c.k,
            covarianceType: c.covarianceType,
            tol: 0,
            regCovar: REG_COVAR,
            maxIter,
            // The same initialisation as the variational fit below (and scikit-learn's side).
            initParams: 'random_from_data',
            randomState: 0,
          }),
        (maxIter) =>
          new BayesianGaussianMixture({
            nComponents: c.k,
            covarianceType: c.covarianceType,
            weightConcentrationPriorType: args.prior,
            tol: 0,
            regCovar: REG_COVAR,
            maxIter,
            initParams: 'random_from_data',
            randomState: 0,
          }),
      ],
      data,
      c.iterations,
    );
    const dataFile = join(dir, `case-${c.seed}.bin`);
    writeFileSync(dataFile, new Uint8Array(X.buffer));
    const metaPath = join(dir, `case-${c.seed}.json`);
    writeFileSync(metaPath, JSON.stringify({ ...c, regCovar: REG_COVAR, dataFile, priorType: args.prior }));
    const reference = sklearn(metaPath);
    const sk = reference.skipped ? `skipped: ${reference.skipped}` : reference.msPerIteration.toFixed(2);
    const ratio = reference.skipped ? '–' : `${(reference.msPerIteration / bayes).toFixed(2)}×`;
    console.log(
      `${c.name} | ${gmm.toFixed(2)} | ${bayes.toFixed(2)} | ${(bayes / gmm).toFixed(2)}× | ${sk} | ${ratio}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
