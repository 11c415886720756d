// The benchmark cases of the HMM issue: Baum–Welch on one sequence of 1,000,000 observations. Data
// and initial parameters come from a fixed seed so both sides see exactly the same numbers.
import { mulberry32 } from '@em/core/numeric';

export const CASES = [
  {
    name: 'categorical, 3 states, 6 symbols, T = 1,000,000',
    kind: 'categorical',
    s: 3,
    k: 6,
    n: 1_000_000,
    iterations: 10,
    seed: 1,
  },
  {
    name: 'gaussian 1-D, 8 states, T = 1,000,000',
    kind: 'gaussian',
    s: 8,
    n: 1_000_000,
    iterations: 5,
    seed: 2,
  },
];

function normalSource(uniform) {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function stochastic(uniform, rows, cols, self = 0) {
  const out = [];
  for (let i = 0; i < rows; i++) {
    const row = Array.from({ length: cols }, (_, j) => 0.2 + uniform() + (i === j ? self : 0));
    const sum = row.reduce((a, b) => a + b, 0);
    out.push(row.map((v) => v / sum));
  }
  return out;
}

function draw(p, u) {
  let acc = 0;
  for (let j = 0; j < p.length; j++) {
    acc += p[j];
    if (u < acc) return j;
  }
  return p.length - 1;
}

/** Data from a "true" model and different initial parameters, as plain arrays. */
export function generateCase(c) {
  const uniform = mulberry32(c.seed);
  const normal = normalSource(uniform);
  const s = c.s;
  const trueTrans = stochastic(uniform, s, s, 20);
  const X = new Float64Array(c.n);
  let state = 0;
  const trueEmission =
    c.kind === 'categorical'
      ? stochastic(uniform, s, c.k, 0)
      : Array.from({ length: s }, (_, j) => ({ mean: 3 * j, sd: 0.6 + 0.4 * uniform() }));
  for (let t = 0; t < c.n; t++) {
    if (t > 0) state = draw(trueTrans[state], uniform());
    if (c.kind === 'categorical') X[t] = draw(trueEmission[state], uniform());
    else X[t] = trueEmission[state].mean + trueEmission[state].sd * normal();
  }
  const init = {
    startProb: Array.from({ length: s }, () => 1 / s),
    transMat: stochastic(uniform, s, s, 2),
  };
  if (c.kind === 'categorical') init.emissionProb = stochastic(uniform, s, c.k, 0);
  else {
    init.means = Array.from({ length: s }, (_, j) => [3 * j + (uniform() - 0.5)]);
    init.covars = Array.from({ length: s }, () => [1 + uniform()]);
  }
  return { X, init };
}
