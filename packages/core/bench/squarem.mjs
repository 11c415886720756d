// `pnpm bench` for @em/core: SQUAREM against plain EM on Hasselblad's Poisson mixture (the benchmark of
// Varadhan & Roland 2008), ours (the built dist) against R's SQUAREM package (fpiter, squarem) in the
// same run.
//
//   node bench/squarem.mjs [--rounds 5] [--min-ms 200] [--tol 1e-8] [--no-r] [--json results.json]
//
// Every side times loops of whole fits from the same start (as many fits as take at least --min-ms,
// after a warm-up) and reports the median time per fit. The rounds are interleaved — ours, then a
// fresh R process (bench/squarem.R) — so the load of a shared machine falls on both sides alike.
// Without R or its SQUAREM package the R columns say "skipped: …"; benchmarks are never part of CI.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runEM } from '../dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'min-ms': { type: 'string', default: '200' },
    tol: { type: 'string', default: '1e-8' },
    'no-r': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const rounds = Number(args.rounds);
const minMs = Number(args['min-ms']);
const tol = Number(args.tol);

// Data and start of the committed R reference (test/fixtures/make-squarem-fixture.R).
const { deaths, frequencies, start } = JSON.parse(
  readFileSync(new URL('../test/fixtures/squarem-poisson.json', import.meta.url), 'utf8'),
);

const logFactorials = deaths.map((k) => {
  let total = 0;
  for (let i = 2; i <= k; i++) total += Math.log(i);
  return total;
});
/** x · log(rate) with 0 · log 0 = 0. */
const xLogRate = (x, rate) => (x === 0 ? 0 : x * Math.log(rate));

/** The two-component Poisson mixture, p = [weight of component 1, rate 1, rate 2]; as test/models/hasselblad.ts. */
const model = {
  eStep([w, rate1, rate2]) {
    let n1 = 0;
    let x1 = 0;
    let n2 = 0;
    let x2 = 0;
    let logLikelihood = 0;
    for (let i = 0; i < deaths.length; i++) {
      const x = deaths[i];
      const n = frequencies[i];
      const a = Math.log(w) + xLogRate(x, rate1) - rate1 - logFactorials[i];
      const b = Math.log(1 - w) + xLogRate(x, rate2) - rate2 - logFactorials[i];
      const max = Math.max(a, b);
      const logTotal = max + Math.log(Math.exp(a - max) + Math.exp(b - max));
      const z = Math.exp(a - logTotal);
      n1 += n * z;
      x1 += n * z * x;
      n2 += n * (1 - z);
      x2 += n * (1 - z) * x;
      logLikelihood += n * logTotal;
    }
    return { stats: [n1, x1, n2, x2], logLikelihood };
  },
  mStep: ([n1, x1, n2, x2]) => [n1 / (n1 + n2), x1 / n1, x2 / n2],
  pack: (params) => Float64Array.from(params),
  // Extrapolation can leave the parameter space: a weight outside (0, 1) or a rate <= 0.
  unpack: ([w, rate1, rate2]) => (w > 0 && w < 1 && rate1 > 0 && rate2 > 0 ? [w, rate1, rate2] : undefined),
};

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

const ours = {
  plain: { fit: () => runEM(model, start, { tol, maxIter: 100_000 }), ms: [] },
  squarem: { fit: () => runEM(model, start, { tol, maxIter: 100_000, acceleration: 'squarem' }), ms: [] },
};
for (const side of Object.values(ours)) {
  side.result = side.fit(); // also the warm-up
  side.count = 1;
  while (timeLoop(side.fit, side.count) < minMs) side.count *= 2;
}

