import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/numeric/index.js';

// First draws of the generator as it stood in src/random.ts before it moved to numeric/: the stream
// (and with it every result of runEMWithRestarts without a `random`) must not change.
const KNOWN: [seed: number, draws: number[]][] = [
  [
    0,
    [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.1462021479383111, 0.46732782293111086],
  ],
  [1, [0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741, 0.9683778982143849]],
  [
    42,
    [0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693, 0.17481389874592423],
  ],
];

describe('mulberry32', () => {
  it.each(KNOWN)('seed %d gives the known first draws', (seed, draws) => {
    const random = mulberry32(seed);
    expect(draws.map(() => random())).toEqual(draws);
  });

  it('keeps its stream far out (draw 1000 of seed 0)', () => {
    const random = mulberry32(0);
    for (let i = 0; i < 999; i++) random();
    expect(random()).toBe(0.3279780091252178);
  });

  it('reduces the seed to 32 bits, as documented', () => {
    const [a, b] = [mulberry32(-1), mulberry32(0xffffffff)];
    for (let i = 0; i < 5; i++) expect(a()).toBe(b());
  });

  it('draws in [0, 1), with mean 1/2 and variance 1/12', () => {
    const random = mulberry32(7);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = random();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    // Standard errors: √(1/12/n) ≈ 0.0009 for the mean, about 0.0003 for the variance; allow 5.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * 0.0009);
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(5 * 0.0003);
  });
});
