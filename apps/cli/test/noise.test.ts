import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GaussianMixture, MCLUST_MODELS, noiseGuess, selectModel } from '@em/gaussian';
import { describe, expect, it } from 'vitest';
import { em, FAITHFUL, tempDir } from './helpers.js';

// Old Faithful with 12 points planted far from both groups, on a grid around them.
const dir = tempDir();
const lines = readFileSync(FAITHFUL, 'utf8').trim().split('\n');
const planted = Array.from({ length: 12 }, (_, i) => [i % 2 ? 0 : 7, 40 + i * 5]);
const NOISY = join(dir, 'faithful-outliers.csv');
writeFileSync(NOISY, `${lines.join('\n')}\n${planted.map((row) => row.join(',')).join('\n')}\n`);
const rows = [...lines.slice(1), ...planted.map((row) => row.join(','))].map((line) =>
  line.split(',').slice(-2).map(Number),
);

describe('em fit --noise', () => {
  it("adds mclust's noise component: the table, the pick and the labels of selectModel with the same guess", async () => {
    const labels = join(dir, 'labels.csv');
    const model = join(dir, 'model.json');
    const fit = await em([
      'fit',
      NOISY,
      '-k',
      '1..4',
      '-c',
      'mclust',
      '--noise',
      '0.05',
      '--labels',
      labels,
      '--json',
      model,
      '--format',
      'json',
    ]);
    expect(fit.stderr).toBe('');
    expect(fit.code).toBe(0);
    const summary = JSON.parse(fit.stdout);
    // The same guess and grid in the library (independent of the CLI's worker and formatting).
    const guess = noiseGuess(rows, { fraction: 0.05 });
    const selection = selectModel(rows, {
      covarianceTypes: MCLUST_MODELS,
      nComponents: [1, 2, 3, 4],
      noise: guess,
    });
    expect(summary.model.covarianceType).toBe(selection.best.covarianceType);
    expect(summary.model.nComponents).toBe(selection.best.nComponents);
    expect(summary.model.bic).toBeCloseTo(selection.best.value, 6);
    expect(summary.model.noiseWeight).toBeCloseTo(selection.best.model.noiseWeight!, 8);
    const predicted = Array.from(selection.best.model.predict(rows));
    // Sizes: the components, then the noise rows.
    expect(summary.model.clusterSizes.at(-1)).toBe(predicted.filter((l) => l === -1).length);
    const file = readFileSync(labels, 'utf8').trim().split('\n');
    expect(file[0]).toMatch(/,pnoise$/);
    // Labels from 1; noise is 0, as mclust's classification.
    expect(file.slice(1).map((line) => Number(line.split(',')[0]))).toEqual(predicted.map((l) => l + 1));
    expect(predicted.slice(-12).every((l) => l === -1)).toBe(true);
    // The model file loads back with its noise component.
    const loaded = GaussianMixture.fromJSON(readFileSync(model, 'utf8'));
    expect(loaded.noiseWeight).toBeCloseTo(summary.model.noiseWeight, 12);
    // em predict marks the noise rows 0 too.
    const again = await em(['predict', model, NOISY]);
    expect(again.code).toBe(0);
    expect(
      again.stdout
        .trim()
        .split('\n')
        .slice(-12)
        .map((line) => line.split(',')[0]),
    ).toEqual(Array(12).fill('0'));
  }, 120_000);

  it('the text summary counts the noise rows as class 0; auto finds the planted points', async () => {
    const fit = await em(['fit', NOISY, '-k', '2', '-c', 'VVV', '--noise', 'auto']);
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/component\s+1\s+2\s+noise \(0\)/);
    const guess = noiseGuess(rows);
    expect(guess.slice(-12).every(Boolean)).toBe(true);
  }, 60_000);

  it('bad values and combinations are usage errors', async () => {
    const bad = await em(['fit', NOISY, '--noise', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--noise.*a fraction of the rows between 0 and 1/);
    const stream = await em(['fit', NOISY, '-k', '2', '--noise', '0.1', '--stream']);
    expect(stream.code).toBe(2);
    expect(stream.stderr).toMatch(/--noise fits in memory/);
    const prior = await em(['fit', NOISY, '-k', '2', '--noise', '0.1', '--prior', 'default']);
    expect(prior.code).toBe(2);
    expect(prior.stderr).toMatch(/--prior default and --noise cannot be combined/);
  });
});
