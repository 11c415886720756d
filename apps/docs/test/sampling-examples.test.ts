import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('sampling.ts (sampling guide)', () => {
  it('draws what it says, and the bootstrap agrees with the textbook standard error', async () => {
    const lines = await runExample('sampling');
    expect(lines[0]).toBe('same seed, same draws: true');
    const groups = lines
      .slice(1, 3)
      .map((line) =>
        /(\d+) points, mean ([\d.]+)/.exec(line)!.slice(1).map(Number),
      );
    expect(groups.map(([count]) => count)).toEqual([4000, 8000]);
    // Standard error of a mean of n draws with sd 5: 5/√n (0.079 and 0.056); allow 4 of them.
    expect(Math.abs(groups[0]![1]! - 20)).toBeLessThan(4 * 0.079);
    expect(Math.abs(groups[1]![1]! - 40)).toBeLessThan(4 * 0.056);
    expect(lines[3]).toBe('train 9000 rows, test 3000 rows');
    // The overall sample has variance 25 + (2/9)·400 ≈ 113.9 (within-process plus between-process),
    // so the standard error of its mean is √(113.9 / 12000) ≈ 0.097; 200 bootstrap draws get within 15 %.
    const se = Number(/standard error ([\d.]+)/.exec(lines[4]!)![1]);
    expect(Math.abs(se - Math.sqrt((25 + (2 / 9) * 400) / 12000))).toBeLessThan(
      0.15 * 0.097,
    );
    expectOutput('sampling', lines);
  });
});
