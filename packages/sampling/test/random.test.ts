import { InvalidOptionError } from '@em/core';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { createRandom, Random } from '../src/index.js';
import { splitMix64 } from '../src/random.js';
import golden from './fixtures/golden.json' with { type: 'json' };
import { chiSquareTest, correlation, ksTest, mean } from './helpers/stats.js';

const draws = (rng: Random, n: number) => Float64Array.from({ length: n }, () => rng.next());

describe('createRandom: golden values (scripts/golden.py, an independent Python implementation)', () => {
  it('SplitMix64 matches its published test vector (seed 1234567)', () => {
    let state = 1234567n;
    const outputs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [next, output] = splitMix64(state);
      state = next;
      outputs.push(output.toString());
    }
    expect(outputs).toEqual([
      '6457827717110365317',
      '3203168211198807973',
      '9817491932198370423',
      '4593380528125082431',
      '16408922859458223821',
    ]);
    expect(outputs).toEqual(golden.splitmix64Seed1234567);
  });

  for (const [seed, expected] of Object.entries(golden.seeds)) {
    it(`seed ${seed}: state, 32-bit outputs and doubles`, () => {
      const rng = createRandom(Number(seed));
      expect(rng.getState()).toEqual(expected.state);
      expect(Array.from({ length: 5 }, () => rng.generator.next())).toEqual(expected.int32);
      expect(Array.from({ length: 5 }, () => rng.next())).toEqual(expected.doubles);
    });
  }

  it('bigint seeds agree with number seeds', () => {
    expect(createRandom(42n).getState()).toEqual(golden.seeds['42'].state);
    expect(createRandom(-1n).getState()).toEqual(golden.seeds['-1'].state);
  });

  it('jump() advances by 2^64 steps', () => {
    const rng = createRandom(golden.jump.seed).jump();
    expect(rng.getState()).toEqual(golden.jump.stateAfterJump);
    expect(draws(rng, 3)).toEqual(Float64Array.from(golden.jump.doubles));
  });

  it('fork() seeds the child from two parent outputs', () => {
    const parent = createRandom(golden.fork.seed);
    const child = parent.fork();
    expect(draws(child, 3)).toEqual(Float64Array.from(golden.fork.child));
    expect(draws(parent, 3)).toEqual(Float64Array.from(golden.fork.parentAfterFork));
  });

  it('is the very stream of pure-rand’s xoroshiro128plus from the same state', () => {
    const rng = createRandom(7);
    const reference = xoroshiro128plusFromState(rng.getState());
    for (let i = 0; i < 1000; i++) expect(rng.next()).toBe(uniformFloat64(reference));
  });
});

