// Mixtures of regressions over data held elsewhere. A chunk is rows [x₁ … x_d, y]. Gaussian: the
// M-step is least squares from per-component XᵀWX, XᵀWy, yᵀWy and Σw (about a fixed centre), which
// add up over chunks. Poisson/logistic: fit's M-step runs Newton's method to convergence; each trial
// needs the component's information, score and objective at it — sums over rows too, so a streamed
// or sharded fit makes one more pass per trial and runs fit's iterations exactly.
import { ChunkShapeError, SourceNotReReadableError } from '@em/core/stream';
import { createRandom } from '@em/sampling';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PoissonMixture, RegressionMixture, type RegressionMixtureOptions } from '../src/index.js';

const rng = createRandom(11);
const n = 600;
const x = Array.from({ length: n }, () => [10 * rng.random(), 10 * rng.random()]);
const group = (i: number) => i % 3;
const gaussianY = x.map(([a, b], i) => {
  const mean = [1 + 2 * a! - b!, 8 - a! + 0.5 * b!, -3 + 0.5 * a! + 2 * b!][group(i)]!;
  return 1000 + mean + [0.5, 1, 0.7][group(i)]! * rng.normal(0, 1);
});
const poissonDraw = (rate: number) => {
  let k = 0;
  for (let p = Math.exp(-rate), u = rng.random(), c = p; u > c; c += p) p *= rate / ++k;
  return k;
};
const poissonY = x.map(([a], i) => poissonDraw(Math.exp(group(i) === 0 ? 0.2 + 0.2 * a! : 2.5 - 0.15 * a!)));
const binomialY = x.map(([a, b], i) => {
  const eta = group(i) === 0 ? -3 + 0.6 * a! : 2 - 0.3 * a! + 0.1 * b!;
  return rng.random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
});

/** Rows [x₁, x₂, y]: the streaming shape. */
const rowsOf = (y: number[]) => x.map((row, i) => [...row, y[i]!]);
function cut<T>(rows: T[], sizes: number[]): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    if (start >= rows.length) break;
    chunks.push(rows.slice(start, start + size));
    start += size;
  }
  if (start < rows.length) chunks.push(rows.slice(start));
  return chunks;
}
const fitOf = (model: RegressionMixture) => ({
  params: model.toJSON().params,
  lowerBound: model.lowerBound,
  history: model.history,
  nIter: model.nIter,
  converged: model.converged,
});

const cases: [string, RegressionMixtureOptions, number[]][] = [
  ['gaussian', { nComponents: 3, nInit: 2, randomState: 1 }, gaussianY],
  ['gaussian, SQUAREM', { nComponents: 3, acceleration: 'squarem', randomState: 2 }, gaussianY],
  ['gaussian, no intercept', { nComponents: 2, fitIntercept: false, randomState: 3 }, gaussianY],
  ['poisson', { nComponents: 2, family: 'poisson', nInit: 2, randomState: 4 }, poissonY],
  [
    'poisson, SQUAREM',
    { nComponents: 2, family: 'poisson', acceleration: 'squarem', randomState: 6 },
    poissonY,
  ],
  ['binomial', { nComponents: 2, family: 'binomial', randomState: 5, maxIter: 30 }, binomialY],
];

