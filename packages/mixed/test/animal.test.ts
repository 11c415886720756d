// The animal model on simulated pedigree data: h² (and σ²ₐ, σ²ₑ, β, the log-likelihood) against a
// direct REML / ML maximiser written with numpy and scipy (test/fixtures/make-animal-fixture.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { additiveRelationship, LinearMixedModel } from '../src/index.js';

const fx = JSON.parse(readFileSync(new URL('./fixtures/animal-model.json', import.meta.url), 'utf8'));
const A = additiveRelationship(fx.pedigree);
const close = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe.each([true, false])('animal model, REML %s', (reml) => {
  const ref = fx[reml ? 'reml' : 'ml'];
  const fit = new LinearMixedModel({ reml, relationships: { animal: A } }).fit(
    'y ~ sex + (1 | animal)',
    fx.records,
  );

  it('h² to 1e-5 and its standard error to 1e-4 of scipy’s direct maximiser', () => {
    const h = fit.heritability()!;
    expect(h.group).toBe('animal');
    close(h.h2, ref.h2, 1e-5);
    expect(h.se).not.toBeNull();
    close(h.se!, ref.se, 1e-4);
    close(h.varianceA, ref.s2a, 1e-5);
    close(h.varianceTotal, ref.s2a + ref.s2e, 1e-5);
  });

  it('variance components, fixed effects and the log-likelihood', () => {
    close(fit.varCorr().groups[0]!.variance[0]!, ref.s2a, 1e-5);
    close(fit.sigma ** 2, ref.s2e, 1e-5);
    fit.fixedEffects().forEach((f, j) => {
      close(f.estimate, ref.beta[j], 1e-6);
    });
    close(fit.logLikelihood, ref.logLik, 1e-9);
    expect(fit.varCorr().groups[0]!.relationship).toBe(true);
    // Breeding values exist for the 40 unrecorded founders too.
    expect(fit.ranef()[0]!.levels).toHaveLength(280);
    expect(fit.warnings).toEqual([]);
  });
});

describe('additiveRelationship', () => {
  it('matches the fixture’s independently built A on known relationships', () => {
    const at = (a: string, b: string) => A.matrix[A.levels.indexOf(a)]![A.levels.indexOf(b)]!;
    const ped = fx.pedigree;
    const i = ped.id.indexOf('G2_1');
    const sire = ped.sire[i];
    const dam = ped.dam[i];
    expect(at('G2_1', sire)).toBeCloseTo(0.5 * (at(sire, sire) + at(sire, dam)), 12);
    expect(at('F1', 'F2')).toBe(0);
    expect(at('F1', 'F1')).toBe(1);
  });

  it('inbreeding: the offspring of half sibs has a_ii = 1 + 1/8', () => {
    const A2 = additiveRelationship({
      id: ['s', 'd1', 'd2', 'x', 'y', 'z'],
      sire: [null, null, null, 's', 's', 'x'],
      dam: [null, null, null, 'd1', 'd2', 'y'],
    });
    expect(A2.matrix[5]![5]).toBe(1.125);
    expect(A2.matrix[3]![4]).toBe(0.25);
  });

  it('offspring listed before parents, and pedigree errors', () => {
    const A3 = additiveRelationship({ id: ['o', 's', 'd'], sire: ['s', null, null], dam: ['d', null, null] });
    expect(A3.matrix[0]).toEqual([1, 0.5, 0.5]);
    expect(() => additiveRelationship({ id: ['a', 'a'], sire: [null, null], dam: [null, null] })).toThrow(
      /distinct/,
    );
    expect(() => additiveRelationship({ id: ['a'], sire: ['x'], dam: [null] })).toThrow(
      /pedigree\.sire at row 0/,
    );
    expect(() => additiveRelationship({ id: ['a', 'b'], sire: ['b', 'a'], dam: [null, null] })).toThrow(
      /own ancestors/,
    );
  });
});

describe('a design that cannot separate σ²ₐ from σ²ₑ', () => {
  // Unrelated animals with one record each: A = I, so only σ²ₐ + σ²ₑ is identified (it is the sample
  // variance of y, with n − 1 under REML and n under ML). The information is singular: h² has no SE.
  const id = ['a', 'b', 'c', 'd', 'e', 'f'];
  const A = additiveRelationship({ id, sire: id.map(() => null), dam: id.map(() => null) });
  const y = [1, 3, 2, 5, 4, 7];
  const squares = y.reduce((s, v) => s + (v - 22 / 6) ** 2, 0);
  it.each([true, false])('REML %s: the total variance in closed form, se null (not NaN)', (reml) => {
    const h = new LinearMixedModel({ reml, relationships: { animal: A } })
      .fit('y ~ 1 + (1 | animal)', { y, animal: id })
      .heritability()!;
    close(h.varianceTotal, squares / (reml ? 5 : 6), 1e-6);
    expect(h.se).toBeNull();
  });
  it('the null se survives toJSON / fromJSON', () => {
    const fit = new LinearMixedModel({ relationships: { animal: A } }).fit('y ~ 1 + (1 | animal)', {
      y,
      animal: id,
    });
    expect(LinearMixedModel.fromJSON(JSON.stringify(fit)).heritability()!.se).toBeNull();
  });
});
