import { describe, expect, it } from 'vitest';
import {
  defaultPrior,
  GaussianMixture,
  type MclustModelName,
  PRIOR_MODELS,
  type PriorInput,
  SingularCovarianceError,
  selectModel,
} from '../../src/index.js';
import models from '../fixtures/mclust-models.json' with { type: 'json' };
import fixtures from '../fixtures/mclust-prior.json' with { type: 'json' };

/**
 * mclust 6.0 with a conjugate prior (scripts/make-mclust-prior-fixtures.R): one-dimensional E and
 * V, hyperparameters given by hand, `defaultPrior`'s values, and the fits mclust cannot estimate
 * without a prior (scripts/make-mclust-bic-fixtures.R) that it can with one.
 */
type Row = { model: string; values: (number | null)[] };

function compare(
  reference: Row[],
  ours: Record<string, (number | null)[]>,
  rename = (m: string) => m,
): string[] {
  const report: string[] = [];
  for (const row of reference) {
    row.values.forEach((value, i) => {
      const mine = ours[rename(row.model)]![i]!;
      const where = `${row.model} K=${i + 1}`;
      if (value === null || mine === null) {
        if (value !== mine) report.push(`${where}: ours ${mine}, mclust ${value}`);
      } else if (!(Math.abs(mine - value) < 0.05)) report.push(`${where}: ours ${mine}, mclust ${value}`);
    });
  }
  return report;
}

const univariateName = (m: string) => (m === 'E' ? 'EII' : 'VII');

describe.each(Object.entries(fixtures.univariate))('one-dimensional %s, mclust E and V', (_name, set) => {
  const fit = (prior?: 'default') =>
    selectModel(set.X, {
      covarianceTypes: ['EII', 'VII'],
      initialClasses: (k) => set.startClasses[k - 1],
      ...(prior ? { prior } : {}),
    });

  it('with priorControl(): BIC within 0.05 of mclustBIC for K = 1..9, and its pick', () => {
    const selection = fit('default');
    expect(compare(set.prior, selection.mclustValues, univariateName)).toEqual([]);
    expect([selection.best.covarianceType, selection.best.nComponents]).toEqual([
      univariateName(set.best.model),
      set.best.nComponents,
    ]);
  });

  it('without a prior the same starts give mclust’s other table (the prior is what changes it)', () => {
    const selection = fit();
    expect(compare(set.noPrior, selection.mclustValues, univariateName)).toEqual([]);
    expect(compare(set.prior, selection.mclustValues, univariateName)).not.toEqual([]);
  });
});

describe('hyperparameters given by hand (priorControl(shrinkage, mean, dof, scale))', () => {
  it.each(fixtures.custom.map((c) => [c.models.join(','), c] as const))('%s on faithful', (_m, c) => {
    const selection = selectModel(fixtures.faithful, {
      covarianceTypes: c.models as MclustModelName[],
      nComponents: c.nComponents,
      prior: c.prior as PriorInput,
    });
    expect(compare(c.table, selection.mclustValues)).toEqual([]);
  });
});

describe('defaultPrior', () => {
  const data: Record<string, number[][] | number[]> = {
    faithful: fixtures.faithful,
    iris: models.datasets.find((d) => d.name === 'iris')!.X,
    waiting: fixtures.univariate.waiting.X,
  };
  it.each(
    fixtures.defaults.map((p) => [`${p.data} ${p.model} G=${p.nComponents}`, p] as const),
  )('equals mclust’s defaultPrior for %s', (_label, p) => {
    const model = (p.model === 'E' ? 'EII' : p.model === 'V' ? 'VII' : p.model) as MclustModelName;
    const ours = defaultPrior(data[p.data]!, p.nComponents, model);
    expect(ours.shrinkage).toBe(p.shrinkage);
    expect(ours.dof).toBe(p.dof);
    const mean = [p.mean].flat();
    for (const [j, m] of ours.mean.entries()) expect(m).toBeCloseTo(mean[j]!, 10);
    const scale = [p.scale].flat(2) as number[];
    const mine = [ours.scale].flat(2) as number[];
    expect(mine.length).toBe(scale.length);
    for (const [i, s] of mine.entries()) expect(s).toBeCloseTo(scale[i]!, 10);
  });
});

describe('fits mclust reports as NA without a prior have an answer with one', () => {
  const rescued = models.datasets.flatMap((ds) =>
    ds.bic.flatMap((row) =>
      row.values.flatMap((value, i) => {
        const withPrior = ds.prior.table.find((t) => t.model === row.model)?.values[i];
        return value === null && typeof withPrior === 'number'
          ? [
              [
                `${ds.name} ${row.model} K=${i + 1}`,
                ds,
                row.model as MclustModelName,
                i + 1,
                withPrior,
              ] as const,
            ]
          : [];
      }),
    ),
  );

  it('there are such cells in mclust’s tables (banknote VVI K = 8, 9; VVV K = 9; thyroid VVV K = 9)', () => {
    expect(rescued.map(([label]) => label).sort()).toEqual(
      ['banknote VVI K=8', 'banknote VVI K=9', 'banknote VVV K=9', 'thyroid VVV K=9'].sort(),
    );
  });

  it.each(
    rescued,
  )('%s: singular without the prior, mclust’s BIC with it', (_label, ds, model, k, reference) => {
    const options = { nComponents: k, covarianceType: model, initialClasses: ds.hcClasses[k - 1] };
    expect(() => new GaussianMixture(options).fit(ds.X)).toThrow(SingularCovarianceError);
    const gmm = new GaussianMixture({ ...options, prior: 'default' }).fit(ds.X);
    const n = ds.X.length;
    const bic = 2 * gmm.score(ds.X) * n - gmm.nParameters() * Math.log(n);
    expect(Math.abs(bic - reference)).toBeLessThan(0.05);
    expect(PRIOR_MODELS).toContain(model);
  });
});
