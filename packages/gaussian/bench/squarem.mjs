// `pnpm bench`, second part: SQUAREM against plain EM on the seed example made hard — 4000 points from
// N(20, 5²) and 8000 from N(30, 5²), whose components overlap so much that plain EM crawls — with
// scikit-learn's plain EM on the same data from the same initial parameters, in the same run.
//
//   node bench/squarem.mjs [--rounds 5] [--min-ms 300] [--seed 42] [--tol 1e-8] [--no-sklearn]
//                          [--json results.json]
//
// The initial parameters are our k-means initialisation (randomState 1), handed to every side as
// weightsInit / meansInit / precisionsInit (scikit-learn: weights_init, means_init, precisions_init).
// Each side times loops of whole fits to convergence (as many as take at least --min-ms, after a
// warm-up); the rounds are interleaved, ours then a fresh scikit-learn process
// (bench/sklearn_squarem.py, OPENBLAS_NUM_THREADS=1), and the table gives the medians.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom, normal } from '@em/sampling';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { GaussianMixture } from '../dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'min-ms': { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
    tol: { type: 'string', default: '1e-8' },
    'no-sklearn': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const rounds = Number(args.rounds);
const minMs = Number(args['min-ms']);
const tol = Number(args.tol);
const MAX_ITER = 10_000;
const REG_COVAR = 1e-6;
const python = process.env.PYTHON ?? '/usr/bin/python3';

const rng = createRandom(Number(args.seed));
const X = Float64Array.from([
  ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
  ...normal(rng, { loc: 30, scale: 5, size: 8000 }),
]);
const start = new GaussianMixture({ nComponents: 2, randomState: 1, maxIter: 0 }).fit(X);
const init = { weights: start.weights, means: start.means, precisions: start.precisions };

/** Lower bound and E-steps after every iteration, from the first (warm-up) fit. */
function fitter(acceleration) {
  const side = { ms: [], trace: [] };
  const options = {
    nComponents: 2,
    tol,
    maxIter: MAX_ITER,
    regCovar: REG_COVAR,
    acceleration,
    weightsInit: init.weights,
    meansInit: init.means,
    precisionsInit: init.precisions,
  };
  side.fit = () => new GaussianMixture(options).fit(X);
  side.gmm = new GaussianMixture({
    ...options,
    onIteration: ({ logLikelihood, nEStep }) => void side.trace.push({ lowerBound: logLikelihood, nEStep }),
  }).fit(X);
  return side;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
function timeLoop(fit, count) {
  const started = performance.now();
  for (let i = 0; i < count; i++) fit();
  return performance.now() - started;
}

const ours = { plain: fitter('none'), squarem: fitter('squarem') };
for (const side of Object.values(ours)) {
  side.count = 1;
  while (timeLoop(side.fit, side.count) < minMs) side.count *= 2;
}

const dir = mkdtempSync(join(tmpdir(), 'em-gaussian-squarem-'));
let sklearn = args['no-sklearn'] ? { skipped: '--no-sklearn' } : undefined;
try {
  const dataFile = join(dir, 'seed-20-30.bin');
  writeFileSync(dataFile, new Uint8Array(X.buffer));
  const metaPath = join(dir, 'seed-20-30.json');
  const meta = { n: X.length, d: 1, k: 2, tol, maxIter: MAX_ITER, regCovar: REG_COVAR, dataFile, init };
  writeFileSync(metaPath, JSON.stringify(meta));
  const runSklearn = () => {
    const out = spawnSync(python, [join(here, 'sklearn_squarem.py'), metaPath, '1', String(minMs)], {
      encoding: 'utf8',
      env: referenceEnv(),
      maxBuffer: 1 << 24,
    });
    if (out.error) return { skipped: `${python}: ${out.error.code ?? out.error.message}` };
    if (out.status !== 0) {
      return {
        skipped: `${python} exited ${out.status}: ${out.stderr.trim().split('\n').slice(-2).join(' | ')}`,
      };
    }
    return JSON.parse(out.stdout.trim().split('\n').at(-1));
  };
  process.stderr.write('SQUAREM rounds:');
  for (let round = 0; round < rounds; round++) {
    for (const side of Object.values(ours)) side.ms.push(timeLoop(side.fit, side.count) / side.count);
    if (!sklearn?.skipped) {
      const out = runSklearn();
      if (out.skipped || !sklearn) sklearn = out;
      else sklearn.msPerFit.push(...out.msPerFit);
    }
    process.stderr.write(` ${round + 1}`);
  }
  process.stderr.write('\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const plainBound = ours.plain.gmm.lowerBound;
const reached = ours.squarem.trace.find((step) => step.lowerBound >= plainBound);
const sk = sklearn?.skipped ? undefined : sklearn;
const skMs = sk && median(sk.msPerFit);
const times = (x) => (x === undefined ? '—' : `${x >= 100 ? x.toFixed(0) : x.toPrecision(3)}×`);
const header = [
  'seed example, means 20 and 30',
  'E-steps',
  'iterations',
  'final lower bound',
  'ms/fit',
  'time / scikit-learn',
  'time / our plain EM',
];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const [name, side] of [
  ['ours, plain EM', ours.plain],
  ["ours, acceleration: 'squarem'", ours.squarem],
]) {
  const ms = median(side.ms);
  lines.push(
    `| ${[
      name,
      side.trace.at(-1).nEStep,
      side.gmm.nIter,
      side.gmm.lowerBound.toFixed(12),
      ms.toFixed(1),
      times(skMs && ms / skMs),
      times(ms / median(ours.plain.ms)),
    ].join(' | ')} |`,
  );
}
lines.push(
  sk
    ? `| scikit-learn, plain EM | ${sk.nIter} | ${sk.nIter} | ${sk.lowerBound.toFixed(12)} | ${skMs.toFixed(1)} | 1.00× | ${times(skMs / median(ours.plain.ms))} |`
    : `| scikit-learn, plain EM | — | — | — | — | — | — |`,
);
console.log(lines.join('\n'));
console.log(
  `E-steps: plain EM / SQUAREM = ${times(ours.plain.trace.at(-1).nEStep / ours.squarem.trace.at(-1).nEStep)}; ` +
    `SQUAREM passed plain EM's final lower bound after ${reached?.nEStep ?? '—'} E-steps.`,
);
if (!sk) console.log(`scikit-learn: skipped: ${sklearn.skipped}`);
else console.log(`${sk.library} (its ${sk.nIter} E-steps exclude the final one fit makes for labels)`);
console.log(
  `Node ${process.versions.node}; N = ${X.length}, seed ${args.seed}, 2 components, full, tol ${tol}; ` +
    `median of ${rounds} interleaved rounds, each a loop of whole fits taking ≥ ${minMs} ms`,
);
if (args.json) {
  const strip = ({ ms, trace }) => ({ ms, trace });
  writeFileSync(
    args.json,
    JSON.stringify({ ours: { plain: strip(ours.plain), squarem: strip(ours.squarem) }, sklearn }, null, 2),
  );
}
