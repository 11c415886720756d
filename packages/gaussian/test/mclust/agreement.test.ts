import { InvalidInputError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, classError } from '../../src/index.js';
import workflow from '../fixtures/mclust-hc-workflow.json' with { type: 'json' };

// Fixtures: scripts/make-mclust-hc-fixtures.R, mclust 6.0.0 on real partitions (iris species, hc and
// Mclust classifications, diabetes and banknote classes).
describe('adjustedRandIndex and classError against mclust', () => {
  for (const pair of workflow.agreement) {
    it(pair.name, () => {
      expect(adjustedRandIndex(pair.a, pair.b)).toBeCloseTo(pair.adjustedRandIndex, 13);
      const { misclassified, errorRate } = classError(pair.b, pair.a);
      expect(misclassified).toEqual(pair.classErrorPredictedB.misclassified.map((i) => i - 1));
      expect(errorRate).toBeCloseTo(pair.classErrorPredictedB.errorRate, 14);
    });
  }

  it('is symmetric and invariant to relabelling (ARI)', () => {
    const { a, b } = workflow.agreement[0]!;
    expect(adjustedRandIndex(b, a)).toBeCloseTo(adjustedRandIndex(a, b), 15);
    expect(
      adjustedRandIndex(
        a,
        a.map((label) => 10 - label),
      ),
    ).toBe(1);
  });

  it('rejects labels of different lengths, empty or non-finite labels', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(InvalidInputError);
    expect(() => classError([], [])).toThrow(InvalidInputError);
    expect(() => classError([0, Number.NaN], [0, 1])).toThrow(/row 1/);
  });
});
