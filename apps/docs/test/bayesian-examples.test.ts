import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('bayesian-mixture.ts (Bayesian mixtures guide)', () => {
  it('offered 10 components, keeps the 3 true clusters, as BIC does', async () => {
    const lines = await runExample('bayesian-mixture');
    expect(lines[0]).toMatch(/^converged: true after \d+ iterations$/);
    const weights = lines[1]!.replace('weights: ', '').split(' ').map(Number);
    expect(weights).toHaveLength(10);
    expect(weights.filter((w) => w > 0.01)).toHaveLength(3);
    // 300 points per cluster: each used component holds about a third.
    for (const w of weights.filter((w) => w > 0.01))
      expect(Math.abs(w - 1 / 3)).toBeLessThan(0.02);
    expect(lines[2]).toBe('components used (weight > 1 %): 3');
    expect(lines[3]).toBe('BIC chooses 3 components');
    expectOutput('bayesian-mixture', lines);
  });
});
