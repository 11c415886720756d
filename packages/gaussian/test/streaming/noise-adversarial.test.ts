// The noise component out of memory under hostile input, in @em/testkit's shape: whatever a noise
// rule answers, whatever the data, fitStream, scanSource and partialFit end in a typed error
// (naming the option, the rows and what was expected) or a consistent model — never a TypeError,
// NaN or a hang. The named cases are the ones fit refuses too, refused the same way.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import {
  adversarialRecorder,
  adversarialRuns,
  asyncPropertyTypedOrFinite,
  expectTypedError,
  expectTypedErrorAsync,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, hypervolumeOfSource, type NoiseRule, scanSource } from '../../src/index.js';

const recorder = adversarialRecorder('@em/gaussian', 'noise-stream');
const RUNS = adversarialRuns(20, 60);

const ROWS = Array.from({ length: 40 }, (_, i) => [
  (i % 2) * 10 + Math.sin(i),
  (i % 2) * 4 + Math.cos(i * 1.7),
]);
const CHUNKS = [ROWS.slice(0, 15), ROWS.slice(15, 31), ROWS.slice(31)];
const base = { nComponents: 2, covarianceType: 'VVV', maxIter: 100 } as const;

function consistent(gmm: GaussianMixture) {
  const total = gmm.weights.reduce((a, b) => a + b, 0) + (gmm.noiseWeight ?? 0);
  expect(total).toBeCloseTo(1, 9);
  for (const row of gmm.predictProba(ROWS)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  return { weights: gmm.weights, noise: gmm.noiseWeight, means: gmm.means };
}

describe('fitStream with a noise rule under hostile input', () => {
  it('whatever the rule answers: a typed error or a consistent model', async () => {
    const answer = fc.oneof(
      { weight: 4, arbitrary: fc.func(fc.boolean()) },
      { weight: 1, arbitrary: fc.func(fc.anything()) },
      { weight: 1, arbitrary: fc.constant(NaN) },
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(answer, fc.integer({ min: 0, max: 2 })),
      async ([flag, shape]) => {
        // shape 0: one answer per row; 1: one too many; 2: the answer itself (not an array).
        const rule: NoiseRule = ({ rows }, first) =>
          shape === 2
            ? (flag as never)
            : (Array.from({ length: rows + shape }, (_, i) =>
                typeof flag === 'function' ? (flag as (i: number) => unknown)(first + i) : flag,
              ) as boolean[]);
        const gmm = await new GaussianMixture({ ...base, noise: rule, noiseVolume: 500 }).fitStream(CHUNKS);
        return consistent(gmm);
      },
      { numRuns: RUNS },
    );
  });

  it('a rule answering the wrong number of values names the rows of the block', async () => {
    const short: NoiseRule = ({ rows }) => new Array(rows - 1).fill(false);
    const error = await expectTypedErrorAsync(
      recorder,
      () => new GaussianMixture({ ...base, noise: short }).fitStream(CHUNKS),
      ['noise', 'rows 0–39', '40 booleans', '39 values'],
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
  });

  it('a rule answering something not boolean names the row', async () => {
    const rule: NoiseRule = ({ rows }, first) =>
      Array.from({ length: rows }, (_, i) => (first + i === 17 ? 1 : false)) as never;
    await expectTypedErrorAsync(
      recorder,
      () => new GaussianMixture({ ...base, noise: rule }).fitStream(CHUNKS),
      ['noise[17]', 'a boolean'],
    );
  });

  it('a guess marking every row (or none) is refused as fit refuses it', async () => {
    const all: NoiseRule = ({ rows }) => new Array(rows).fill(true);
    const none: NoiseRule = ({ rows }) => new Array(rows).fill(false);
    const fitMessage = (noise: boolean[]) =>
      expectTypedError(recorder, () => new GaussianMixture({ ...base, noise }).fit(ROWS), ['noise']).message;
    for (const [rule, flags] of [
      [all, ROWS.map(() => true)],
      [none, ROWS.map(() => false)],
    ] as const) {
      const streamed = await expectTypedErrorAsync(recorder, () =>
        new GaussianMixture({ ...base, noise: rule }).fitStream(CHUNKS),
      );
      expect(streamed.message).toBe(fitMessage(flags));
    }
  });

  it('an array guess of the wrong length names the rows it lacks or has too many of', async () => {
    await expectTypedErrorAsync(
      recorder,
      () => new GaussianMixture({ ...base, noise: [true, false] }).fitStream(CHUNKS),
      ['noise', 'one boolean per row'],
    );
    const long = [...ROWS.map((_, i) => i === 3), false];
    await expectTypedErrorAsync(
      recorder,
      () => new GaussianMixture({ ...base, noise: long }).fitStream(CHUNKS),
      ['noise', '40 booleans', '41 values'],
    );
    await expectTypedErrorAsync(recorder, () => scanSource(CHUNKS, { noise: long }), ['noise', '41 values']);
  });

  it('data spanning no volume (a constant column): the typed error fit gives, naming noiseVolume', async () => {
    const flat = ROWS.map(([x]) => [x!, 3]);
    const noise = flat.map((_, i) => i === 5);
    const inMemory = expectTypedError(recorder, () => new GaussianMixture({ ...base, noise }).fit(flat), [
      'noiseVolume',
    ]);
    const streamed = await expectTypedErrorAsync(recorder, () =>
      new GaussianMixture({ ...base, noise }).fitStream([flat.slice(0, 20), flat.slice(20)]),
    );
    expect(streamed).toBeInstanceOf(InvalidOptionError);
    expect(streamed.message).toBe(inMemory.message);
  });

  it('hypervolumeOfSource of fewer than 2 rows is an InvalidInputError', async () => {
    const error = await expectTypedErrorAsync(recorder, () => hypervolumeOfSource([[[1, 2]]]), [
      'at least 2 rows',
    ]);
    expect(error).toBeInstanceOf(InvalidInputError);
  });

  it('partialFit with noise: hostile batches give a typed error or a consistent model', () => {
    const gmm = new GaussianMixture({
      ...base,
      noise: ({ rows }) => Array.from({ length: rows }, (_, i) => i === 0),
      noiseVolume: 500,
    });
    gmm.partialFit(ROWS);
    expectTypedError(recorder, () => gmm.partialFit([[1, 2, 3]]), ['features']);
    expectTypedError(recorder, () => gmm.partialFit([[Number.NaN, 1]]));
    consistent(gmm.partialFit(ROWS.slice(0, 7)));
  });
});