describe('RegressionMixture.fitStream equals fit bit for bit', () => {
  for (const [name, options, y] of cases) {
    it(`${name}: chunks of any sizes (property)`, async () => {
      const reference = fitOf(new RegressionMixture(options).fit(x, y));
      expect(reference.nIter).toBeGreaterThan(2);
      const rows = rowsOf(y);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 250 }), { maxLength: 5 }), async (sizes) => {
          const chunks = cut(rows, sizes);
          const model = await new RegressionMixture(options).fitStream(async function* () {
            yield* chunks;
          });
          expect(fitOf(model)).toEqual(reference);
        }),
        { numRuns: 4 },
      );
    });
  }

  it('Poisson regression: one pass per E-step plus one per Newton trial, as many as fit needs', async () => {
    const options: RegressionMixtureOptions = {
      nComponents: 2,
      family: 'poisson',
      coefficientsInit: [
        [0, 0.1, 0],
        [2, -0.1, 0],
      ],
    };
    let passes = 0;
    const model = await new RegressionMixture(options).fitStream(cut(rowsOf(poissonY), [200, 200]), {
      initSample: 50,
      onProgress: (pass) => {
        passes = pass;
      },
    });
    expect(fitOf(model)).toEqual(fitOf(new RegressionMixture(options).fit(x, poissonY)));
    // Pass 1 scans; each iteration's E-step pass also gives Newton's first sums; every trial is a pass.
    expect(passes).toBeGreaterThan(1 + 2 * model.nIter);
  });

  it('explicit and warm starts, from a sample smaller than the source', async () => {
    const options: RegressionMixtureOptions = {
      nComponents: 3,
      warmStart: true,
      maxIter: 4,
      coefficientsInit: [
        [1, 2, -1],
        [8, -1, 0.5],
        [-3, 0.5, 2],
      ],
      sigmasInit: [1, 1, 1],
    };
    const inMemory = new RegressionMixture(options).fit(x, gaussianY).fit(x, gaussianY);
    const streamed = new RegressionMixture(options);
    const chunks = cut(rowsOf(gaussianY), [64, 64, 64]);
    await streamed.fitStream(chunks, { initSample: 10 });
    await streamed.fitStream(chunks, { initSample: 10 });
    expect(fitOf(streamed)).toEqual(fitOf(inMemory));
  });

  it('statistics about the centre keep σ exact when y is far from 0 (closed-form least squares)', () => {
    // One component: ordinary least squares. y = 10⁶ + 2x + noise: uncentred yᵀy − βᵀXᵀy would lose
    // about 4 of σ²'s 16 digits here.
    const xs = Array.from({ length: 500 }, (_, i) => i / 50);
    const ys = xs.map((v) => 1e6 + 2 * v + rng.normal(0, 1));
    const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
    const my = ys.reduce((s, v) => s + v, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    xs.forEach((v, i) => {
      sxy += (v - mx) * (ys[i]! - my);
      sxx += (v - mx) ** 2;
    });
    const slope = sxy / sxx;
    const intercept = my - slope * mx;
    const rss = ys.reduce((s, v, i) => s + (v - intercept - slope * xs[i]!) ** 2, 0);
    const model = new RegressionMixture({ nComponents: 1 }).fit(xs, ys);
    expect(model.coefficients[0]![1]).toBeCloseTo(slope, 11);
    expect(model.coefficients[0]![0]! / intercept).toBeCloseTo(1, 14);
    expect(model.sigmas[0]! / Math.sqrt(rss / xs.length)).toBeCloseTo(1, 10);
  });
});

describe('RegressionMixture: scanShard, shardStatistics, fitFromStatistics', () => {
  const json = <T>(value: T): T => JSON.parse(JSON.stringify(value));
  for (const [name, options, y] of cases) {
    it(`${name}: three shards equal fit to 1e-10 with the same nIter (JSON round trip)`, async () => {
      const reference = new RegressionMixture(options).fit(x, y);
      const rows = rowsOf(y);
      const shards = [rows.slice(0, 150), rows.slice(150, 420), rows.slice(420)];
      const worker = new RegressionMixture(options);
      const scans = await Promise.all(shards.map((shard) => worker.scanShard([shard], { sampleSize: 1000 })));
      const model = await new RegressionMixture(options).fitFromStatistics({
        rows: n,
        cols: scans[0]!.cols,
        sample: scans.flatMap((scan) => scan.sample),
        layouts: scans.map((scan) => json(scan.layout)),
        statistics: (params) =>
          Promise.all(shards.map(async (shard) => json(await worker.shardStatistics(json(params), [shard])))),
      });
      expect(model.nIter).toBe(reference.nIter);
      const flat = (m: RegressionMixture) => [...m.weights, ...m.coefficients.flat(), ...m.sigmas];
      const expected = flat(reference);
      flat(model).forEach((v, i) => {
        expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(expected[i]!)));
      });
      expect(Math.abs(model.lowerBound - reference.lowerBound)).toBeLessThan(1e-12);
    });
  }

  it("another model's parameters: InvalidInputError naming the missing field", async () => {
    const worker = new RegressionMixture({ nComponents: 2 });
    const poisson = new PoissonMixture({ nComponents: 2, randomState: 0 }).fit([[1], [2], [9], [10]]);
    const params = { weights: { f64: poisson.weights }, rates: { f64: poisson.rates.flat() }, nFeatures: 1 };
    await expect(worker.shardStatistics(params, [[[1, 2]]])).rejects.toMatchObject({
      name: 'InvalidInputError',
      argument: 'params.coefficients',
    });
    const good = {
      weights: { f64: [0.5, 0.5] },
      coefficients: { f64: [0, 1, 1, 0] },
      sigmas: { f64: [1, 1] },
      nFeatures: 2,
    };
    expect((await worker.shardStatistics(good, [[[1, 2]]])).rows).toBe(1);
    await expect(
      worker.shardStatistics({ ...good, sigmas: { f64: [1, 0] } }, [[[1, 2]]]),
    ).rejects.toMatchObject({
      argument: 'params.sigmas[1]',
    });
    await expect(worker.shardStatistics({ ...good, nFeatures: 3 }, [[[1, 2]]])).rejects.toMatchObject({
      argument: 'params.coefficients',
    });
    await expect(worker.shardStatistics(good, [[[1, 2, 3]]])).rejects.toMatchObject({
      argument: 'source chunk 0',
    });
  });
});

