import { describe, expect, it } from 'vitest';
import { type ModelSelection, PRIOR_MODELS, type PriorModelName, selectModel } from '../../src/index.js';
import fixtures from '../fixtures/mclust-models.json' with { type: 'json' };

/**
 * mclust 6.0's `Mclust(X, G = 1:9, prior = priorControl())` (scripts/make-mclust-bic-fixtures.R)
 * on its six data sets: the BIC of the ten models with a conjugate prior × K = 1..9, against
 * `selectModel(X, { prior: 'default' })` over the same grid (hc starts, mclust's sign).
 */
type Dataset = (typeof fixtures.datasets)[number];

const selections = new Map<string, ModelSelection>();
function select(ds: Dataset): ModelSelection {
  let selection = selections.get(ds.name);
  if (!selection) {
    selection = selectModel(ds.X, {
      covarianceTypes: PRIOR_MODELS,
      nComponents: ds.nComponents,
      prior: 'default',
    });
    selections.set(ds.name, selection);
  }
  return selection;
}

describe.each(
  fixtures.datasets.map((ds) => [ds.name, ds] as const),
)('mclust 6.0 with priorControl() on %s', (_name, ds) => {
  it('BIC within 0.05 of mclust in every cell, NA where mclust has NA', () => {
    const selection = select(ds);
    const report: string[] = [];
    for (const row of ds.prior.table) {
      const ours = selection.mclustValues[row.model as PriorModelName]!;
      row.values.forEach((reference, i) => {
        const value = ours[i]!;
        const where = `${row.model} K=${i + 1}`;
        if (reference === null || value === null) {
          if (reference !== value) report.push(`${where}: ours ${value} mclust ${reference}`);
        } else if (Math.abs(value - reference) >= 0.05)
          report.push(`${where}: ours ${value} mclust ${reference} diff ${value - reference}`);
      });
    }
    expect(report).toEqual([]);
  }, 300_000);

  it('selects the model and K mclust selects, with its BIC', () => {
    const selection = select(ds);
    expect([selection.best.covarianceType, selection.best.nComponents]).toEqual([
      ds.prior.model,
      ds.prior.nComponents,
    ]);
    expect(Math.abs(selection.top[0]!.mclustValue - ds.prior.bic)).toBeLessThan(0.05);
  }, 300_000);
});
