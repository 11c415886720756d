import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, expectOutput, runCommand } from './run-example.js';

// The commands of the command-line guide, run in order in one folder (fit writes the model that
// predict and sample read). faithful.csv is R's `faithful` data set (public domain), 272 rows.
describe('the em commands of the command-line guide', () => {
  const dir = mkdtempSync(join(tmpdir(), 'em-docs-cli-'));
  const outputs: Record<string, string> = {};
  beforeAll(() => {
    for (const file of readdirSync(join(examplesDir, 'data')))
      copyFileSync(join(examplesDir, 'data', file), join(dir, file));
    for (const name of ['demo', 'fit', 'predict', 'sample']) {
      const { status, stdout, stderr } = runCommand(name, dir);
      if (status !== 0)
        throw new Error(`em ${name} exited ${status}: ${stderr}`);
      expect(stderr).toBe(''); // no progress bar when not on a terminal
      outputs[name] = stdout;
    }
  }, 120_000);

  it('em demo finds the two processes: means within 0.5 of 20 and 40, and writes the SVG', () => {
    const means = [
      ...outputs.demo!.matchAll(
        /process \d\s+[\d.]+\s+[\d.]+\s+(\d+)\s+([\d.]+)/g,
      ),
    ];
    expect(means).toHaveLength(2);
    for (const [, truth, fitted] of means)
      expect(Math.abs(Number(fitted) - Number(truth))).toBeLessThan(0.5);
    expect(readFileSync(join(dir, 'em-demo.svg'), 'utf8')).toMatch(/^<svg/);
    expectOutput('cli-demo', outputs.demo!);
  });

  it("em fit chooses mclust's model for Old Faithful: EEE (tied), 3 components, BIC 2314.3", () => {
    // mclust 6.0, mclustBIC(faithful): best EEE,3 with BIC −2314.316 (mclust's sign: higher is better).
    expect(outputs.fit).toMatch(/chosen: tied \(EEE\), 3 components/);
    expect(outputs.fit).toMatch(/2314\.3\d\d\*/);
    expectOutput('cli-fit', outputs.fit!);
  });

  it('em predict gives a label and probabilities that sum to 1 for each new point', () => {
    const [header, ...rows] = outputs.predict!.trim().split('\n');
    // Components numbered from 1, as everywhere the command line prints one.
    expect(header).toBe('label,p1,p2,p3');
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const [label, ...p] = row.split(',').map(Number);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(p[label! - 1]).toBe(Math.max(...p));
    }
    expectOutput('cli-predict', outputs.predict!);
  });

  it('em sample draws five points with their components', () => {
    const [header, ...rows] = outputs.sample!.trim().split('\n');
    // The column names the model was fitted on, saved in its JSON by em fit --json.
    expect(header).toBe('eruptions,waiting,label');
    expect(rows).toHaveLength(5);
    expectOutput('cli-sample', outputs.sample!);
  });
});
