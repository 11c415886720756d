// Adversarial inputs: arbitrary shapes, extreme finite values, NaN/±Infinity, hostile strings and
// tampered JSON. Every outcome is a typed EMError or a finite, consistent fit — never anything else.
import { EMError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinearMixedModel, parseFormula, sleepstudy } from '../src/index.js';

const runs = process.env.CI ? 60 : 150;

function typedOrFinite(f: () => LinearMixedModel, y: ArrayLike<number>) {
  let fit: LinearMixedModel;
  try {
    fit = f();
  } catch (error) {
    expect(error).toBeInstanceOf(EMError);
    return;
  }
  expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  expect(fit.sigma).toBeGreaterThan(0);
  for (const g of fit.varCorr().groups) for (const v of g.variance) expect(v).toBeGreaterThanOrEqual(0);
  for (const e of fit.fixedEffects()) expect(Number.isFinite(e.estimate)).toBe(true);
  const fitted = fit.fittedValues();
  const residuals = fit.residuals();
  for (let i = 0; i < y.length; i++) {
    expect(Number.isFinite(fitted[i]!)).toBe(true);
    expect(Math.abs(fitted[i]! + residuals[i]! - y[i]!)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(y[i]!)));
  }
}

const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(0, 1e300, -1e300, 1e-300, Number.NaN, Number.POSITIVE_INFINITY) },
);
const label = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd'),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: 0, max: 3 }),
);

describe('adversarial', () => {
  it('arbitrary tables through the formula interface', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) =>
          fc.record({
            y: fc.array(value, { minLength: n, maxLength: n }),
            x: fc.array(value, { minLength: n, maxLength: n }),
            g: fc.array(label, { minLength: n, maxLength: n }),
            h: fc.array(label, { minLength: n, maxLength: n }),
          }),
        ),
        fc.constantFrom(
          'y ~ 1 + (1 | g)',
          'y ~ x + (x | g)',
          'y ~ x + (1 | g) + (1 | h)',
          'y ~ x + (x || g)',
          'y ~ 0 + x + (1 | g/h)',
          'y ~ h + (1 | g)',
        ),
        fc.boolean(),
        (data, formula, reml) => {
          typedOrFinite(() => new LinearMixedModel({ reml, maxIter: 200 }).fit(formula, data), data.y);
        },
      ),
      { numRuns: runs },
    );
  });

  it('arbitrary matrices through the matrix interface', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }).chain((n) =>
          fc.record({
            y: fc.array(value, { minLength: n, maxLength: n }),
            X: fc.array(fc.array(value, { minLength: 1, maxLength: 3 }), { minLength: n, maxLength: n }),
            groups: fc.array(label, { minLength: n, maxLength: n }),
            Z: fc.option(
              fc.array(fc.array(value, { minLength: 2, maxLength: 2 }), { minLength: n, maxLength: n }),
            ),
          }),
        ),
        ({ y, X, groups, Z }) => {
          typedOrFinite(
            () =>
              new LinearMixedModel({ maxIter: 200 }).fitMatrices({
                y,
                X,
                random: [Z ? { groups, Z } : { groups }],
              }),
            y,
          );
        },
      ),
      { numRuns: runs },
    );
  });

  it('hostile formula strings: parsed, or a FormulaError/EMError', () => {
    const pieces = fc.constantFrom(
      'y',
      '~',
      '+',
      '-',
      '(',
      ')',
      '|',
      '||',
      ':',
      '*',
      '/',
      '1',
      '0',
      'x',
      'g',
      '`',
      ' ',
      '2',
      '$',
      '\u0000',
      'é',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(pieces, { maxLength: 20 }).map((p) => p.join('')),
          fc.string({ maxLength: 30 }),
        ),
        (text) => {
          try {
            const f = parseFormula(text);
            expect(typeof f.response.name).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(EMError);
          }
        },
      ),
      { numRuns: runs * 4 },
    );
    for (const bad of [undefined, null, 3, {}, `y ~ ${'('.repeat(5000)}`])
      expect(() => parseFormula(bad as never)).toThrow(EMError);
  });

  it('tampered JSON: a typed error, or a model that predicts finite values', () => {
    const text = JSON.stringify(new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy));
    const paths: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      if (paths.length > 400) return;
      paths.push(path);
      if (Array.isArray(v))
        v.slice(0, 3).forEach((x, i) => {
          walk(x, [...path, String(i)]);
        });
      else if (typeof v === 'object' && v !== null)
        for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(JSON.parse(text), []);
    fc.assert(
      fc.property(
        fc.constantFrom(...paths.filter((p) => p.length > 0)),
        fc.constantFrom<unknown>(null, -1, 0, 1e308, 'x', [], {}, [1, 2], true),
        (path, replacement) => {
          const j = JSON.parse(text);
          let at = j;
          for (const k of path.slice(0, -1)) at = at[k];
          at[path.at(-1)!] = replacement;
          try {
            const m = LinearMixedModel.fromJSON(j);
            const p = m.predict({ Days: [1], Subject: ['308'] }, { allowNewLevels: true });
            expect(p.every(Number.isFinite)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(EMError);
          }
        },
      ),
      { numRuns: runs * 2 },
    );
  });

  it('a large problem stays exact and fast enough: 20 000 rows × 500 groups', () => {
    const n = 20_000;
    let s = 7;
    const r = () => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647;
    };
    const g = Array.from({ length: n }, (_, i) => `g${i % 500}`);
    const x = Array.from({ length: n }, () => r());
    const u = Array.from({ length: 500 }, () => r() - 0.5);
    const w = Array.from({ length: 500 }, () => 0.5 * (r() - 0.5));
    const y = x.map((v, i) => 1 + (2 + w[i % 500]!) * v + u[i % 500]! + 0.1 * (r() - 0.5));
    const fit = new LinearMixedModel().fit('y ~ x + (x | g)', { y, x, g });
    expect(fit.optimizer.polishConverged).toBe(true);
    expect(fit.isSingular()).toBe(false);
    expect(fit.fixedEffects()[1]!.estimate).toBeCloseTo(2, 1);
  });
});
