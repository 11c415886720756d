// fitFromStatistics against fit: the sequences cut into shards, each shard's counts computed by
// shardStatistics (through a JSON round trip, as they travel between processes) and added by the
// coordinator, give fit's model to rounding (the sums are grouped by shard) — for every emission type.
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import {
  HiddenMarkovModel,
  type HiddenMarkovModelOptions,
  type HmmShardScan,
  type HmmStatisticsSource,
  SequenceInputError,
} from '../src/index.js';
import { twoRegimeChain } from './helpers.js';

const rng = createRandom(11);
const chain = (length: number, emit: (state: number) => number | number[]) =>
  twoRegimeChain(rng, length, emit);
const lengths = Array.from({ length: 18 }, (_, i) => 300 + ((i * 53) % 700));
const symbols = lengths.map((n) => chain(n, (s) => (rng.random() < 0.8 ? s * 2 : 1)) as number[]);
const counts = lengths.map(
  (n) =>
    chain(n, (s) => {
      const rate = s ? 6 : 1;
      let k = 0;
      for (let p = Math.exp(-rate), u = rng.random(), c = p; u > c; c += p) p *= rate / ++k;
      return k;
    }) as number[],
);
const vectors = lengths
  .slice(0, 9)
  .map((n) => chain(n, (s) => [s * 3 + normal(rng, { size: 1 })[0]!, -s + normal(rng, { size: 1 })[0]!]));

const cases: [string, HiddenMarkovModelOptions, unknown[][]][] = [
  ['categorical', { nStates: 2, emission: 'categorical', randomState: 1, nInit: 2 }, symbols],
  ['poisson', { nStates: 2, emission: 'poisson', randomState: 2 }, counts],
  ['gaussian, full', { nStates: 2, emission: 'gaussian', covarianceType: 'full', randomState: 3 }, vectors],
  [
    'gaussian, diag, SQUAREM',
    { nStates: 2, emission: 'gaussian', acceleration: 'squarem', randomState: 4 },
    vectors,
  ],
  [
    'gmm, tied',
    { nStates: 2, emission: 'gmm', nMix: 2, covarianceType: 'tied', randomState: 5, maxIter: 15 },
    vectors,
  ],
];

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** A coordinator in this process: the shards scanned and counted by a worker-side model, over JSON. */
async function source(
  options: HiddenMarkovModelOptions,
  shards: unknown[][][],
): Promise<HmmStatisticsSource> {
  const worker = new HiddenMarkovModel({ emission: options.emission });
  const scans: HmmShardScan[] = json(
    await Promise.all(shards.map((shard) => worker.scanShard(shard as never))),
  );
  return {
    sequences: scans.reduce((n, scan) => n + scan.sequences, 0),
    steps: scans.reduce((n, scan) => n + scan.steps, 0),
    columns: scans[0]!.columns,
    symbols: Math.max(...scans.map((scan) => scan.symbols)),
    sample: scans.flatMap((scan) => scan.sample),
    sampleLengths: scans.flatMap((scan) => scan.sampleLengths),
    statistics: async (params) =>
      json(
        await Promise.all(
          shards.map((shard) => new HiddenMarkovModel().shardStatistics(json(params), shard as never)),
        ),
      ),
  };
}

/** Elementwise relative agreement, with a floor relative to the largest entry. */
function expectClose(actual: number[], expected: number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), scale * 1e-3)).toBeLessThan(
      rel,
    );
}
const numbers = (hmm: HiddenMarkovModel) => Object.values(hmm.getParameters()).flat(4) as number[];

describe('fitFromStatistics over shards equals fit to 1e-10', () => {
  for (const [name, options, sequences] of cases) {
    it(name, async () => {
      const reference = new HiddenMarkovModel(options).fit(sequences as never);
      expect(reference.nIter).toBeGreaterThan(2);
      const third = Math.floor(sequences.length / 3);
      const shards = [
        sequences.slice(0, third),
        sequences.slice(third, 2 * third + 1),
        sequences.slice(2 * third + 1),
      ];
      const model = await new HiddenMarkovModel(options).fitFromStatistics(await source(options, shards));
      expectClose(numbers(model), numbers(reference), 1e-10);
      expect(model.nIter).toBe(reference.nIter);
      expectClose(model.history, reference.history, 1e-12);
      expect(model.logLikelihood).toBeCloseTo(reference.logLikelihood, 8);
    });
  }
});

