import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { em, tempDir } from './helpers.js';

describe('em demo (the seed example)', () => {
  it('recovers the two processes and writes em-demo.svg in the current folder', async () => {
    const cwd = tempDir();
    const { code, stdout, stderr } = await em([], { cwd });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const mean = (process: number) =>
      Number(new RegExp(`process ${process}(?:\\s+\\S+){3}\\s+(\\S+)`).exec(stdout)![1]);
    expect(Math.abs(mean(1) - 20)).toBeLessThan(0.5);
    expect(Math.abs(mean(2) - 40)).toBeLessThan(0.5);
    expect(stdout).toContain('Wrote the histogram and fitted density to em-demo.svg');
    const svg = readFileSync(join(cwd, 'em-demo.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('reports the same numbers as JSON, with the classification of the first and last 80 points', async () => {
    const { code, stdout } = await em(['demo', '--format', 'json', '--no-plot']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.truth.map((t: { mean: number }) => t.mean)).toEqual([20, 40]);
    expect(Math.abs(result.fitted[0].mean - 20)).toBeLessThan(0.5);
    expect(Math.abs(result.fitted[1].mean - 40)).toBeLessThan(0.5);
    // sd 5 each, weights 1/3 and 2/3: recovered to within sampling error (n = 4000 and 8000).
    for (const f of result.fitted) expect(Math.abs(f.sd - 5)).toBeLessThan(0.5);
    expect(Math.abs(result.fitted[0].weight - 1 / 3)).toBeLessThan(0.03);
    expect(result.firstPredicted).toHaveLength(80);
    expect(result.lastPredicted).toHaveLength(80);
    // The two normals overlap: the Bayes classifier gets about 97.7% right, so most of the first
    // 80 must be process 1 and most of the last 80 process 2.
    expect(result.firstPredicted.filter((p: number) => p === 1).length).toBeGreaterThan(70);
    expect(result.lastPredicted.filter((p: number) => p === 2).length).toBeGreaterThan(70);
    expect(result.accuracy).toBeGreaterThan(0.95);
    expect(result.correct).toBe(Math.round(result.accuracy * result.n));
    expect(result.plot).toBeNull();
  });

  it('writes the plot where --plot says and names it', async () => {
    const cwd = tempDir();
    const { code, stdout } = await em(['demo', '--plot', 'pictures.svg'], { cwd });
    expect(code).toBe(0);
    expect(stdout).toContain('pictures.svg');
    expect(readFileSync(join(cwd, 'pictures.svg'), 'utf8')).toContain('</svg>');
  });

  it('is reproducible: the same seed prints the same output', async () => {
    const [a, b] = await Promise.all([
      em(['demo', '--no-plot', '--seed', '3']),
      em(['demo', '--no-plot', '--seed', '3']),
    ]);
    expect(a.stdout).toBe(b.stdout);
  });
});
