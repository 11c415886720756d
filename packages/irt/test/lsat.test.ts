// LSAT (Bock & Lieberman 1970), against the results ltm prints for it (Rizopoulos 2006, J. Stat. Softw.
// 17(5); the same numbers appear in every ltm summary of rasch(LSAT) and ltm(LSAT ~ z1), which report
// "Gauss-Hermite, quadrature points: 21") and against a direct optimiser (scipy L-BFGS, no EM).
import { describe, expect, it } from 'vitest';
import { ItemResponseModel, LSAT } from '../src/index.js';
import scipy from './fixtures/scipy-optima.json' with { type: 'json' };

const fit = (itemType: 'Rasch' | '1PL' | '2PL') =>
  new ItemResponseModel({ itemType }).fit(LSAT.patterns, { weights: LSAT.frequencies });

/** |x − printed| within half a unit of the printed precision (plus rounding slack). */
const printed = (x: number, value: number, decimals: number) =>
  expect(Math.abs(x - value)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);

describe('the LSAT table', () => {
  it('has 1000 examinees, 32 patterns and the published proportions correct', () => {
    expect(LSAT.patterns).toHaveLength(32);
    expect(LSAT.frequencies.reduce((s, n) => s + n, 0)).toBe(1000);
    const correct = [0, 1, 2, 3, 4].map(
      (j) => LSAT.patterns.reduce((s, row, p) => s + row[j]! * LSAT.frequencies[p]!, 0) / 1000,
    );
    expect(correct).toEqual([0.924, 0.709, 0.553, 0.763, 0.87]);
    // 30 patterns observed (ltm's factor.scores lists 30 rows): 01010 and 01100 nobody gave.
    expect(LSAT.frequencies.filter((n) => n > 0)).toHaveLength(30);
  });
});

describe("rasch(LSAT): ltm's Rasch model has ONE COMMON, FREE discrimination = our '1PL'", () => {
  const model = fit('1PL');
  it('log.Lik −2466.938, AIC 4945.875, BIC 4975.322', () => {
    printed(model.logLikelihood, -2466.938, 3);
    printed(model.aic(), 4945.875, 3);
    printed(model.bic(), 4975.322, 3);
    expect(model.nParameters()).toBe(6);
  });
  it('Dffclt and Dscrmn with their standard errors, to the 4 printed decimals', () => {
    const irt = model.irtParameters();
    const se = model.standardErrors('irt');
    const dffclt = [-3.6153, -1.3224, -0.3176, -1.7301, -2.7802];
    const dffcltSE = [0.3266, 0.1422, 0.0977, 0.1691, 0.251];
    irt.forEach((item, j) => {
      printed(item.difficulties[0]!, dffclt[j]!, 4);
      printed(item.discrimination!, 0.7551, 4);
      printed(se[j]!.difficulties[0]!, dffcltSE[j]!, 4);
      printed(se[j]!.discrimination!, 0.0694, 4);
    });
  });
  it("mirt's fit with its 61-point rectangular quadrature: logLik −2466.938, a1 0.755, d 2.730 0.999 0.240 1.307 2.100", () => {
    // mirt(expand.table(LSAT6), 'F = 1-5\n CONSTRAIN = (1-5, a1)'), coef(mod, simplify = TRUE)
    const mirt = new ItemResponseModel({
      itemType: '1PL',
      quadrature: 'rectangular',
      quadraturePoints: 61,
    }).fit(LSAT.patterns, { weights: LSAT.frequencies });
    printed(mirt.logLikelihood, -2466.938, 3);
    // mirt stops EM when parameters change by less than 1e-4, so its third decimal can be one off:
    // item 4's d is 1.30645 here and 1.307 there.
    const d = [2.73, 0.999, 0.24, 1.307, 2.1];
    mirt.items.forEach((item, j) => {
      printed(item.slope!, 0.755, 3);
      expect(Math.abs(item.intercepts[0]! - d[j]!)).toBeLessThan(1e-3);
    });
  });
});