describe('shard methods: checks and typed errors', () => {
  it('scanShard checks every sequence against the emission, naming the sequence of the shard', async () => {
    const error = await new HiddenMarkovModel({ emission: 'poisson' })
      .scanShard([
        [0, 1],
        [2, 1.5],
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SequenceInputError);
    expect(error).toMatchObject({ sequence: 1, position: 1 });
    await expect(new HiddenMarkovModel().scanShard([])).rejects.toMatchObject({ argument: 'source' });
    await expect(new HiddenMarkovModel().scanShard([[1]], { sampleSize: 0 })).rejects.toMatchObject({
      option: 'sampleSize',
    });
  });

  it('scanShard samples uniformly beyond sampleSize sequences, reproducibly', async () => {
    const one = await new HiddenMarkovModel().scanShard(counts, { sampleSize: 4, randomState: 3 });
    const two = await new HiddenMarkovModel().scanShard(counts, { sampleSize: 4, randomState: 3 });
    expect(one).toEqual(two);
    expect(one.sampleLengths).toHaveLength(4);
    expect(one.sequences).toBe(counts.length);
    expect(one.steps).toBe(lengths.reduce((a, b) => a + b, 0));
  });

  it('shardStatistics rejects parameters of the wrong shape, naming the field', async () => {
    const params = {
      spec: {
        kind: 'poisson',
        nStates: 2,
        columns: 1,
        nFeatures: 1,
        nMix: 1,
        covarianceType: 'diag',
        minCovar: 0,
      },
      startProb: { f64: [0.5, 0.5] },
      transMat: { f64: [0.9, 0.1, 0.1] },
      emission: { lambdas: { f64: [1, 6] } },
    };
    await expect(new HiddenMarkovModel().shardStatistics(params, [[1, 2]])).rejects.toMatchObject({
      name: 'InvalidInputError',
      argument: 'params.transMat',
    });
    await expect(
      new HiddenMarkovModel().shardStatistics({ ...params, spec: { kind: 'weibull' } } as never, [[1]]),
    ).rejects.toMatchObject({ argument: 'params.spec' });
  });

  it('fitFromStatistics: a bad source, parts that miss sequences, the workers option: typed errors', async () => {
    const options: HiddenMarkovModelOptions = { nStates: 2, emission: 'poisson', randomState: 0 };
    const good = await source(options, [counts.slice(0, 5), counts.slice(5, 9)]);
    await expect(
      new HiddenMarkovModel(options).fitFromStatistics({ ...good, sampleLengths: [] }),
    ).rejects.toMatchObject({
      argument: 'source.sampleLengths',
    });
    await expect(
      new HiddenMarkovModel(options).fitFromStatistics({ ...good, sample: [1, Number.NaN] }),
    ).rejects.toMatchObject({
      argument: 'source.sample',
    });
    await expect(
      new HiddenMarkovModel(options).fitFromStatistics({ ...good, sequences: good.sequences + 1 }),
    ).rejects.toThrow(/parts covering all 10 sequences/);
    await expect(
      new HiddenMarkovModel(options).fitFromStatistics({
        ...good,
        statistics: async (params) =>
          (await good.statistics(params)).map((part) => ({ ...part, counts: {} })),
      }),
    ).rejects.toMatchObject({ argument: 'statistics of part 0.start' });
    await expect(
      new HiddenMarkovModel({ ...options, workers: 2 }).fitFromStatistics(good),
    ).rejects.toMatchObject({
      option: 'workers',
    });
    await expect(new HiddenMarkovModel(options).fitFromStatistics(null as never)).rejects.toMatchObject({
      argument: 'source',
    });
  });
});

describe('shardStatistics checks the sequences against the emission the parameters name', () => {
  it('a symbol outside the alphabet, a count that is not an integer: SequenceInputError naming the sequence', async () => {
    const spec = { nStates: 1, columns: 1, nMix: 1, covarianceType: 'diag', minCovar: 0 };
    const categorical = {
      spec: { ...spec, kind: 'categorical', nFeatures: 2 },
      startProb: { f64: [1] },
      transMat: { f64: [1] },
      emission: { emissionProb: { f64: [0.5, 0.5] } },
    };
    const error = await new HiddenMarkovModel()
      .shardStatistics(categorical, [
        [0, 1],
        [1, 0, 2],
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SequenceInputError);
    expect(error).toMatchObject({ sequence: 1, position: 2 });
    const poisson = {
      ...categorical,
      spec: { ...spec, kind: 'poisson', nFeatures: 1 },
      emission: { lambdas: { f64: [2] } },
    };
    await expect(new HiddenMarkovModel().shardStatistics(poisson, [[1, 0.5]])).rejects.toMatchObject({
      name: 'SequenceInputError',
      sequence: 0,
      position: 1,
    });
  });
});
