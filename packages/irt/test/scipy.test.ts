// Our EM against a direct optimiser: scipy's L-BFGS-B maximising the same 21-point Gauss–Hermite
// marginal log-likelihood (no EM), on 20 items × 5000 simulated persons. Fixture and the script that
// made it: scripts/make-scipy-fixtures.py → scipy-optima.json.
import { describe, expect, it } from 'vitest';
import { ItemResponseModel } from '../src/index.js';
import scipy from './fixtures/scipy-optima.json' with { type: 'json' };

const rows = (strings: string[]) => strings.map((s) => Array.from(s, Number));
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe.each([
  ['2PL', scipy.twoPL],
  ['graded', scipy.graded],
] as const)('%s, 20 items × 5000 persons', (itemType, ref) => {
  const model = new ItemResponseModel({ itemType, standardErrors: false, tol: 1e-9 }).fit(
    rows(ref.responses),
  );
  it('the same maximum of the log-likelihood, to 1e-6 relative (in fact ~1e-12)', () => {
    expect(model.converged).toBe(true);
    expect(Math.abs(model.logLikelihood - ref.logLikelihood) / Math.abs(ref.logLikelihood)).toBeLessThan(
      1e-6,
    );
    // EM is never worse than L-BFGS here by more than rounding.
    expect(model.logLikelihood).toBeGreaterThan(ref.logLikelihood - 1e-6);
  });
  it('the same parameters, to 1e-6 relative', () => {
    let worst = 0;
    model.items.forEach((item, j) => {
      worst = Math.max(worst, relative(item.slope!, ref.slopes[j]!));
      item.intercepts.forEach((d, k) => {
        worst = Math.max(worst, relative(d!, ref.intercepts[j]![k]!));
      });
    });
    expect(worst).toBeLessThan(1e-6);
  });
});