describe('Random', () => {
  it('replays the same sequence from the same seed and differs between seeds', () => {
    expect(draws(createRandom(123), 100)).toEqual(draws(createRandom(123), 100));
    const a = draws(createRandom(1), 10_000);
    const b = draws(createRandom(2), 10_000);
    expect(a).not.toEqual(b);
    // Neighbouring seeds give unrelated streams (SplitMix64 seeding).
    expect(Math.abs(correlation(a, b))).toBeLessThan(4 / Math.sqrt(10_000));
  });

  it('without a seed, draws a fresh one', () => {
    expect(createRandom().next()).not.toBe(createRandom().next());
  });

  it('next() is uniform on [0, 1) (Kolmogorov–Smirnov)', () => {
    const u = draws(createRandom(2024), 50_000);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(ksTest(u, (x) => x).pValue).toBeGreaterThan(0.001);
  });

  it('random is a detached () => number on the same stream', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    const { random } = a;
    expect([random(), random(), random()]).toEqual([b.next(), b.next(), b.next()]);
    expect(a.next()).toBe(b.next());
  });

  it('uniform(low, high) stays in [low, high) and has the right mean', () => {
    const rng = createRandom(3);
    const x = Float64Array.from({ length: 20_000 }, () => rng.uniform(-2, 6));
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...x)).toBeLessThan(6);
    expect(ksTest(x, (v) => (v + 2) / 8).pValue).toBeGreaterThan(0.001);
    expect(rng.uniform()).toBeLessThan(1);
  });

  it('integer(low, high) is uniform on [low, high), high excluded like numpy', () => {
    const rng = createRandom(11);
    const counts = new Float64Array(6);
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const k = rng.integer(1, 7);
      if (Number.isInteger(k) && k >= 1 && k <= 6) counts[k - 1]!++;
      else outside++;
    }
    expect(outside).toBe(0);
    expect(chiSquareTest(counts, new Array(6).fill(10_000)).pValue).toBeGreaterThan(0.001);
    expect(rng.integer(1)).toBe(0);
    // Ranges wider than 2^32 stay in bounds.
    const big = rng.integer(0, 2 ** 40);
    expect(big >= 0 && big < 2 ** 40).toBe(true);
  });

  it('getState/fromState round-trip the generator', () => {
    const rng = createRandom(9);
    rng.next();
    const copy = Random.fromState(JSON.parse(JSON.stringify(rng.getState())));
    expect(draws(copy, 10)).toEqual(draws(rng, 10));
  });

  it('forks and splits are reproducible and uncorrelated with each other and the parent', () => {
    const n = 20_000;
    const bound = 4 / Math.sqrt(n); // |r| of independent streams exceeds this with probability 6e-5
    const parent = createRandom(42);
    const streams = parent.split(4);
    const child = parent.fork();
    const all = [draws(parent, n), draws(child, n), ...streams.map((s) => draws(s, n))];
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        expect(Math.abs(correlation(all[i]!, all[j]!))).toBeLessThan(bound);
        // Lagged by one step too, which catches streams that are shifted copies of each other.
        expect(Math.abs(correlation(all[i]!.subarray(1), all[j]!.subarray(0, n - 1)))).toBeLessThan(bound);
      }
    }
    const again = createRandom(42).split(4);
    expect(draws(again[2]!, 5)).toEqual(all[4]!.subarray(0, 5));
    // Each stream is itself uniform.
    for (const stream of all) expect(Math.abs(mean(stream) - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
  });

  it('the fork-independence check does catch dependent streams', () => {
    const rng = createRandom(42);
    const a = draws(Random.fromState(rng.getState()), 20_000);
    const shifted = Random.fromState(rng.getState());
    shifted.next();
    const b = draws(shifted, 20_000);
    expect(Math.abs(correlation(a.subarray(1), b.subarray(0, 19_999)))).toBeGreaterThan(0.99);
  });

  it('rejects bad seeds, bounds and states with typed errors', () => {
    expect(() => createRandom(1.5)).toThrow(InvalidOptionError);
    expect(() => createRandom(Number.NaN)).toThrow(/seed: expected a safe integer or a bigint, received NaN/);
    expect(() => createRandom(2 ** 60)).toThrow(InvalidOptionError);
    const rng = createRandom(1);
    expect(() => rng.uniform(0, Number.POSITIVE_INFINITY)).toThrow(/high: expected a finite number >= low/);
    expect(() => rng.uniform(1, 0)).toThrow(InvalidOptionError);
    expect(() => rng.integer(3, 3)).toThrow(/high: expected a safe integer > low \(3\), received 3/);
    expect(() => rng.integer(0.5, 3)).toThrow(/low: expected a safe integer/);
    expect(() => rng.normal(0, -1)).toThrow(/scale: expected a finite number >= 0, received -1/);
    expect(() => rng.normal(Number.NaN)).toThrow(/loc/);
    expect(() => rng.split(-1)).toThrow(/count/);
    expect(() => Random.fromState([0, 0, 0, 0])).toThrow(InvalidOptionError);
    expect(() => Random.fromState([1, 2])).toThrow(/state/);
  });
});
