// pnpm --filter @em/irt bench: a 2PL fitted to 50 items × 20 000 simulated persons. Reports the time per
// EM cycle (E-step + M-step) as a multiple of one evaluation of the marginal likelihood — the floor of
// any marginal-likelihood method — and, in the same run, numpy's evaluation of the same likelihood
// (a vectorised reference) when /usr/bin/python3 with numpy is present. Ratios, not lone times.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { ItemResponseModel } from '../dist/index.js';

const J = 50;
const N = 20_000;
let state = 12345;
const random = () => {
  state = (state * 48271) % 2147483647;
  return state / 2147483647;
};
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const truth = ItemResponseModel.fromItems(
  '2PL',
  Array.from({ length: J }, () => ({ slope: Math.exp(0.3 * gauss()), intercepts: [gauss()] })),
);
const theta = Array.from({ length: N }, gauss);
const data = truth.simulate(theta, random);

// Best of `repeat` runs after a warm-up: the machine is shared, and the fastest run is the one least
// disturbed by other work (numpy_loglik.py does the same).
const time = (f, repeat) => {
  f();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    f();
    best = Math.min(best, performance.now() - start);
  }
  return best;
};

// One EM cycle = one plain EM iteration (acceleration 'none'): fit with a fixed number of iterations.
const iterations = 20;
const fitMs = time(
  () =>
    new ItemResponseModel({ acceleration: 'none', maxIter: iterations, tol: 0, standardErrors: false }).fit(
      data,
    ),
  3,
);
const setupMs = time(
  () => new ItemResponseModel({ acceleration: 'none', maxIter: 1, tol: 0, standardErrors: false }).fit(data),
  3,
);
const cycleMs = (fitMs - setupMs) / (iterations - 1);
const model = new ItemResponseModel({ standardErrors: false }).fit(data);
// marginalLogLikelihood(data) = validating and grouping 20 000 rows (independent of the number of
// quadrature points Q) + the likelihood itself (linear in Q). Timing it at several Q and fitting a line
// separates the two: the likelihood at Q = 21 is the slope × 21.
const grid = [3, 11, 21, 41];
const times = grid.map((Q) => {
  const m = ItemResponseModel.fromItems('2PL', model.items, { quadraturePoints: Q });
  return time(() => m.marginalLogLikelihood(data), 5);
});
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const [mq, mt] = [mean(grid), mean(times)];
const slope =
  grid.reduce((s, q, i) => s + (q - mq) * (times[i] - mt), 0) / grid.reduce((s, q) => s + (q - mq) ** 2, 0);
const prepareMs = mt - slope * mq;
const likelihoodMs = slope * 21;
let full;
const fullMs = time(() => {
  full = new ItemResponseModel({ standardErrors: false }).fit(data);
}, 2);

const rows = [
  ['one marginal log-likelihood evaluation (the E-step without expected counts)', likelihoodMs, 1],
  ['one EM cycle (E-step with expected counts + 50 Newton M-steps)', cycleMs, cycleMs / likelihoodMs],
  ['validating and grouping the 20 000 × 50 responses (once per fit)', prepareMs, prepareMs / likelihoodMs],
  [
    `complete fit, SQUAREM, tol 1e-8 (${full.nIter} cycles, converged: ${full.converged})`,
    fullMs,
    fullMs / likelihoodMs,
  ],
];

// The reference: numpy evaluating the same 21-point Gauss–Hermite marginal likelihood on the same data.
const python = '/usr/bin/python3';
const check = spawnSync(python, ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
let reference = 'skipped: /usr/bin/python3 with numpy and scipy not found';
if (check.status === 0) {
  const dir = mkdtempSync(join(tmpdir(), 'em-irt-bench-'));
  const file = join(dir, 'case.json');
  writeFileSync(file, JSON.stringify({ data, items: model.items.map((i) => [i.slope, i.intercepts[0]]) }));
  const script = fileURLToPath(new URL('./numpy_loglik.py', import.meta.url));
  const run = spawnSync(python, [script, file], {
    encoding: 'utf8',
    env: referenceEnv(),
  });
  if (run.status === 0) {
    const { ms, logLikelihood } = JSON.parse(run.stdout);
    rows.push([
      'numpy: one marginal log-likelihood evaluation (same data, same quadrature)',
      ms,
      ms / likelihoodMs,
    ]);
    reference = `numpy log-likelihood ${logLikelihood.toFixed(6)}, ours ${model.marginalLogLikelihood(data).toFixed(6)}`;
  } else reference = `skipped: numpy reference failed: ${run.stderr.trim().split('\n').at(-1)}`;
}

console.log(`2PL, ${J} items × ${N} persons, 21 Gauss–Hermite points (Node ${process.version})\n`);
console.log('| step | ms | × one likelihood evaluation |');
console.log('| --- | ---: | ---: |');
for (const [name, ms, ratio] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${ratio.toFixed(2)} |`);
console.log(`\n${reference}`);