const rArgs = [
  `${here}squarem.R`,
  String(tol),
  '1',
  String(minMs),
  deaths.join(','),
  frequencies.join(','),
  start.join(','),
];
function runR() {
  const out = spawnSync('Rscript', rArgs, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (out.error) return { skipped: `Rscript: ${out.error.code ?? out.error.message}` };
  if (out.status !== 0) {
    return {
      skipped: `Rscript exited ${out.status}: ${out.stderr.trim().split('\n').slice(-2).join(' | ')}`,
    };
  }
  return JSON.parse(out.stdout.trim().split('\n').at(-1));
}

let r = args['no-r'] ? { skipped: '--no-r' } : undefined;
process.stderr.write('rounds:');
for (let round = 0; round < rounds; round++) {
  for (const side of Object.values(ours)) side.ms.push(timeLoop(side.fit, side.count) / side.count);
  if (!r?.skipped) {
    const out = runR();
    if (out.skipped) r = out;
    else if (!r) r = out;
    else for (const key of ['fpiter', 'squarem']) r[key].msPerFit.push(...out[key].msPerFit);
  }
  process.stderr.write(` ${round + 1}`);
}
process.stderr.write('\n');

// −log L of the parameters each side returns (R reports the same at its final parameters).
const negLogLik = (params) => -model.eStep(params).logLikelihood;
const rows = [
  { method: 'plain EM', ours: ours.plain, theirs: r?.fpiter, theirsName: 'fpiter' },
  { method: 'SQUAREM', ours: ours.squarem, theirs: r?.squarem, theirsName: 'squarem' },
];
const msText = (ms) => (ms < 1 ? ms.toFixed(4) : ms.toFixed(3));
// Three significant digits: ratios far from 1 stay readable.
const times = (x) => `${x >= 100 ? x.toFixed(0) : x.toPrecision(3)}×`;
const header = [
  'method',
  'ours E-steps',
  'R fixed-point + objective evaluations',
  'ours −log L',
  'R −log L',
  'ours ms/fit',
  'R ms/fit',
  'time ours / R',
];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const row of rows) {
  const oursMs = median(row.ours.ms);
  const rMs = r?.skipped ? undefined : median(row.theirs.msPerFit);
  lines.push(
    `| ${[
      row.method,
      row.ours.result.nEStep,
      rMs === undefined ? '—' : `${row.theirs.fpevals} + ${row.theirs.objfevals} (${row.theirsName})`,
      negLogLik(row.ours.result.params).toFixed(10),
      rMs === undefined ? '—' : row.theirs.negLogLik.toFixed(10),
      msText(oursMs),
      rMs === undefined ? '—' : msText(rMs),
      rMs === undefined ? '—' : times(oursMs / rMs),
    ].join(' | ')} |`,
  );
}
const speedUp = (plain, accelerated) => times(median(plain) / median(accelerated));
lines.push(
  `| SQUAREM speed-up (plain / SQUAREM time) | | | | | ${speedUp(ours.plain.ms, ours.squarem.ms)} | ${
    r?.skipped ? '—' : speedUp(r.fpiter.msPerFit, r.squarem.msPerFit)
  } | |`,
);
console.log(lines.join('\n'));
// R's fpiter stops on the change of the parameters, so it runs more steps than ours: compare a step.
const usPerStep = (ms, steps) => (1000 * ms) / steps;
const oursStep = usPerStep(median(ours.plain.ms), ours.plain.result.nEStep);
const rStep = r?.skipped ? undefined : usPerStep(median(r.fpiter.msPerFit), r.fpiter.fpevals);
console.log(
  `plain EM, one step (E-step + M-step): ours ${oursStep.toFixed(2)} µs` +
    (rStep === undefined ? '' : `, R ${rStep.toFixed(2)} µs, ours / R ${times(oursStep / rStep)}`),
);
if (r?.skipped) console.log(`R: skipped: ${r.skipped}`);
else console.log(`R: ${r.library}`);
console.log(
  `Node ${process.versions.node}; tol ${tol} (ours: |Δ log L| < tol; R: ‖Δ parameters‖ < tol); ` +
    `median of ${rounds} interleaved rounds, each a loop of fits taking ≥ ${minMs} ms`,
);
if (args.json) writeFileSync(args.json, JSON.stringify({ ours, r }, null, 2));
