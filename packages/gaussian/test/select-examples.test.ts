import { describe, expect, it } from 'vitest';
import {
  findCollapse,
  GaussianMixture,
  type ModelScore,
  ModelSelectionError,
  selectModel,
  selectModelAsync,
} from '../src/index.js';
import { TWO_TIGHT_GROUPS } from './two-groups.js';

// The TSDoc @examples of select.ts, select-error.ts and collapse.ts, run.
describe('selectModel TSDoc examples', () => {
  it('selectModelAsync', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const selection = await selectModelAsync([0, 0.3, 0.6, 8, 8.3, 8.6], {
      nComponents: [1, 2, 3],
      randomState: 0,
      signal: controller.signal,
      onModel: ({ index, total }) => {
        lines.push(`${index + 1}/${total} models fitted`);
      },
    });
    expect(selection.best.nComponents).toBe(2);
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe('12/12 models fitted');
  });

  it('the README snippet', () => {
    const X = TWO_TIGHT_GROUPS;
    const lines: unknown[][] = [];
    const { table, best } = selectModel(X, {
      nComponents: [1, 2, 3],
      randomState: 0,
      onModel: ({ index, total, score }) => {
        lines.push([`${index + 1}/${total}`, score.status, score.bic]);
      },
    });
    expect(lines).toHaveLength(12);
    expect(lines.map((line) => line[2])).toEqual(table.map((row) => row.bic));
    expect(table.filter((row) => row.collapsed)).toEqual([]);
    expect(Array.from(best.model.predict(X))).toHaveLength(20);
  });

  it('ModelProgress and ModelScore', () => {
    const shown: string[] = [];
    const show = (row: ModelScore) =>
      `${row.covarianceType} K=${row.nComponents}: ${row.collapsed ? 'collapsed' : (row.bic ?? 'NA')}`;
    selectModel([0, 0.3, 0.6, 8, 8.3, 8.6], {
      nComponents: [1, 2],
      randomState: 0,
      onModel: ({ score }) => {
        shown.push(show(score));
      },
    });
    expect(shown).toHaveLength(8);
    expect(shown[0]).toMatch(/^full K=1: \d/);
  });

  it('ModelSelectionError', () => {
    let caught: unknown;
    try {
      selectModel([1, 2], { nComponents: [3] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelSelectionError);
    const error = caught as ModelSelectionError;
    expect(error.reason).toBe('failed');
    // Four covariance types, one reason.
    expect(error.table).toHaveLength(4);
    expect(error.table[0]?.error).toBe('fewer samples (2) than components (3)');
    expect(error.message).toBe(
      'Every model of the grid failed to fit: fewer samples (2) than components (3) Increase regCovar, try fewer components, or check the data for duplicated points.',
    );
  });

  it('findCollapse', () => {
    const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'spherical', randomState: 0 }).fit([
      1, 2, 7, 7, 7,
    ]);
    const collapse = findCollapse(gmm.covarianceType, gmm.covariances, gmm.nFeatures, 1e-6);
    expect(collapse).toEqual({ component: 1, variance: 1e-6, direction: [1], feature: 0 });
  });
});
