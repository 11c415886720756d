import { describe, expect, it } from 'vitest';
import { em, FAITHFUL } from './helpers.js';

/**
 * mclust 6.0's `Mclust(faithful, G = 1:9, prior = priorControl())`, from
 * packages/gaussian/test/fixtures/mclust-models.json (scripts/make-mclust-bic-fixtures.R there):
 * EEE with 3 components, BIC 2314.54924233454 (mclust's sign; the CLI prints lower-is-better).
 */
const MCLUST_PRIOR_BEST = { covarianceType: 'EEE', nComponents: 3, bic: 2314.54924233454 };

describe('em fit --prior default (mclust’s conjugate prior)', () => {
  it('fits mclust’s ten models with a prior and chooses mclust’s model, with its BIC', async () => {
    const { code, stdout } = await em(['fit', FAITHFUL, '--prior', 'default', '--format', 'json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.model.covarianceType).toBe(MCLUST_PRIOR_BEST.covarianceType);
    expect(result.model.nComponents).toBe(MCLUST_PRIOR_BEST.nComponents);
    expect(Math.abs(result.model.bic - MCLUST_PRIOR_BEST.bic)).toBeLessThan(0.05);
    expect(result.options.prior).toBe('default');
    const types = new Set(
      result.selection.table.map((row: { covarianceType: string }) => row.covarianceType),
    );
    expect([...types].sort()).toEqual(['EEE', 'EEI', 'EEV', 'EII', 'EVI', 'VEI', 'VEV', 'VII', 'VVI', 'VVV']);
  }, 120_000);

  it('says so in the summary', async () => {
    const { code, stdout } = await em(['fit', FAITHFUL, '--prior', 'default', '-k', '3', '-c', 'EEE']);
    expect(code).toBe(0);
    expect(stdout).toContain("prior mclust's default");
  });

  it('refuses scikit-learn’s names, models without a prior, --stream and other values (exit 2)', async () => {
    for (const [args, message] of [
      [['--prior', 'default', '-c', 'full'], /use --covariance mclust/],
      [['--prior', 'default', '-c', 'VEE,EVV'], /no conjugate prior for VEE, EVV/],
      [['--prior', 'default', '-c', 'VVV', '--stream'], /drop --stream/],
      [['--prior', 'dirichlet_process'], /need --bayesian/],
    ] as const) {
      const { code, stderr } = await em(['fit', FAITHFUL, ...args]);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    }
  });
});
