import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('genetics-abo.ts (EM in genetics guide)', () => {
  it('reproduces the EM estimates printed by Lange (2002): .2136, .0501, .7363', async () => {
    const lines = await runExample('genetics-abo');
    expect(lines[0]).toMatch(/^p\(A\) = 0\.2136 ± /);
    expect(lines[1]).toMatch(/^p\(B\) = 0\.0501 ± /);
    expect(lines[2]).toMatch(/^p\(O\) = 0\.7363 ± /);
    // The A/A and A/O counts split the 186 type-A people.
    const expected = (genotype: string) =>
      Number(
        new RegExp(`^${genotype}\\s+expected\\s+([\\d.]+)`).exec(
          lines.find((l) => l.startsWith(genotype))!,
        )![1],
      );
    expect(expected('A/A') + expected('A/O')).toBeCloseTo(186, 0);
    expectOutput('genetics-abo', lines);
  });
});

describe('genetics-haplotypes.ts (EM in genetics guide)', () => {
  it('recovers the five ancestral haplotypes and their frequencies', async () => {
    const lines = await runExample('genetics-haplotypes');
    const common = lines
      .slice(1, 8)
      .map((l) => /^\s+([12]{6})\s+([\d.]+)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [m[1]!, Number(m[2])] as const);
    const truth: Record<string, number> = {
      '111111': 0.35,
      '222111': 0.25,
      '112222': 0.2,
      '221122': 0.15,
      '121212': 0.05,
    };
    expect(common.map(([h]) => h).sort()).toEqual(Object.keys(truth).sort());
    // 1000 chromosomes: each estimate within 4 binomial standard errors of the truth.
    for (const [h, f] of common)
      expect(Math.abs(f - truth[h]!)).toBeLessThan(
        4 * Math.sqrt((truth[h]! * (1 - truth[h]!)) / 1000),
      );
    expect(lines.find((l) => l.startsWith('LD test'))).toMatch(
      /df = 57, p < 1e-12$/,
    ); // 2⁶ − 1 − 6 degrees of freedom
    expectOutput('genetics-haplotypes', lines);
  });
});