describe('RegressionMixture.partialFit (gaussian: stepwise EM on XᵀWX, XᵀWy, yᵀWy)', () => {
  const start: RegressionMixtureOptions = {
    nComponents: 3,
    coefficientsInit: [
      [1001, 1.5, -0.5],
      [1007, -0.5, 0.3],
      [998, 0.8, 1.5],
    ],
    sigmasInit: [2, 2, 2],
  };
  it('its first update is one EM iteration from the same start', () => {
    const online = new RegressionMixture(start).partialFit(rowsOf(gaussianY));
    const batch = new RegressionMixture({ ...start, maxIter: 1 }).fit(x, gaussianY);
    online.coefficients.flat().forEach((b, i) => {
      expect(b).toBeCloseTo(batch.coefficients.flat()[i]!, 9);
    });
    online.sigmas.forEach((s, i) => {
      expect(s).toBeCloseTo(batch.sigmas[i]!, 9);
    });
    expect(online.lowerBound).toBeCloseTo(batch.history[0]!, 12);
  });

  it('over mini-batches of 100 rows it approaches the batch fit on held-out rows (1, 2, 5 passes)', () => {
    const options = start;
    const rows = rowsOf(gaussianY);
    const [train, heldOut] = [rows.slice(0, 400), rows.slice(400)];
    const batch = new RegressionMixture(options).fit(
      train.map((r) => r.slice(0, 2)),
      train.map((r) => r[2]!),
    );
    const score = (m: RegressionMixture) =>
      m.score(
        heldOut.map((r) => r.slice(0, 2)),
        heldOut.map((r) => r[2]!),
      );
    const target = score(batch);
    const online = new RegressionMixture(options);
    const gaps: number[] = [];
    for (let pass = 1; pass <= 5; pass++) {
      for (let i = 0; i < train.length; i += 100) online.partialFit(train.slice(i, i + 100));
      if (pass === 1 || pass === 2 || pass === 5) gaps.push(target - score(online));
    }
    console.log(
      'gaussian regression held-out',
      target.toFixed(4),
      'gaps after 1, 2, 5 passes',
      gaps.map((g) => g.toExponential(2)),
    );
    expect(Math.abs(gaps[2]!)).toBeLessThan(0.05);
  });

  it('Poisson and logistic regressions refuse partialFit (their M-step is not a function of averaged sums)', () => {
    for (const family of ['poisson', 'binomial'] as const)
      expect(() => new RegressionMixture({ nComponents: 2, family }).partialFit([[1, 1]])).toThrow(
        expect.objectContaining({ name: 'InvalidOptionError', option: 'partialFit' }),
      );
  });
});

describe('RegressionMixture.fitStream: bad sources', () => {
  it('a one-shot generator: SourceNotReReadableError; a chunk of another width: ChunkShapeError', async () => {
    async function* once() {
      yield rowsOf(gaussianY);
    }
    const model = () => new RegressionMixture({ nComponents: 2 });
    await expect(model().fitStream(once())).rejects.toBeInstanceOf(SourceNotReReadableError);
    const error = await model()
      .fitStream([rowsOf(gaussianY).slice(0, 20), [[1, 2]]])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChunkShapeError);
    expect(error).toMatchObject({ chunk: 1, row: 20 });
  });

  it('a bad response: named by chunk, row of the source and column (the last one)', async () => {
    const rows = rowsOf(binomialY);
    const chunks = [rows.slice(0, 10), [...rows.slice(10, 12), [1, 2, 0.5]]];
    const error = await new RegressionMixture({ nComponents: 2, family: 'binomial' })
      .fitStream(chunks)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'InvalidInputError',
      argument: 'source chunk 1',
      row: 12,
      column: 2,
    });
    await expect(
      new RegressionMixture({ nComponents: 2, fitIntercept: false }).fitStream([[[1]]]),
    ).rejects.toMatchObject({
      argument: 'source chunk 0',
      expected: expect.stringContaining('at least 2 columns'),
    });
  });
});
