import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('plotting.ts (plotting guide)', () => {
  it('writes two SVG files, and its five bins count every point of the sample', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'em-docs-'));
    process.chdir(dir);
    let lines: string[];
    try {
      lines = await runExample('plotting');
    } finally {
      process.chdir(cwd);
    }
    for (const file of ['histogram-5-bins.svg', 'density.svg']) {
      expect(readFileSync(join(dir, file), 'utf8')).toMatch(
        /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\s*$/,
      );
    }
    const counts = lines.slice(0, 5).map((line) => Number(line.split(': ')[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12_000);
    // The taller process (8000 points around 40) makes the mixture density peak near 40.
    const peak = Number(/peaks at x = ([\d.]+)/.exec(lines[6]!)![1]);
    expect(Math.abs(peak - 40)).toBeLessThan(2);
    expectOutput('plotting', lines);
  });
});
