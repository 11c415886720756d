import { beforeAll, describe, expect, it } from 'vitest';
import { type CovarianceType, type ModelSelection, ModelSelectionError, selectModel } from '../src/index.js';
import mclust from './fixtures/mclust-faithful.json' with { type: 'json' };

// Old Faithful: waiting times are whole minutes and 14 eruptions waited exactly 83, so a diagonal
// component can sit on them with a waiting variance of regCovar. Its likelihood is then unbounded
// (BIC 2220.66, far below everything else); mclust, which does not regularise, cannot fit it.
const X = mclust.X;
const options = { nInit: 10, tol: 1e-6, maxIter: 1000, randomState: 0 } as const;
const mclustBic = (type: CovarianceType) => mclust.table.find((row) => row.covarianceType === type)!.bic;

describe('selectModel on Old Faithful against mclust 6.0 (VVV/EEE/VVI/VII, K = 1..9)', () => {
  let selection: ModelSelection;
  beforeAll(() => {
    selection = selectModel(X, { ...options, keepModels: true });
  }, 300_000);

  it('flags the diag K = 5 fit whose component sits on the 14 waits of exactly 83 minutes', () => {
    const at = selection.table.findIndex((row) => row.covarianceType === 'diag' && row.nComponents === 5);
    const row = selection.table[at]!;
    expect(row.status).toBe('fitted');
    expect(row.collapsed).toBe(true);
    // It would have won: it is the lowest BIC of the table by far.
    expect(row.bic).toBe(Math.min(...selection.table.map((r) => r.bic!)));
    expect(row.bic!).toBeLessThan(mclust.best.bic - 50);
    const { component, feature, variance } = row.collapse!;
    expect(mclust.columns[feature]).toBe('waiting');
    expect(variance).toBeLessThanOrEqual(10 * 1e-6);
    const model = selection.models![at]!;
    expect(model.means[component]![1]).toBeCloseTo(83, 6);
    const waited83 = X.filter((x) => x[1] === 83).length;
    expect(waited83).toBe(14);
    expect(model.weights[component]! * X.length).toBeCloseTo(waited83, 0);
  });

  it('chooses mclust’s best model, EEE (tied) with 3 components', () => {
    expect(mclust.best).toMatchObject({ covarianceType: 'tied', nComponents: 3 });
    expect(selection.best).toMatchObject({ covarianceType: 'tied', nComponents: 3 });
    // Ten k-means restarts reach a slightly higher likelihood than mclust's hierarchical start.
    expect(selection.best.value).toBeLessThanOrEqual(mclust.best.bic + 1e-6);
    expect(selection.best.value).toBeGreaterThan(mclust.best.bic - 0.05);
    expect(selection.table[selection.best.index]!.collapsed).toBe(false);
    // Every cell that beats it is collapsed, i.e. NA-worthy.
    for (const row of selection.table) {
      if (row.bic! < selection.best.value)
        expect(row.collapsed, `${row.covarianceType} K=${row.nComponents}`).toBe(true);
    }
  });

  it('agrees with mclust where the fit is in closed form (K = 1)', () => {
    for (const type of selection.covarianceTypes) {
      expect(selection.values[type][0]).toBeCloseTo(mclustBic(type as CovarianceType)[0]!, 6);
    }
  });

  it('collapsed fits keep their criterion and can be chosen with includeCollapsed', () => {
    const single = { ...options, covarianceTypes: ['diag'] as CovarianceType[], nComponents: [5] };
    const included = selectModel(X, { ...single, includeCollapsed: true });
    expect(included.best.value).toBe(selection.values.diag[4]);
    expect(included.table[0]!.collapsed).toBe(true);
    let thrown: unknown;
    try {
      selectModel(X, single);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelSelectionError);
    expect((thrown as ModelSelectionError).reason).toBe('collapsed');
    expect((thrown as ModelSelectionError).message).toMatch(/includeCollapsed: true/);
    expect((thrown as ModelSelectionError).table[0]!.bic).toBe(selection.values.diag[4]);
  });
});
