// fitStream against fit: the same sequences read one per chunk give fit's model bit for bit — with
// enough steps for several E-step blocks, so the block boundaries are crossed — for every emission
// type; bad sources end in typed errors naming the pass, the sequence and the position.
import { ChunkShapeError, SourceNotReReadableError } from '@em/core/stream';
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { HiddenMarkovModel, type HiddenMarkovModelOptions, SequenceInputError } from '../src/index.js';
import { twoRegimeChain } from './helpers.js';

const rng = createRandom(5);
const chain = (length: number, emit: (state: number) => number | number[]) =>
  twoRegimeChain(rng, length, emit);
const lengths = Array.from({ length: 24 }, (_, i) => 400 + ((i * 37) % 900)); // 24 sequences, ~20 000 steps
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
  .slice(0, 10)
  .map(
    (n) =>
      chain(n, (s) => [
        s * 3 + normal(rng, { size: 1 })[0]!,
        -s + normal(rng, { size: 1 })[0]!,
      ]) as number[][],
  );

const cases: [string, HiddenMarkovModelOptions, unknown[]][] = [
  ['categorical', { nStates: 2, emission: 'categorical', randomState: 1, nInit: 2 }, symbols],
  ['poisson', { nStates: 2, emission: 'poisson', randomState: 2 }, counts],
  ['gaussian, full', { nStates: 2, emission: 'gaussian', covarianceType: 'full', randomState: 3 }, vectors],
  [
    'gaussian, SQUAREM',
    { nStates: 2, emission: 'gaussian', acceleration: 'squarem', randomState: 4 },
    vectors,
  ],
  ['gmm', { nStates: 2, emission: 'gmm', nMix: 2, randomState: 5, maxIter: 15 }, vectors],
];

describe('fitStream equals fit bit for bit', () => {
  it('the sequences span several E-step blocks', () => {
    expect(lengths.reduce((a, b) => a + b, 0)).toBeGreaterThan(2 * 16384 * 0.6);
  });
  for (const [name, options, sequences] of cases) {
    it(name, async () => {
      const inMemory = new HiddenMarkovModel(options).fit(sequences as never);
      expect(inMemory.nIter).toBeGreaterThan(2);
      const streamed = await new HiddenMarkovModel(options).fitStream(async function* () {
        yield* sequences as never[];
      });
      expect(streamed.getParameters()).toEqual(inMemory.getParameters());
      expect(streamed.history).toEqual(inMemory.history);
      expect(streamed.logLikelihood).toBe(inMemory.logLikelihood);
      expect(streamed.nIter).toBe(inMemory.nIter);
    });
  }

  it('initialised from a sample of the sequences, it finds the two regimes', async () => {
    const steps: number[] = [];
    const hmm = await new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 }).fitStream(
      counts,
      {
        initSequences: 5,
        onProgress: (pass, read) => {
          if (pass === 1) steps.push(read);
        },
      },
    );
    const rates = hmm.lambdas.map((r) => r[0]!).sort((a, b) => a - b);
    expect(rates[0]).toBeCloseTo(1, 0);
    expect(rates[1]).toBeCloseTo(6, 0);
    expect(steps.at(-1)).toBe(lengths.reduce((a, b) => a + b, 0));
  });
});

describe('fitStream: bad sources', () => {
  const options: HiddenMarkovModelOptions = { nStates: 2, emission: 'categorical', randomState: 0 };
  it('a one-shot generator object: SourceNotReReadableError on pass 2', async () => {
    async function* once() {
      yield* symbols.slice(0, 3);
    }
    const error = await new HiddenMarkovModel(options).fitStream(once()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceNotReReadableError);
    expect(error).toMatchObject({ pass: 2, rowsRead: 0 });
  });

  it('a sequence of other features: ChunkShapeError naming it and its first step in the source', async () => {
    const source = [vectors[0]!, vectors[1]!, [[1, 2, 3]]];
    const error = await new HiddenMarkovModel({ nStates: 2, randomState: 0 })
      .fitStream(source)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChunkShapeError);
    expect(error).toMatchObject({ chunk: 2, row: vectors[0]!.length + vectors[1]!.length });
  });

  it('a bad symbol: SequenceInputError naming the sequence of the source and the position', async () => {
    const source = [
      [0, 1, 2],
      [2, 1],
      [0, -1, 1],
    ];
    const error = await new HiddenMarkovModel(options).fitStream(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SequenceInputError);
    expect(error).toMatchObject({ sequence: 2, position: 1 });
    const empty = await new HiddenMarkovModel(options).fitStream([[0, 1], []]).catch((e: unknown) => e);
    expect(empty).toMatchObject({ name: 'SequenceInputError', sequence: 1 });
  });

  it('bad options and sources: typed errors', async () => {
    const hmm = new HiddenMarkovModel(options);
    await expect(hmm.fitStream(symbols, { initSequences: 0 })).rejects.toMatchObject({
      option: 'initSequences',
    });
    await expect(hmm.fitStream(symbols, { lengths: [3] } as never)).rejects.toMatchObject({
      option: 'lengths',
    });
    await expect(hmm.fitStream(7 as never)).rejects.toMatchObject({
      name: 'InvalidInputError',
      argument: 'source',
    });
    await expect(hmm.fitStream([])).rejects.toMatchObject({ argument: 'source' });
    await expect(new HiddenMarkovModel({ ...options, workers: 2 }).fitStream(symbols)).rejects.toMatchObject({
      option: 'workers',
    });
  });
});