describe("Rasch with the discrimination fixed at 1 (our 'Rasch')", () => {
  it('log-likelihood −2473.054 (irtQ est_irt, 1PLM with a = 1, prints the same)', () => {
    const model = fit('Rasch');
    printed(model.logLikelihood, -2473.054, 3);
    expect(model.nParameters()).toBe(5);
    expect(model.items.every((item) => item.slope === 1)).toBe(true);
  });
  it('fits worse than the free common slope, as the likelihood-ratio test in ltm says', () => {
    expect(fit('Rasch').logLikelihood).toBeLessThan(fit('1PL').logLikelihood);
  });
});

describe('ltm(LSAT ~ z1) = our 2PL', () => {
  const model = fit('2PL');
  it('log.Lik −2466.653, AIC 4953.307, BIC 5002.384', () => {
    printed(model.logLikelihood, -2466.653, 3);
    printed(model.aic(), 4953.307, 3);
    printed(model.bic(), 5002.384, 3);
  });
  it('reaches the optimum scipy finds by direct L-BFGS on the same 21-point likelihood (to 1e-12 relative)', () => {
    const ref = scipy.lsat2PL;
    expect(Math.abs(model.logLikelihood - ref.logLikelihood) / Math.abs(ref.logLikelihood)).toBeLessThan(
      1e-12,
    );
    model.items.forEach((item, j) => {
      expect(item.slope).toBeCloseTo(ref.slopes[j]!, 5);
      expect(item.intercepts[0]).toBeCloseTo(ref.intercepts[j]![0]!, 5);
    });
  });
  it("item parameters agree with ltm's printed ones to 3e-3; ltm stopped short of the optimum", () => {
    // ltm prints max(|grad|) = 0.024 for this fit: its default 40 EM iterations are followed by a BFGS
    // that stops after 2 gradients (relative change < 1e-8), 7.4e-6 below the maximum of the
    // log-likelihood, which is flat along items 1 and 5's difficulties, so its 4th decimals differ.
    // With 500 EM iterations ltm reaches our optimum to 1.6e-6: see ltm.test.ts.
    const a = [0.8254, 0.7229, 0.8905, 0.6886, 0.6575];
    const b = [-3.3597, -1.3696, -0.2799, -1.8659, -3.1236];
    const aSE = [0.2581, 0.1867, 0.2326, 0.1852, 0.21];
    const bSE = [0.8669, 0.3073, 0.0997, 0.4341, 0.87];
    const irt = model.irtParameters();
    const se = model.standardErrors('irt');
    irt.forEach((item, j) => {
      expect(Math.abs(item.discrimination! - a[j]!)).toBeLessThan(1e-3);
      expect(Math.abs(item.difficulties[0]! - b[j]!)).toBeLessThan(3e-3);
      expect(Math.abs(se[j]!.discrimination! - aSE[j]!)).toBeLessThan(1e-3);
      expect(Math.abs(se[j]!.difficulties[0]! - bSE[j]!)).toBeLessThan(3e-3);
    });
    const ltm = ItemResponseModel.fromItems(
      '2PL',
      a.map((slope, j) => ({ slope, intercepts: [-slope * b[j]!] })),
    );
    const atLtm = ltm.marginalLogLikelihood(LSAT.patterns, { weights: LSAT.frequencies });
    printed(atLtm, -2466.653, 3);
    expect(model.logLikelihood).toBeGreaterThan(atLtm);
  });
  it("MAP abilities and SEs match ltm's factor.scores (method EB) to the printed 3 decimals (±1e-3)", () => {
    const patterns = [
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 1, 0],
      [0, 0, 0, 1, 1],
      [1, 1, 0, 1, 1],
      [1, 1, 1, 0, 0],
      [1, 1, 1, 0, 1],
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 1],
    ];
    const z1 = [-1.895, -1.479, -1.46, -1.041, -0.022, -0.329, 0.117, 0.139, 0.606];
    const seZ1 = [0.795, 0.796, 0.796, 0.8, 0.827, 0.816, 0.832, 0.833, 0.855];
    const { theta, se } = model.scores(patterns, { method: 'MAP' });
    z1.forEach((value, i) => {
      expect(Math.abs(theta[i]! - value)).toBeLessThanOrEqual(1.5e-3);
      expect(Math.abs(se[i]! - seZ1[i]!)).toBeLessThanOrEqual(1.5e-3);
    });
  });
});
