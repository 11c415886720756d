import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('imaging-tomography.ts (EM for images guide)', () => {
  it('MLEM and OSEM beat FBP at low counts, the likelihood never falls, and the three images are drawn', async () => {
    const lines = await runExample('imaging-tomography');
    const rows = lines
      .filter((line) => /^1e\+\d/.test(line))
      .map((line) =>
        [...line.matchAll(/([\d.]+) \/ ([\d.]+)/g)].map((m) => [
          Number(m[1]),
          Number(m[2]),
        ]),
      );
    expect(rows).toHaveLength(3);
    // Columns: FBP Hann, MLEM 10, MLEM 50, OSEM 10×1 (RMSE / SSIM). At 10⁴ and 10⁵ counts MLEM (10
    // iterations) and OSEM beat FBP on both scores; at 10⁶ counts MLEM needs 50 iterations to.
    for (const row of rows.slice(0, 2)) {
      for (const method of [row[1]!, row[3]!]) {
        expect(method[0]).toBeLessThan(row[0]![0]!);
        expect(method[1]).toBeGreaterThan(row[0]![1]!);
      }
    }
    expect(rows[2]![2]![0]).toBeLessThan(rows[2]![0]![0]!);
    expect(rows[2]![2]![1]).toBeGreaterThan(rows[2]![0]![1]!);
    expect(lines).toContain(
      'log-likelihood never decreases over 50 MLEM iterations: true',
    );
    expect(lines).toContain('pictures: 3 rasters drawn');
    expectOutput('imaging-tomography', lines);
  });
});

describe('imaging-segmentation.ts (EM for images guide)', () => {
  it('recovers the three regions of the procedural scene; ICM smoothing removes most of the noise errors', async () => {
    const lines = await runExample('imaging-segmentation');
    const plain = Number(
      /without smoothing: ([\d.]+)%/.exec(lines.join('\n'))![1],
    );
    const smooth = Number(
      /with ICM smoothing: ([\d.]+)%/.exec(lines.join('\n'))![1],
    );
    expect(plain).toBeGreaterThan(90);
    expect(smooth).toBeGreaterThan(plain);
    expect(smooth).toBeGreaterThan(99);
    const counts = /per segment: (.*)$/m
      .exec(lines.join('\n'))![1]!
      .split(', ')
      .map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(160 * 120);
    expectOutput('imaging-segmentation', lines);
  });
});
