// Hostile input for every export of @em/sampling, in the shape of @em/testkit: each call ends in a typed
// EMError or finite draws — never a RangeError from a huge size, an Infinity from a huge scale, or a hang.
// CI replays a fixed seed (test/setup.ts); local runs draw fresh ones and more of them.
import {
  adversarialRecorder,
  expectTypedError,
  extremeFinite,
  hostileMatrix,
  hostileNumber,
  hostileSize,
  hostileValue,
  hugeSize,
  propertyTypedOrFinite,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as sampling from '../src/index.js';
import { createRandom, Random } from '../src/index.js';

const recorder = adversarialRecorder('@em/sampling');
const rng = () => createRandom(7);

/** Options with hostile values for the given keys; mostly plausible sizes so that draws happen. */
const optionsOf = (keys: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(
    {
      ...keys,
      size: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 20 }) },
        { weight: 1, arbitrary: hostileSize },
      ),
    },
    { requiredKeys: [] },
  );

const scale = fc.oneof(extremeFinite, hostileNumber, hostileValue);
const probabilities = fc.oneof(
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }).map((w) => {
    const sum = w.reduce((a, b) => a + b, 0);
    return sum > 0 ? w.map((x) => x / sum) : w;
  }),
  fc.array(hostileNumber, { maxLength: 4 }),
  hostileValue,
);

/** Every sampler with options, by name, with the hostile options it gets. */
const samplers: [string, fc.Arbitrary<unknown>, (options: never) => unknown][] = [
  ['normal', optionsOf({ loc: scale, scale }), (o) => sampling.normal(rng(), o)],
  ['uniform', optionsOf({ low: scale, high: scale }), (o) => sampling.uniform(rng(), o)],
  ['integers', optionsOf({ low: scale, high: scale }), (o) => sampling.integers(rng(), o)],
  ['exponential', optionsOf({ scale }), (o) => sampling.exponential(rng(), o)],
  ['gamma', optionsOf({ shape: scale, scale }), (o) => sampling.gamma(rng(), o)],
  ['poisson', optionsOf({ lam: scale }), (o) => sampling.poisson(rng(), o)],
  ['binomial', optionsOf({ n: fc.oneof(hostileSize, scale), p: scale }), (o) => sampling.binomial(rng(), o)],
  ['bernoulli', optionsOf({ p: scale }), (o) => sampling.bernoulli(rng(), o)],
  [
    'multinomial',
    optionsOf({ n: fc.oneof(hostileSize, scale), p: probabilities }),
    (o) => sampling.multinomial(rng(), o),
  ],
  ['categorical', optionsOf({ p: probabilities }), (o) => sampling.categorical(rng(), o)],
  ['dirichlet', optionsOf({ alpha: fc.array(scale, { maxLength: 4 }) }), (o) => sampling.dirichlet(rng(), o)],
  [
    'multivariateNormal',
    optionsOf({ mean: fc.array(scale, { maxLength: 3 }), cov: hostileMatrix }),
    (o) => sampling.multivariateNormal(rng(), o),
  ],
];

describe('@em/sampling under hostile input', () => {
  for (const [name, options, draw] of samplers) {
    it(`${name}: any options end in a typed error or finite draws`, () => {
      propertyTypedOrFinite(recorder, options, (o) => draw(o as never));
    });
  }

  it('samplers given something other than a Random or an options object', () => {
    propertyTypedOrFinite(
      recorder,
      fc.tuple(fc.constantFrom(...samplers.map(([name]) => name)), hostileValue, hostileValue),
      ([name, r, o]) =>
        (sampling as unknown as Record<string, (a: unknown, b: unknown) => unknown>)[name]!(r, o),
    );
  });

  it('choice, permutation, shuffle, aliasTable, sampleAlias', () => {
    // Finite items: choice and shuffle hand back what they are given, so a NaN item is a NaN result.
    const population = fc.oneof(
      hostileSize,
      fc.array(extremeFinite, { maxLength: 5 }),
      fc.constantFrom(null, {}, 'abc', () => 1),
    );
    propertyTypedOrFinite(
      recorder,
      fc.tuple(population, hostileValue, hostileSize),
      ([population, p, size]) =>
        sampling.choice(rng(), population as number, {
          size: size as number,
          p: p as number[],
          replace: size !== 3,
        }),
    );
    propertyTypedOrFinite(recorder, fc.oneof(hostileSize, hostileValue), (n) =>
      sampling.permutation(rng(), n as number),
    );
    propertyTypedOrFinite(recorder, population, (array) => sampling.shuffle(rng(), array as number[]));
    propertyTypedOrFinite(recorder, probabilities, (p) =>
      sampling.sampleAlias(rng(), sampling.aliasTable(p as number[])),
    );
    propertyTypedOrFinite(recorder, hostileValue, (table) => sampling.sampleAlias(rng(), table as never));
  });

  it('takeRows, bootstrap, trainTestSplit, concat, hstack, sampleMixture', () => {
    // Finite data: these resample what they are given, so a NaN in the data is a NaN in the sample.
    const finite = fc.array(extremeFinite, { maxLength: 6 }).map((x) => Float64Array.from(x));
    const sample = fc.oneof(
      finite,
      fc.record({ data: finite, rows: hostileSize, cols: hostileSize }),
      hostileValue,
    );
    propertyTypedOrFinite(
      recorder,
      fc.tuple(sample, fc.oneof(fc.array(hostileNumber, { maxLength: 4 }), hostileValue)),
      ([X, indices]) => sampling.takeRows(X as Float64Array, indices as number[]),
    );
    propertyTypedOrFinite(recorder, fc.tuple(sample, hostileSize), ([X, size]) =>
      sampling.bootstrap(rng(), X as Float64Array, { size: size as number }),
    );
    propertyTypedOrFinite(recorder, fc.tuple(sample, hostileValue), ([X, testSize]) =>
      sampling.trainTestSplit(rng(), X as Float64Array, { testSize: testSize as number }),
    );
    propertyTypedOrFinite(recorder, fc.array(sample, { maxLength: 3 }), (parts) =>
      sampling.concat(...(parts as Float64Array[])),
    );
    propertyTypedOrFinite(recorder, fc.array(sample, { maxLength: 3 }), (parts) =>
      sampling.hstack(...(parts as Float64Array[])),
    );
    propertyTypedOrFinite(
      recorder,
      fc.record(
        {
          counts: fc.oneof(fc.array(hostileSize, { maxLength: 3 }), hostileValue),
          n: hostileSize,
          weights: probabilities,
        },
        { requiredKeys: [] },
      ),
      (options) =>
        sampling.sampleMixture(rng(), {
          ...(options as object),
          components: [
            (r: Random, size: number) => sampling.normal(r, { size }),
            (r: Random, size: number) => sampling.normal(r, { loc: 5, size }),
          ],
        } as never),
    );
  });

  it('Random: its methods and fromState', () => {
    propertyTypedOrFinite(recorder, fc.tuple(hostileValue, hostileValue), ([a, b]) => {
      const r = rng();
      return [
        r.uniform(a as number, b as number),
        r.normal(a as number, b as number),
        r.integer(a as number, b as number),
      ];
    });
    propertyTypedOrFinite(recorder, hostileValue, (count) => rng().split(count as number).length);
    propertyTypedOrFinite(
      recorder,
      fc.oneof(fc.array(fc.integer(), { minLength: 4, maxLength: 4 }), hostileValue),
      (state) => Random.fromState(state as number[]).next(),
    );
    propertyTypedOrFinite(recorder, hostileValue, (seed) => createRandom(seed as number).next());
  });
});

