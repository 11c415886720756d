// Bad input: typed errors that say what was wrong and where, or explicit warnings.
import { EMError, InvalidInputError, InvalidOptionError, NotFittedError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { FormulaError, LinearMixedModel, parseFormula, sleepstudy } from '../src/index.js';

const fitOf = (formula: string, data = sleepstudy as Record<string, ArrayLike<number | string>>) =>
  new LinearMixedModel().fit(formula, data);

describe('formula syntax errors name the position', () => {
  it.each([
    ['Reaction ~ Days + (Days | )', 26, /grouping factor/],
    ['Reaction Days', 9, /'~'/],
    ['~ Days', 0, /response/],
    ['Reaction ~ Days + (Days | Subject', 33, /'\)'/],
    ['Reaction ~ Days + 2', 18, /'0' or '1'/],
    ['Reaction ~ Days $ x', 16, /column name/],
    ['Reaction ~ Days + (0 | Subject)', 21, /at least one random-effect term/],
    ['Reaction ~ - Days', 13, /only the intercept/],
    ['Reaction ~ Days +', 17, /column name/],
    ['Reaction ~ Days + `Subject', 18, /closing backtick/],
  ])('%s → position %i', (formula, position, message) => {
    const error = (() => {
      try {
        parseFormula(formula);
      } catch (e) {
        return e;
      }
    })() as FormulaError;
    expect(error).toBeInstanceOf(FormulaError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`\n  ${formula}\n  ${' '.repeat(position)}^`);
  });
});

describe('data problems', () => {
  it('unknown columns: FormulaError at the column, listing the table', () => {
    expect(() => fitOf('Reaction ~ Dayz + (Days | Subject)')).toThrow(
      /position 11: expected a column of the table \(Reaction, Days, Subject\), received unknown column "Dayz"/,
    );
    expect(() => fitOf('Reaction ~ Days + (Days | Subj)')).toThrow(FormulaError);
    expect(() => fitOf('RT ~ Days + (Days | Subject)')).toThrow(/position 0/);
  });

  it('rank-deficient fixed effects name the columns', () => {
    const data = {
      ...sleepstudy,
      Hours: sleepstudy.Days.map((d) => 24 * d),
      Zero: sleepstudy.Days.map(() => 0),
    };
    expect(() => fitOf('Reaction ~ Days + Hours + (1 | Subject)', data)).toThrow(
      /rank deficient: column "Hours" is a linear combination of the columns before/,
    );
    expect(() => fitOf('Reaction ~ Days + Hours + Zero + (1 | Subject)', data)).toThrow(
      /columns "Hours", "Zero" are/,
    );
    const error = (() => {
      try {
        fitOf('Reaction ~ Days + Hours + (1 | Subject)', data);
      } catch (e) {
        return e as InvalidInputError;
      }
    })()!;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.argument).toBe('fixed effects');
  });

  it('non-finite values and ragged tables name the row and column', () => {
    const bad = { ...sleepstudy, Reaction: sleepstudy.Reaction.map((r, i) => (i === 7 ? Number.NaN : r)) };
    expect(() => fitOf('Reaction ~ Days + (1 | Subject)', bad)).toThrow(/data\.Reaction at row 7/);
    const ragged = { ...sleepstudy, Days: sleepstudy.Days.slice(1) };
    expect(() => fitOf('Reaction ~ Days + (1 | Subject)', ragged)).toThrow(/data\.Days: expected 180 values/);
    expect(() => new LinearMixedModel().fit('y ~ 1 + (1 | g)', [] as never)).toThrow(InvalidInputError);
    expect(() => fitOf('Reaction ~ Days')).toThrow(/at least one random-effect term/);
  });

  it('as many levels as observations, or more random effects than observations: lme4’s errors', () => {
    const data = { y: [1, 2, 3, 4], g: ['a', 'b', 'c', 'd'] };
    expect(() => fitOf('y ~ 1 + (1 | g)', data)).toThrow(
      /fewer levels than observations \(4\), received "4 levels"/,
    );
    const slopes = { y: [1, 2, 3, 4, 5, 6], x: [0, 1, 0, 1, 0, 1], g: ['a', 'a', 'b', 'b', 'c', 'c'] };
    expect(() => fitOf('y ~ x + (x | g)', slopes)).toThrow(/more observations than random effects/);
  });

  it('levels with a single observation: an explicit warning', () => {
    const data = { y: [1, 2, 3, 4, 8, 5, 6, 2.5, 3.5], g: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'd', 'd'] };
    const fit = fitOf('y ~ 1 + (1 | g)', data);
    const w = fit.warnings.find((x) => x.code === 'single-observation-groups')!;
    expect(w.message).toMatch(/1 of 4 levels of g have a single observation \(c\)/);
  });

  it('singular fits: a boundary estimate reported as lme4 does', () => {
    // Every group has the same mean: the between-group variance is estimated at zero.
    const data = { y: [1, 3, 0, 4, 2, 2, 1.5, 2.5], g: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'] };
    for (const reml of [true, false]) {
      const fit = new LinearMixedModel({ reml }).fit('y ~ 1 + (1 | g)', data);
      expect(fit.isSingular()).toBe(true);
      expect(fit.varCorr().groups[0]!.sd[0]!).toBeLessThan(1e-3 * fit.sigma);
      expect(fit.warnings.find((w) => w.code === 'singular')!.message).toMatch(/^boundary \(singular\) fit/);
      expect(fit.summary()).toContain('boundary (singular) fit: see isSingular()');
      expect(fit.fixedEffects()[0]!.estimate).toBeCloseTo(2, 8);
      // The boundary is the optimum: σ² is then the ordinary (REML: n − 1) variance.
      const ss = data.y.reduce((s, v) => s + (v - 2) ** 2, 0);
      expect(fit.sigma ** 2).toBeCloseTo(ss / (reml ? 7 : 8), 5);
    }
  });

  it('options, matrices and unfitted models', () => {
    expect(() => new LinearMixedModel({ acceleration: 'fast' as never })).toThrow(InvalidOptionError);
    expect(() => new LinearMixedModel({ reml: 'yes' as never })).toThrow(/reml/);
    expect(() => new LinearMixedModel({ maxIter: 0 })).toThrow(InvalidOptionError);
    expect(() => new LinearMixedModel().logLikelihood).toThrow(NotFittedError);
    expect(() =>
      new LinearMixedModel({ relationships: { animal: { levels: ['a'], matrix: [[1]] } } }).fit(
        'Reaction ~ Days + (1 | Subject)',
        sleepstudy,
      ),
    ).toThrow(/keys naming grouping factors of the formula \(Subject\)/);
    const m = new LinearMixedModel();
    expect(() =>
      m.fitMatrices({ y: [1, 2, 3], X: [[1], [1]], random: [{ groups: ['a', 'a', 'b'] }] }),
    ).toThrow(/X: expected 3 rows/);
    expect(() => m.fitMatrices({ y: [1, 2, 3], X: [[1], [1], [1]], random: [] })).toThrow(/random/);
    expect(() =>
      m.fitMatrices({ y: [1, 2, 3], X: [[1], [1], [1]], random: [{ groups: ['a', 'b'] }] }),
    ).toThrow(/random\[0\]\.groups: expected 3 group labels/);
    const fit = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy);
    expect(() => fit.predict({ Days: [1], Subject: ['999'] })).toThrow(/row 0.*level seen in fitting/);
    expect(fit.predict({ Days: [1], Subject: ['999'] }, { allowNewLevels: true })).toEqual(
      fit.predict({ Days: [1], Subject: ['999'] }, { random: false }),
    );
    expect(() => fit.predictMatrices({ X: [[1]] })).toThrow(/2 columns/);
  });

  it('relationship matrices are checked', () => {
    const data = { y: [1, 2, 3, 4, 5, 6], animal: ['a', 'b', 'c', 'a', 'b', 'c'] };
    const fitWith = (matrix: number[][], levels = ['a', 'b', 'c']) =>
      new LinearMixedModel({ relationships: { animal: { levels, matrix } } }).fit(
        'y ~ 1 + (1 | animal)',
        data,
      );
    expect(() =>
      fitWith([
        [1, 0.5, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    ).toThrow(/symmetric matrix/);
    expect(() =>
      fitWith([
        [1, 1, 0],
        [1, 1, 0],
        [0, 0, 1],
      ]),
    ).toThrow(/positive definite/);
    expect(() =>
      fitWith([
        [1, 0],
        [0, 1],
      ]),
    ).toThrow(/3 × 3 matrix/);
    expect(() =>
      fitWith(
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        ['a', 'b', 'x'],
      ),
    ).toThrow(/a level of the relationship matrix of animal, received "c"/);
    expect(() =>
      new LinearMixedModel({ relationships: { g: { levels: ['a'], matrix: [[1]] } } }).fit(
        'Reaction ~ Days + (Days | g)',
        { ...sleepstudy, g: sleepstudy.Subject },
      ),
    ).toThrow(/random intercept only/);
  });

  it('every error is an EMError', () => {
    for (const f of [
      () => parseFormula(42 as never),
      () => fitOf('y ~ (1 | g)', { y: [1, 2, Number.POSITIVE_INFINITY], g: ['a', 'a', 'b'] }),
    ])
      expect(f).toThrow(EMError);
  });
});
