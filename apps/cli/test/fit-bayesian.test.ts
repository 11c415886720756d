import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BayesianGaussianMixture } from '@em/gaussian';
import { describe, expect, it } from 'vitest';
import { em, FAITHFUL, tempDir } from './helpers.js';

/** 3 clusters in 2-D, deterministic: 120 + 80 + 100 points on jittered rings around 3 centres. */
function threeClusters(): number[][] {
  const centres = [
    [0, 0, 120],
    [8, 1, 80],
    [2, 9, 100],
  ] as const;
  const rows: number[][] = [];
  for (const [x, y, n] of centres) {
    for (let i = 0; i < n; i++) {
      const r = 0.3 + 0.9 * ((i * 0.618034) % 1);
      const a = i * 2.39996;
      rows.push([x + r * Math.cos(a), y + r * Math.sin(a)]);
    }
  }
  return rows;
}

describe('em fit --bayesian', () => {
  it('fits one variational mixture with up to 10 components and reports the 3 it uses', async () => {
    const dir = tempDir();
    const X = threeClusters();
    writeFileSync(join(dir, 'data.csv'), `x,y\n${X.map((row) => row.join(',')).join('\n')}\n`);
    const { code, stdout, stderr } = await em(
      ['fit', 'data.csv', '--bayesian', '--format', 'json', '--json', 'model.json'],
      {
        cwd: dir,
      },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.model.nComponents).toBe(10);
    expect(summary.model.effectiveComponents).toBe(3);
    expect(summary.model.converged).toBe(true);
    // The same fit as the library's, number for number.
    const direct = new BayesianGaussianMixture({ nComponents: 10, randomState: 0, maxIter: 1000 }).fit(X);
    expect(summary.model.weights).toEqual(direct.weights);
    expect(summary.model.lowerBound).toBe(direct.lowerBound);
    const model = BayesianGaussianMixture.fromJSON(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(model.weights).toEqual(direct.weights);
  });

  it('prints a readable summary of the used components', async () => {
    const { code, stdout } = await em([
      'fit',
      FAITHFUL,
      '--bayesian',
      '-k',
      '6',
      '--prior',
      'dirichlet_distribution',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Model: Bayesian Gaussian mixture (Dirichlet distribution prior), full covariance',
    );
    expect(stdout).toMatch(/components used: \d of 6 \(weight above 1 %\)/);
    expect(stdout).toContain('mean eruptions');
  });

  it('rejects options that belong to the BIC grid, and --prior without --bayesian (exit 2)', async () => {
    for (const args of [
      ['--bayesian', '--criterion', 'aic'],
      ['--bayesian', '-k', '1..9'],
      ['--bayesian', '--covariance', 'all'],
      ['--bayesian', '--prior', 'dirichlet'],
      ['--prior', 'dirichlet_process'],
    ]) {
      const { code, stderr } = await em(['fit', FAITHFUL, ...args]);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/em fit: .*(bayesian|prior|components|covariance|criterion)/);
    }
  });
});
