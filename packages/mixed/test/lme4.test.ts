// Against lme4 1.1-31 (test/fixtures/make-lme4-fixtures.R): fixed effects, variance components and the
// log-likelihood / REML criterion to 1e-5 relative, ML and REML, on the data sets lme4 ships.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LinearMixedModel, type Table } from '../src/index.js';

interface Lme4Group {
  group: string;
  terms: string[];
  variance: number[];
  sd: number[];
  correlation: number[][];
  levels: string[];
  blups: number[][];
  condsd: number[][] | null;
}
interface Lme4Fit {
  name: string;
  formula: string;
  reml: boolean;
  fixedNames: string[];
  fixed: number[];
  se: number[];
  t: number[];
  sigma: number[];
  groups: Lme4Group[];
  logLik: number[];
  criterion: number[];
  aic: number[];
  bic: number[];
  df: number[];
  singular: boolean;
  fitted: number[];
  residuals: number[];
  predictRows: number[];
  predictFull: number[];
  predictFixed: number[];
}

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const fits: Lme4Fit[] = read('lme4-fits.json').fits;
const datasets: Record<string, Table> = read('lme4-datasets.json');

export const relClose = (actual: number, expected: number, rel: number, abs = 0) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + abs);

describe.each(fits)('$name $formula (REML $reml)', (ref) => {
  const data = datasets[ref.name.replace('-diagonal', '')]!;
  const fit = new LinearMixedModel({ reml: ref.reml }).fit(ref.formula, data);

  it('fixed effects, standard errors and t values to 1e-5', () => {
    const fe = fit.fixedEffects();
    expect(fe.map((f) => f.name)).toEqual(ref.fixedNames);
    fe.forEach((f, j) => {
      relClose(f.estimate, ref.fixed[j]!, 1e-5);
      relClose(f.stdError, ref.se[j]!, 1e-5);
      relClose(f.tValue, ref.t[j]!, 1e-5);
    });
  });

  it('variance components (SDs, correlations, σ) to 1e-5', () => {
    const vc = fit.varCorr();
    relClose(vc.residual.sd, ref.sigma[0]!, 1e-5);
    // lme4 splits (x || g) into g and g.1; ours is one factor with a diagonal covariance.
    const sds = vc.groups.flatMap((g) => g.sd);
    const refSds = ref.groups.flatMap((g) => g.sd);
    expect(sds).toHaveLength(refSds.length);
    sds.forEach((s, i) => {
      relClose(s, refSds[i]!, 1e-5);
    });
    expect(vc.groups.map((g) => g.group)).toEqual([
      ...new Set(ref.groups.map((g) => g.group.replace(/\.\d+$/, ''))),
    ]);
    for (const [k, g] of ref.groups.entries()) {
      if (g.terms.length < 2) continue;
      const ours = vc.groups[k]!;
      for (let a = 0; a < g.terms.length; a++)
        for (let c = 0; c < g.terms.length; c++)
          relClose(ours.correlation[a]![c]!, g.correlation[a]![c]!, 1e-5);
    }
  });

  it('log-likelihood, REML criterion / deviance, AIC and BIC to 1e-5', () => {
    relClose(fit.logLikelihood, ref.logLik[0]!, 1e-5);
    relClose(ref.reml ? fit.remlCriterion : fit.deviance, ref.criterion[0]!, 1e-5);
    relClose(fit.aic(), ref.aic[0]!, 1e-5);
    relClose(fit.bic(), ref.bic[0]!, 1e-5);
    expect(fit.nParameters()).toBe(ref.df[0]);
    expect(fit.isSingular()).toBe(ref.singular);
  });

  it('conditional modes and conditional SDs, fitted values, residuals and predictions', () => {
    const ours = fit.ranef();
    const scale = Math.max(...ref.groups.flatMap((g) => g.sd));
    for (const g of ref.groups) {
      const mine = ours.find((o) => o.group === g.group.replace(/\.\d+$/, ''))!;
      g.levels.forEach((level, l) => {
        const at = mine.levels.indexOf(level);
        expect(at).toBeGreaterThanOrEqual(0);
        g.terms.forEach((t, a) => {
          const col = mine.terms.indexOf(t);
          relClose(mine.values[at]![col]!, g.blups[l]![a]!, 1e-4, 1e-5 * scale);
          if (g.condsd) relClose(mine.condSd[at]![col]!, g.condsd[l]![a]!, 1e-4);
        });
      });
    }
    const fitted = fit.fittedValues();
    const residuals = fit.residuals();
    ref.fitted.forEach((v, i) => {
      relClose(fitted[i]!, v, 1e-6);
      relClose(residuals[i]!, ref.residuals[i]!, 1e-4, 1e-6 * Math.abs(v));
    });
    const rows = ref.predictRows;
    const newdata = Object.fromEntries(
      Object.entries(data).map(([k, col]) => [k, rows.map((i) => col[i]!)]),
    ) as Table;
    fit.predict(newdata).forEach((v, i) => {
      relClose(v, ref.predictFull[i]!, 1e-6);
    });
    fit.predict(newdata, { random: false }).forEach((v, i) => {
      relClose(v, ref.predictFixed[i]!, 1e-6);
    });
  });
});
