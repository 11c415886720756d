import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('irt-lsat.ts (item response theory guide)', () => {
  it("reproduces ltm's published LSAT fits and writes the two charts", async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'em-docs-irt-'));
    process.chdir(dir);
    let lines: string[];
    try {
      lines = await runExample('irt-lsat');
    } finally {
      process.chdir(cwd);
    }
    // Rizopoulos (2006): rasch(LSAT) and ltm(LSAT ~ z1) summaries.
    expect(lines[0]).toMatch(
      /^1PL: log-likelihood -2466\.938, AIC 4945\.875, BIC 4975\.322/,
    );
    expect(lines[1]).toBe(
      '  Item 1: difficulty -3.6153 (0.3266), discrimination 0.7551 (0.0694)',
    );
    expect(lines[6]).toMatch(
      /^2PL: log-likelihood -2466\.653, AIC 4953\.307, BIC 5002\.384/,
    );
    expect(lines[12]).toBe('LRT: 0.568 on 4 df'); // ltm's anova(rasch, ltm): LRT 0.57
    expect(lines[13]).toMatch(/MAP -1\.895 \(SE 0\.79[56]\)/);
    for (const file of ['lsat-icc.svg', 'lsat-information.svg'])
      expect(readFileSync(join(dir, file), 'utf8')).toMatch(
        /^<svg[\s\S]*<\/svg>\s*$/,
      );
    expectOutput('irt-lsat', lines);
  });
});

describe('irt-recovery.ts (item response theory guide)', () => {
  it('recovers simulated item parameters and abilities', async () => {
    const lines = await runExample('irt-recovery');
    expect(lines[0]).toMatch(/^converged: true/);
    expect(
      Number(/discriminations: ([\d.]+)/.exec(lines[1]!)![1]),
    ).toBeLessThan(0.15);
    expect(Number(/difficulties: +([\d.]+)/.exec(lines[2]!)![1])).toBeLessThan(
      0.15,
    );
    expect(Number(/true θ\): ([\d.]+)/.exec(lines[3]!)![1])).toBeGreaterThan(
      0.9,
    );
    expectOutput('irt-recovery', lines);
  });
});
