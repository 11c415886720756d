// partialFit (stepwise EM) against independent answers: its first update on a batch is one
// Baum–Welch iteration on that batch (η = 1: the batch's own counts), for every emission type; and
// mini-batch passes over sequences simulated from a known chain reach the batch fit's held-out
// log-likelihood and the true parameters.
import { InvalidOptionError } from '@em/core';
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { HiddenMarkovModel, type HiddenMarkovModelOptions, SequenceInputError } from '../src/index.js';
import { twoRegimeChain } from './helpers.js';

const rng = createRandom(17);
const chain = (length: number, emit: (state: number) => number | number[]) =>
  twoRegimeChain(rng, length, emit);
const poisson = (rate: number) => {
  let k = 0;
  for (let p = Math.exp(-rate), u = rng.random(), c = p; u > c; c += p) p *= rate / ++k;
  return k;
};
const lengths = Array.from({ length: 12 }, (_, i) => 150 + ((i * 53) % 300));
const cases: [string, HiddenMarkovModelOptions, unknown[][]][] = [
  [
    'categorical',
    { nStates: 2, emission: 'categorical', nFeatures: 3, randomState: 1 },
    lengths.map((n) => chain(n, (s) => (rng.random() < 0.8 ? s * 2 : 1))),
  ],
  [
    'poisson',
    { nStates: 2, emission: 'poisson', randomState: 2 },
    lengths.map((n) => chain(n, (s) => poisson(s ? 6 : 1))),
  ],
  [
    'gaussian, full',
    { nStates: 2, emission: 'gaussian', covarianceType: 'full', randomState: 3 },
    lengths.map((n) =>
      chain(n, (s) => [s * 3 + normal(rng, { size: 1 })[0]!, -s + normal(rng, { size: 1 })[0]!]),
    ),
  ],
  [
    'gmm',
    { nStates: 2, emission: 'gmm', nMix: 2, randomState: 4 },
    lengths.map((n) => chain(n, (s) => [s * 3 + normal(rng, { size: 1 })[0]!])),
  ],
];

/** Every parameter of a model as one flat list. */
const flat = (model: HiddenMarkovModel) => Object.values(model.getParameters()).flat(3) as number[];

describe('partialFit', () => {
  it.each(cases)('%s: the first update is one Baum–Welch iteration on the batch', (_, options, sequences) => {
    const online = new HiddenMarkovModel(options).partialFit(sequences as number[][]);
    const once = new HiddenMarkovModel({ ...options, maxIter: 1 }).fit(sequences as number[][]);
    const a = flat(online);
    const b = flat(once);
    expect(a).toHaveLength(b.length);
    // The counts are divided by the batch's sequences and multiplied back: rounding only.
    for (const [i, value] of a.entries()) expect(value).toBeCloseTo(b[i]!, 11);
    expect(online.nIter).toBe(1);
    expect(online.converged).toBe(false);
  });

  it('mini-batches of a known chain: held-out log-likelihood within 0.2% of the batch fit after 5 passes', () => {
    const truth = new HiddenMarkovModel({
      nStates: 2,
      emission: 'poisson',
      startProb: [0.5, 0.5],
      transMat: [
        [0.95, 0.05],
        [0.1, 0.9],
      ],
      lambdas: [[1], [8]],
    });
    const draw = (count: number, seed: number) =>
      Array.from({ length: count }, (_, i) =>
        truth.sample(200, { randomState: seed + i }).X.map((row) => row[0]!),
      );
    const train = draw(100, 1000);
    const heldOut = draw(20, 5000);
    const score = (model: HiddenMarkovModel) => heldOut.reduce((sum, seq) => sum + model.score(seq), 0);
    const batch = new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 }).fit(train);
    const online = new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 });
    for (let pass = 0; pass < 5; pass++)
      for (let b = 0; b < train.length; b += 10) online.partialFit(train.slice(b, b + 10), { alpha: 0.7 });
    expect(online.nIter).toBe(50);
    const gap = (score(batch) - score(online)) / Math.abs(score(batch));
    expect(gap).toBeLessThan(2e-3);
    const rates = online.lambdas.map((rate) => rate[0]!).sort((x, y) => x - y);
    expect(rates[0]).toBeCloseTo(1, 0);
    expect(rates[1]).toBeCloseTo(8, 0);
  });

  it('a refit starts a new run; a given model is the start', () => {
    const [, options, sequences] = cases[1]!;
    const model = new HiddenMarkovModel(options)
      .partialFit(sequences as number[][])
      .partialFit(sequences as number[][]);
    expect(model.nIter).toBe(2);
    model.fit(sequences as number[][]);
    model.partialFit(sequences as number[][]);
    expect(model.nIter).toBe(1);
    const given = new HiddenMarkovModel({
      nStates: 1,
      emission: 'poisson',
      startProb: [1],
      transMat: [[1]],
      lambdas: [[3]],
    }).partialFit([[1, 2, 3, 6]]);
    expect(given.lambdas[0]![0]).toBeCloseTo(3, 12); // the mean of the batch
  });

  it('bad input: typed errors, and the model keeps its parameters', () => {
    const model = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 }).partialFit([
      [0, 1, 0, 1],
    ]);
    const before = flat(model);
    expect(() => model.partialFit([[0, 2]])).toThrow(SequenceInputError); // symbol 2 outside the first batch's alphabet
    expect(() => model.partialFit([[0, 1]], { alpha: 2 })).toThrow(InvalidOptionError);
    expect(() => model.partialFit([[0, 1]], { step: 1 } as never)).toThrow(InvalidOptionError);
    expect(() => model.partialFit([[0, 1]], null as never)).toThrow(InvalidOptionError);
    expect(() => model.partialFit([])).toThrow();
    expect(flat(model)).toEqual(before);
    expect(() => new HiddenMarkovModel({ nStates: 2, workers: 2 }).partialFit([[0.5, 1]])).toThrow(
      InvalidOptionError,
    );
  });
});
