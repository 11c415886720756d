// fitDistributed on the multinomial and regression mixtures of @em/mixtures: 3 worker processes,
// 3 raw float64 shards (regressions: rows [x₁, x₂, y]); the fit against `fit` on the same rows.
// A Poisson regression's Newton trials are passes too: the same iterations as the in-memory fit.
import type { ChildProcess } from 'node:child_process';
import { MultinomialMixture, RegressionMixture, type RegressionMixtureOptions } from '@em/mixtures';
import { createRandom } from '@em/sampling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitDistributed } from '../src/index.js';
import { shardModelFor } from '../src/registry.js';
import { expectClose, startWorkerProcess, stopProcesses, writeShards } from './helpers.js';
import { TestRedis } from './redis.js';

const rng = createRandom(13);
const N = 3000;
const group = (i: number) => i % 3;
const poisson = (rate: number) => {
  let k = 0;
  for (let p = Math.exp(-rate), u = rng.random(), c = p; u > c; c += p) p *= rate / ++k;
  return k;
};
/** Rows [x₁, x₂, y] of three lines (gaussian) or two log-linear rates (poisson), row-major. */
function regressionRows(family: 'gaussian' | 'poisson'): Float64Array {
  const rows = new Float64Array(N * 3);
  for (let i = 0; i < N; i++) {
    const [a, b] = [10 * rng.random(), 10 * rng.random()];
    const y =
      family === 'gaussian'
        ? [1 + 2 * a - b, 8 - a + 0.5 * b, -3 + 0.5 * a + 2 * b][group(i)]! + rng.normal(0, 0.8)
        : poisson(Math.exp(group(i) === 0 ? 0.2 + 0.2 * a : 2.5 - 0.15 * a));
    rows.set([a, b, y], i * 3);
  }
  return rows;
}
/** Word counts of N documents over 6 words, three topics. */
const words = new Float64Array(N * 6);
for (let i = 0; i < N; i++) {
  const length = 5 + Math.floor(rng.random() * 20);
  for (let t = 0; t < length; t++) {
    const w = rng.random() < 0.8 ? 2 * group(i) + Math.floor(rng.random() * 2) : Math.floor(rng.random() * 6);
    words[i * 6 + w]! += 1;
  }
}

let redis: TestRedis;
const workers: ChildProcess[] = [];
beforeAll(async () => {
  redis = await TestRedis.start();
  for (let i = 0; i < 3; i++) workers.push(await startWorkerProcess(redis.port, 'regression'));
});
afterAll(async () => {
  await stopProcesses(workers);
  await redis?.stop();
});

const sizes = [700, 1600, 700];
describe('fitDistributed: multinomial and regression mixtures, 3 workers', () => {
  it('a MultinomialMixture equals fit on the concatenated shards to 1e-10, same nIter', async () => {
    const make = () => new MultinomialMixture({ nComponents: 3, alpha: 0.5, nInit: 2, randomState: 3 });
    const reference = make().fit({ data: words, rows: N, cols: 6 });
    const model = await fitDistributed(make(), {
      connection: redis.connection,
      queue: 'regression',
      shards: writeShards(words, sizes, 6),
      read: { format: 'float64', columns: 6 },
    });
    const flat = (m: MultinomialMixture) => [...m.weights, ...m.probabilities.flat()];
    expectClose(flat(model), flat(reference), 1e-10, 'multinomial');
    expect(model.nIter).toBe(reference.nIter);
    expect(model.lowerBound).toBeCloseTo(reference.lowerBound, 12);
    expect(model.toJSON().params.documentLength).toBe(reference.toJSON().params.documentLength);
  });

  const cases: [string, RegressionMixtureOptions][] = [
    ['gaussian', { nComponents: 3, randomState: 1 }],
    ['poisson', { nComponents: 2, family: 'poisson', randomState: 2 }],
  ];
  for (const [family, options] of cases) {
    it(`a ${family} RegressionMixture equals fit to 1e-10, same nIter`, async () => {
      const rows = regressionRows(family as 'gaussian' | 'poisson');
      const X = Array.from({ length: N }, (_, i) => [rows[i * 3]!, rows[i * 3 + 1]!]);
      const y = Array.from({ length: N }, (_, i) => rows[i * 3 + 2]!);
      const reference = new RegressionMixture(options).fit(X, y);
      const passes: number[] = [];
      const model = await fitDistributed(new RegressionMixture(options), {
        connection: redis.connection,
        queue: 'regression',
        shards: writeShards(rows, sizes, 3),
        read: { format: 'float64', columns: 3 },
        onPass: (pass) => passes.push(pass),
      });
      const flat = (m: RegressionMixture) => [...m.weights, ...m.coefficients.flat(), ...m.sigmas];
      expectClose(flat(model), flat(reference), 1e-10, family);
      expect(model.nIter).toBe(reference.nIter);
      expect(model.lowerBound).toBeCloseTo(reference.lowerBound, 12);
      // Gaussian: the scan then one pass per E-step; Poisson: more, one per Newton trial.
      if (family === 'gaussian') expect(passes.length).toBe(1 + reference.nIter);
      else expect(passes.length).toBeGreaterThan(1 + 2 * reference.nIter);
    });
  }

  it('each family and intercept setting goes to its own entry (the worker prepares rows as the model)', () => {
    expect(shardModelFor(new RegressionMixture({ nComponents: 2, family: 'binomial' }))?.name).toBe(
      'RegressionMixture/binomial',
    );
    expect(shardModelFor(new RegressionMixture({ nComponents: 2, fitIntercept: false }))?.name).toBe(
      'RegressionMixture/gaussian/no-intercept',
    );
    expect(shardModelFor(new MultinomialMixture({ nComponents: 2 }))?.name).toBe('MultinomialMixture');
  });
});