describe('regressions (issue 23)', () => {
  it('sizes past memory are typed errors before allocating, naming the size', () => {
    for (const size of [1e12, 2 ** 32, 1e9]) {
      expectTypedError(recorder, () => sampling.normal(rng(), { size }), ['size']);
      expectTypedError(recorder, () => sampling.uniform(rng(), { size }), ['size']);
      expectTypedError(recorder, () => sampling.categorical(rng(), { p: [0.5, 0.5], size }), ['size']);
      expectTypedError(
        recorder,
        () =>
          sampling.multivariateNormal(rng(), {
            mean: [0, 0],
            cov: [
              [1, 0],
              [0, 1],
            ],
            size,
          }),
        ['size'],
      );
      expectTypedError(recorder, () => sampling.permutation(rng(), size), ['n']);
    }
    // The limit counts values, not draws: 2^27 draws of 3 values each are too many.
    expectTypedError(
      recorder,
      () =>
        sampling.multivariateNormal(rng(), {
          mean: [0, 0, 0],
          cov: [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
          size: 2 ** 27,
        }),
      ['size', 'draws of 3 values each'],
    );
    expectTypedError(recorder, () => sampling.dirichlet(rng(), { alpha: [1, 1, 1], size: 2 ** 27 }), [
      'size',
    ]);
    expectTypedError(recorder, () => sampling.multinomial(rng(), { n: 3, p: [0.5, 0.5], size: 2 ** 28 }), [
      'size',
    ]);
    expectTypedError(recorder, () => rng().split(1e12), ['count']);
  });

  it('a population past 32-bit indices is refused instead of wrapping to negative indices', () => {
    expectTypedError(recorder, () => sampling.choice(rng(), 1e12, { size: 3 }), ['population']);
    const small = sampling.choice(rng(), 2 ** 31 - 1, { size: 50 });
    expect(Array.from(small).every((i) => i >= 0)).toBe(true);
  });

  it('scales whose draws would overflow are refused; the largest allowed give finite draws', () => {
    expectTypedError(recorder, () => sampling.normal(rng(), { scale: 1e308, size: 5 }), ['scale']);
    expectTypedError(recorder, () => sampling.normal(rng(), { loc: 1e308, scale: 1e307, size: 5 }), [
      'scale',
    ]);
    expectTypedError(recorder, () => rng().normal(0, 1e308), ['scale']);
    expectTypedError(recorder, () => sampling.uniform(rng(), { low: -1e308, high: 1e308, size: 3 }), [
      'high',
    ]);
    expectTypedError(recorder, () => sampling.exponential(rng(), { scale: 1e308, size: 3 }), ['scale']);
    expectTypedError(recorder, () => sampling.gamma(rng(), { shape: 1e308, scale: 1e308, size: 3 }), [
      'scale',
    ]);
    // Just inside the bounds the draws are finite (a million of them reach the ziggurat's tail).
    const edge = Number.MAX_VALUE / 15;
    const draws = sampling.normal(rng(), { scale: edge, size: 1_000_000 });
    expect(draws.every(Number.isFinite)).toBe(true);
    expect(sampling.gamma(rng(), { shape: 1e300, scale: 1, size: 1000 }).every(Number.isFinite)).toBe(true);
  });

  it('every hugeSize value is refused by every sampler', () => {
    for (const [name, , draw] of samplers)
      propertyTypedOrFinite(recorder, hugeSize, (size) => draw({ p: [1], size } as never), {
        numRuns: 30,
        check: () => {
          throw new Error(`${name} accepted a size it should refuse`);
        },
      });
  });
});
