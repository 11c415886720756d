// Hostile input for every export of @em/mixed, in the shape of @em/testkit: each call ends in a typed
// EMError or a finite, consistent result — never a TypeError, a NaN, a hang or a contradictory model
// accepted from JSON. CI replays a fixed seed (test/setup.ts); local runs draw more.
import {
  adversarialRecorder,
  adversarialRuns,
  asyncPropertyTypedOrFinite,
  expectRefused,
  expectTypedError,
  expectTypedErrorAsync,
  extremeFinite,
  hostileMatrix,
  hostileNumber,
  hostileString,
  hostileValue,
  hugeSize,
  propertyTypedOrFinite,
  tamperedJson,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  additiveRelationship,
  LinearMixedModel,
  type MixedChunk,
  parseFormula,
  sleepstudy,
} from '../src/index.js';

const recorder = adversarialRecorder('@em/mixed');
const anyValue = fc.oneof(hostileValue, hostileNumber, hugeSize, hostileString);

/** What a fit reports, all finite; fitted + residuals give back y. */
function report(fit: LinearMixedModel) {
  return {
    logLikelihood: fit.logLikelihood,
    aic: fit.aic(),
    bic: fit.bic(),
    sigma: fit.sigma,
    fixed: fit.fixedEffects(),
    varCorr: fit.varCorr(),
    ranef: fit.ranef(),
    fitted: fit.fittedValues(),
    residuals: fit.residuals(),
    heritability: fit.heritability(), // its se is null, not NaN, when the information is singular
  };
}
const checkAgainst =
  (y: readonly unknown[]) =>
  ({ fitted, residuals, sigma, varCorr }: ReturnType<typeof report>) => {
    expect(sigma).toBeGreaterThan(0);
    for (const g of varCorr.groups) for (const v of g.variance) expect(v).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < y.length; i++)
      expect(Math.abs(fitted[i]! + residuals[i]! - (y[i] as number))).toBeLessThanOrEqual(
        1e-6 * (1 + Math.abs(y[i] as number)),
      );
  };

const SMALL = {
  y: [1.2, 2.3, 2.9, 4.1, 5.2, 5.8, 7.1, 8.3, 1.0, 2.2, 3.3, 3.9],
  x: [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6],
  g: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'd', 'd', 'd'],
};

describe('@em/mixed under hostile input', () => {
  it('arbitrary tables through the formula interface', () => {
    const column = fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.double({ min: -50, max: 50, noNaN: true }) },
        { weight: 1, arbitrary: fc.oneof(hostileNumber, extremeFinite, anyValue) },
      ),
      {
        minLength: 0,
        maxLength: 16,
      },
    );
    propertyTypedOrFinite(
      recorder,
      fc.record({
        y: column,
        x: column,
        g: fc.oneof(fc.array(fc.constantFrom('a', 'b', 'c', 'd', '\u0000', ''), { maxLength: 16 }), anyValue),
        formula: fc.constantFrom('y ~ x + (1 | g)', 'y ~ x + (x | g)', 'y ~ 1 + (1 | g)', 'y ~ x + (x || g)'),
      }),
      ({ formula, ...table }) => report(new LinearMixedModel({ maxIter: 200 }).fit(formula, table as never)),
      { numRuns: adversarialRuns(30, 100) },
    );
  });

  it('arbitrary records of an animal model: heritability finite, its se finite or null', () => {
    // Full sibs and unrelated animals: some draws identify σ²ₐ, some leave the information singular.
    const pedigree = {
      id: ['s', 'd', 'o1', 'o2', 'o3', 'o4', 'u1', 'u2'],
      sire: [null, null, 's', 's', 's', 's', null, null],
      dam: [null, null, 'd', 'd', 'd', 'd', null, null],
    };
    const A = additiveRelationship(pedigree);
    propertyTypedOrFinite(
      recorder,
      fc.record({
        y: fc.array(
          fc.oneof(
            { weight: 6, arbitrary: fc.double({ min: -50, max: 50, noNaN: true }) },
            { weight: 1, arbitrary: fc.oneof(hostileNumber, extremeFinite) },
          ),
          { minLength: 8, maxLength: 8 },
        ),
        reml: fc.boolean(),
      }),
      ({ y, reml }) =>
        report(
          new LinearMixedModel({ reml, maxIter: 200, relationships: { animal: A } }).fit(
            'y ~ 1 + (1 | animal)',
            {
              y,
              animal: pedigree.id,
            },
          ),
        ),
      {
        numRuns: adversarialRuns(30, 100),
        check: (r) => {
          const h = r.heritability!;
          expect(h.h2).toBeGreaterThanOrEqual(0);
          expect(h.h2).toBeLessThanOrEqual(1);
          if (h.se !== null) expect(h.se).toBeGreaterThanOrEqual(0);
        },
      },
    );
  });

  it('arbitrary matrices through the matrix interface', () => {
    propertyTypedOrFinite(
      recorder,
      fc.record({
        y: fc.oneof(fc.array(hostileNumber, { maxLength: 12 }), anyValue),
        X: hostileMatrix,
        levels: fc.oneof(fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 12 }), anyValue),
      }),
      ({ y, X, levels }) =>
        report(
          new LinearMixedModel({ maxIter: 200 }).fitMatrices({
            y,
            X,
            groups: [{ name: 'g', levels }],
          } as never),
        ),
      { numRuns: adversarialRuns(30, 100) },
    );
  });

  it('hostile formula strings and options', () => {
    const formula = fc.oneof(
      hostileString,
      fc.stringMatching(/^[a-z ~+*:|()1-]{0,30}$/),
      fc.constantFrom(
        'y ~ x + (1 | g)',
        `y ~ ${'('.repeat(500)}x${')'.repeat(500)} + (1 | g)`,
        'y ~ \u001b[2J + (1|g)',
      ),
    );
    const keys = ['reml', 'acceleration', 'polish', 'maxIter', 'tol', 'relationships', 'unknownOption'];
    propertyTypedOrFinite(
      recorder,
      fc.record({
        formula: fc.oneof(formula, anyValue),
        options: fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 2 }),
      }),
      ({ formula, options }) => {
        parseFormula(formula as string);
        return report(new LinearMixedModel(options as never).fit(formula as string, SMALL));
      },
      { check: checkAgainst(SMALL.y) },
    );
  });

  it('every method of a fitted model, and additiveRelationship, given anything', () => {
    const fit = new LinearMixedModel().fit('y ~ x + (x | g)', SMALL);
    propertyTypedOrFinite(
      recorder,
      fc.record({
        call: fc.nat({ max: 2 }),
        a: fc.oneof(
          anyValue,
          fc.record({
            x: fc.array(fc.oneof(hostileNumber, extremeFinite), { maxLength: 3 }),
            g: fc.array(fc.oneof(fc.constantFrom('a', 'zz'), hostileString), { maxLength: 3 }),
          }),
        ),
        b: fc.oneof(
          fc.constant(undefined),
          anyValue,
          fc.record({ random: anyValue, allowNewLevels: anyValue }),
        ),
      }),
      ({ call, a, b }) =>
        call === 0
          ? fit.predict(a as never, b as never)
          : call === 1
            ? fit.predictMatrices(a as never)
            : additiveRelationship(a as never).matrix,
    );
  });

  it('tampered JSON: refused with a typed error, or a model that predicts finite values', () => {
    const saved = JSON.parse(JSON.stringify(new LinearMixedModel().fit('y ~ x + (x | g)', SMALL)));
    propertyTypedOrFinite(
      recorder,
      tamperedJson(saved),
      ({ document }) => {
        const model = LinearMixedModel.fromJSON(document);
        return {
          ...report(model),
          predicted: model.predict({ x: [1, 2], g: ['a', 'b'] }),
          summary: model.summary(),
        };
      },
      { numRuns: adversarialRuns(80, 300) },
    );
  });
});

// The cases found while auditing, kept as regression tests.
describe('@em/mixed: regression cases of the audit', () => {
  type Saved = ReturnType<LinearMixedModel['toJSON']>;
  const saved = (): Saved =>
    JSON.parse(JSON.stringify(new LinearMixedModel().fit('y ~ x + (x | g)', SMALL))) as Saved;
  const cases: [string, (j: Saved) => void][] = [
    [
      'json.state.cov[0][0][0]',
      (j) => {
        j.state.cov[0]![0]![0] = -1;
      },
    ],
    [
      'json.state.cov[0][1][0]',
      (j) => {
        j.state.cov[0]![1]![0]! += 1;
      },
    ],
    [
      'json.state.cov[0][1][0]',
      (j) => {
        const c = j.state.cov[0]!;
        c[1]![0] = c[0]![1] = 10 * Math.sqrt(c[0]![0]! * c[1]![1]!);
      },
    ],
    [
      'json.state.vcov[1][1]',
      (j) => {
        j.state.vcov[1]![1] = -1;
      },
    ],
    [
      'json.state.condSd[0][0][0]',
      (j) => {
        j.state.condSd[0]![0]![0] = -1;
      },
    ],
    [
      'json.state.factors[0].relationship',
      (j) => {
        (j.state.factors[0] as { relationship: unknown }).relationship = null;
      },
    ],
    [
      'json.state.optimizer.eSteps',
      (j) => {
        j.state.optimizer.eSteps = -1;
      },
    ],
    [
      'json.state.optimizer.emConverged',
      (j) => Object.assign(j.state.optimizer, { emIterations: 0, eSteps: 0, emConverged: true }),
    ],
    [
      'json.state.logLik',
      (j) => {
        j.state.logLik = 1e308;
      },
    ],
    // No fit has a t value beta / SE beyond the doubles (fixedEffects and summary divide), nor a
    // fixed effect without a standard error.
    [
      'json.state.beta[1]',
      (j) => {
        j.state.beta[1] = Number.MAX_VALUE;
      },
    ],
    [
      'json.state.vcov[0][0]',
      (j) => {
        j.state.vcov[0]![0] = 0;
        j.state.vcov[0]![1] = 0;
        j.state.vcov[1]![0] = 0;
      },
    ],
    [
      'json.state.reml',
      (j) => {
        j.options.reml = false;
      },
    ],
  ];
  for (const [field, edit] of cases)
    it(`contradiction refused: ${field}`, () => {
      const json = saved();
      edit(json);
      expectRefused(recorder, () => LinearMixedModel.fromJSON(json), field);
    });

  it('a prediction past the doubles is a typed error naming the estimate and the row, not Infinity', () => {
    // A large blup (finite, its t value not checked: lme4 reports none) and a sane model given a huge x.
    const json = saved();
    json.state.blups[0]![0]![1] = 1e308;
    const tampered = LinearMixedModel.fromJSON(json);
    expect(tampered.predict({ x: [1, 0.5], g: ['b', 'a'] }, { random: true })[0]).toBeCloseTo(
      tampered.predict({ x: [1], g: ['b'] }, { random: true })[0]!,
      12,
    );
    const error = expectTypedError(recorder, () => tampered.predict({ x: [1, 2], g: ['b', 'a'] }), [
      'row 1',
      'blups[0][0][1]',
      '1e+308',
    ]);
    expect(error.name).toBe('NumericalError');
    // An untampered model given the largest doubles: the fixed part's sum overflows, and says where.
    const fit = new LinearMixedModel().fit('y ~ x + (x | g)', SMALL);
    const [b0, b1] = fit.fixedEffects().map((e) => e.estimate) as [number, number];
    expect(b0 + b1).toBeGreaterThan(1);
    expectTypedError(recorder, () => fit.predictMatrices({ X: [[Number.MAX_VALUE, Number.MAX_VALUE]] }), [
      'row 0',
      Number.isFinite(b0 * Number.MAX_VALUE) ? 'beta[1]' : 'beta[0]',
    ]);
  });

  it('beta = 1e308 with a standard error above 1 loads; its predictions past the doubles are refused (pinned find)', () => {
    // The random seed's document: beta[1] = 1e308 (t value 1.2e308: finite, loads), and
    // predict({ x: [1, 2] }) returned [1e308, Infinity].
    const json = saved();
    json.state.beta[1] = 1e308;
    const model = LinearMixedModel.fromJSON(json);
    expect(Number.isFinite(model.fixedEffects()[1]!.tValue)).toBe(true);
    expect(model.predict({ x: [1], g: ['a'] })[0]).toBeCloseTo(1e308, -300);
    expectTypedError(recorder, () => model.predict({ x: [1, 2], g: ['a', 'b'] }), ['row 1', 'beta[1] (x)']);
  });

  it('remlCriterion of an ML fit and deviance of a REML fit throw instead of NaN', () => {
    const ml = new LinearMixedModel({ reml: false }).fit('y ~ x + (1 | g)', SMALL);
    expectTypedError(recorder, () => ml.remlCriterion, ['reml', 'deviance']);
    expect(Number.isFinite(ml.deviance)).toBe(true);
    const reml = new LinearMixedModel().fit('y ~ x + (1 | g)', SMALL);
    expectTypedError(recorder, () => reml.deviance, ['reml', 'remlCriterion']);
  });

  it('a zero variance gives correlation 0, not NaN', () => {
    const json = saved();
    const c = json.state.cov[0]!;
    c[0]![0] = 0;
    c[0]![1] = 0;
    c[1]![0] = 0;
    const model = LinearMixedModel.fromJSON(json);
    expect(model.varCorr().groups[0]!.correlation).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('predict with null options, and formulas with control bytes: typed errors without raw control bytes', () => {
    const fit = new LinearMixedModel().fit('y ~ x + (1 | g)', SMALL);
    expectTypedError(recorder, () => fit.predict({ x: [1], g: ['a'] }, null as never), ['options']);
    const error = expectTypedError(recorder, () => parseFormula('y ~ \u0000\u001b[31m + (1|g)'), [
      'position 4',
    ]);
    expect(error.message).toContain('y ~ \ufffd\ufffd[31m');
  });

  it('a large problem stays exact and fast enough: 5 000 rows × 250 groups', () => {
    const n = 5000;
    const g = Array.from({ length: n }, (_, i) => `s${i % 250}`);
    const x = Array.from({ length: n }, (_, i) => (i * 7) % 10);
    const y = x.map((v, i) => 2 + 0.5 * v + ((i % 250) - 125) / 50 + Math.sin(i));
    const fit = new LinearMixedModel().fit('y ~ x + (1 | g)', { y, x, g });
    expect(fit.fixedEffects()[1]!.estimate).toBeCloseTo(0.5, 1);
  });
});

// sleepstudy is the package's worked example: it must survive the same checks.
it('sleepstudy round-trips through JSON unchanged', () => {
  const fit = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy);
  expect(JSON.stringify(LinearMixedModel.fromJSON(JSON.stringify(fit)))).toBe(JSON.stringify(fit));
});

// The streamed, online and sharded fits: hostile chunks, parameters, scans and statistics end in a
// typed error or a finite model (which keeps no per-row values).
describe('@em/mixed streaming under hostile input', () => {
  const streamReport = (fit: LinearMixedModel) => ({
    logLikelihood: fit.logLikelihood,
    sigma: fit.sigma,
    fixed: fit.fixedEffects(),
    varCorr: fit.varCorr(),
    ranef: fit.ranef(),
    summary: fit.summary(),
  });
  const goodChunk = (from: number, to: number): MixedChunk => ({
    y: SMALL.y.slice(from, to),
    X: SMALL.x.slice(from, to).map((x) => [1, x]),
    groups: SMALL.g.slice(from, to),
  });
  const chunk = fc.oneof(
    fc.constant(goodChunk(0, 6)),
    fc.record({
      y: fc.oneof(
        fc.array(fc.oneof(fc.double({ min: -9, max: 9, noNaN: true }), hostileNumber), { maxLength: 6 }),
        anyValue,
      ),
      X: fc.oneof(hostileMatrix, fc.constant([[1], [1], [1]])),
      groups: fc.oneof(fc.array(fc.constantFrom('a', 'b', 'e', 'f'), { maxLength: 6 }), anyValue),
      Z: fc.oneof(fc.constant(undefined), hostileMatrix),
    }),
    anyValue,
  );

  it('fitStream and partialFit on arbitrary chunks', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({ chunks: fc.array(chunk, { maxLength: 3 }), reml: fc.boolean(), polish: fc.boolean() }),
      async ({ chunks, reml, polish }) =>
        streamReport(
          await new LinearMixedModel({ reml, polish, maxIter: 100 }).fitStream([
            goodChunk(0, 6),
            ...(chunks as MixedChunk[]),
          ]),
        ),
      { numRuns: adversarialRuns(30, 100) },
    );
    propertyTypedOrFinite(
      recorder,
      fc.record({
        batch: chunk,
        options: fc.oneof(fc.constant(undefined), anyValue, fc.record({ alpha: anyValue })),
      }),
      ({ batch, options }) =>
        streamReport(
          new LinearMixedModel({ reml: false })
            .partialFit(goodChunk(0, 12))
            .partialFit(batch as MixedChunk, options as never),
        ),
      { numRuns: adversarialRuns(30, 100) },
    );
  });

  it('shardStatistics with arbitrary parameters, and fitFromStatistics with arbitrary scans and statistics', async () => {
    const shard = [goodChunk(0, 12)];
    const worker = new LinearMixedModel();
    const scan = await worker.scanShard(shard);
    const phase = fc.constantFrom('ols', 'fixed', 'effects', 'blups');
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.oneof(
        anyValue,
        fc.record({
          model: fc.oneof(fc.constant('LinearMixedModel'), anyValue),
          phase: fc.oneof(phase, anyValue),
          psiInverse: fc.oneof(fc.array(fc.oneof(extremeFinite, hostileNumber), { maxLength: 2 }), anyValue),
          beta: fc.oneof(fc.array(extremeFinite, { maxLength: 3 }), anyValue, fc.constant(null)),
          sigma2: fc.oneof(extremeFinite, anyValue),
          sInverse: fc.oneof(fc.constant(null), fc.array(extremeFinite, { maxLength: 5 })),
          mean: fc.oneof(extremeFinite, anyValue),
        }),
      ),
      async (params) => worker.shardStatistics(params as never, shard),
      { numRuns: adversarialRuns(40, 150) },
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        scans: fc.oneof(
          fc.constant([scan]),
          fc.array(
            fc.oneof(
              anyValue,
              fc.constant(scan),
              anyValue.map((fixed) => ({ ...scan, fixed })),
              anyValue.map((levels) => ({ ...scan, levels })),
            ),
            { maxLength: 2 },
          ),
          anyValue,
        ),
        tamper: fc.oneof(
          fc.constant(undefined),
          anyValue,
          fc.record({
            key: fc.constantFrom(
              'rss',
              's',
              'rhs',
              'r2',
              'acc',
              'b',
              'condVar',
              'levels',
              'logDetM',
              'singular',
            ),
            value: anyValue,
          }),
        ),
      }),
      async ({ scans, tamper }) =>
        streamReport(
          await new LinearMixedModel({ maxIter: 50 }).fitFromStatistics({
            scans: scans as never,
            statistics: async (params) => {
              const part = await worker.shardStatistics(params, shard);
              if (tamper === undefined) return [part];
              if (typeof tamper !== 'object' || tamper === null || !('key' in tamper)) return tamper as never;
              const { key, value } = tamper as unknown as { key: string; value: unknown };
              return [{ ...part, [key]: value } as never];
            },
          }),
        ),
      { numRuns: adversarialRuns(40, 150) },
    );
  });

  it('a nested factor (inner): hostile chunks, parameters, scans and statistics', async () => {
    const INNER = ['u', 'u', 'v', 'u', 'v', 'v', 'u', 'v', 'v', 'u', 'u', 'v'];
    const nestedChunk = (from: number, to: number): MixedChunk => ({
      ...goodChunk(from, to),
      inner: INNER.slice(from, to),
    });
    const hostileNested = fc.record({
      y: fc.constant(SMALL.y.slice(6, 9)),
      X: fc.constant(SMALL.x.slice(6, 9).map((x) => [1, x])),
      groups: fc.constant(['c', 'c', 'c']),
      inner: fc.oneof(
        fc.constant(undefined),
        fc.array(fc.constantFrom('u', 'v'), { maxLength: 4 }),
        anyValue,
      ),
      innerZ: fc.oneof(fc.constant(undefined), hostileMatrix),
    });
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({ extra: fc.oneof(hostileNested, chunk), reml: fc.boolean() }),
      async ({ extra, reml }) =>
        streamReport(
          await new LinearMixedModel({ reml, maxIter: 100 }).fitStream([
            nestedChunk(0, 6),
            extra as MixedChunk,
            nestedChunk(9, 12),
          ]),
        ),
      { numRuns: adversarialRuns(30, 100) },
    );
    const shard = [nestedChunk(0, 12)];
    const worker = new LinearMixedModel();
    const scan = await worker.scanShard(shard);
    const number = fc.oneof(extremeFinite, hostileNumber);
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        model: fc.constant('LinearMixedModel'),
        phase: fc.constantFrom('fixed', 'effects', 'blups'),
        psiInverse: fc.oneof(fc.array(number, { minLength: 1, maxLength: 1 }), anyValue),
        nestedPsiInverse: fc.oneof(
          fc.constant(undefined),
          fc.array(fc.array(number, { maxLength: 2 }), { maxLength: 2 }),
          anyValue,
        ),
        beta: fc.array(extremeFinite, { minLength: 2, maxLength: 2 }),
        sigma2: fc.oneof(extremeFinite, anyValue),
        sInverse: fc.constant(null),
      }),
      async (params) => worker.shardStatistics(params as never, shard),
      { numRuns: adversarialRuns(40, 150) },
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        nested: fc.oneof(
          fc.constant(scan.nested),
          anyValue,
          anyValue.map((levels) => [{ ...scan.nested![0]!, levels }]),
        ),
        tamper: fc.oneof(
          fc.constant(undefined),
          fc.record({ key: fc.constantFrom('nestedAcc', 'nested', 'acc'), value: anyValue }),
        ),
      }),
      async ({ nested, tamper }) =>
        streamReport(
          await new LinearMixedModel({ maxIter: 50 }).fitFromStatistics({
            scans: [{ ...scan, nested } as never],
            statistics: async (params) => {
              const part = await worker.shardStatistics(params, shard);
              if (tamper === undefined) return [part];
              return [{ ...part, [tamper.key]: tamper.value } as never];
            },
          }),
        ),
      { numRuns: adversarialRuns(40, 150) },
    );
    // partialFit has no nested form: refused, typed.
    expectTypedError(recorder, () => new LinearMixedModel({ reml: false }).partialFit(nestedChunk(0, 12)), [
      'batch.inner',
    ]);
  });

  it('factors nested to depth 2 (nested): hostile chunks, names, parameters, scans and statistics', async () => {
    const SCHOOL = ['u', 'u', 'v', 'u', 'v', 'v', 'u', 'v', 'v', 'u', 'u', 'v'];
    const CLASS = ['k', 'l', 'k', 'k', 'l', 'k', 'k', 'l', 'l', 'k', 'l', 'k'];
    const deepChunk = (from: number, to: number): MixedChunk => ({
      ...goodChunk(from, to),
      nested: [{ levels: SCHOOL.slice(from, to) }, { levels: CLASS.slice(from, to) }],
    });
    const level = fc.oneof(fc.array(fc.constantFrom('u', 'v', 'k'), { maxLength: 4 }), anyValue);
    const hostileDeep = fc.record({
      y: fc.constant(SMALL.y.slice(6, 9)),
      X: fc.constant(SMALL.x.slice(6, 9).map((x) => [1, x])),
      groups: fc.constant(['c', 'c', 'c']),
      inner: fc.oneof(fc.constant(undefined), level),
      nested: fc.oneof(
        fc.constant(undefined),
        fc.array(
          fc.oneof(
            fc.record({ levels: level, Z: fc.oneof(fc.constant(undefined), hostileMatrix) }),
            anyValue,
          ),
          { maxLength: 3 },
        ),
        anyValue,
      ),
    });
    const names = fc.oneof(
      fc.constant({}),
      fc.record(
        {
          innerName: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), anyValue),
          innerTermNames: fc.oneof(
            fc.array(fc.array(fc.string(), { maxLength: 2 }), { maxLength: 3 }),
            anyValue,
          ),
          innerCovariance: fc.oneof(
            fc.array(fc.constantFrom('diagonal', 'unstructured', 'x'), { maxLength: 3 }),
            anyValue,
          ),
        },
        { requiredKeys: [] },
      ),
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({ extra: fc.oneof(hostileDeep, chunk), reml: fc.boolean(), names }),
      async ({ extra, reml, names }) =>
        streamReport(
          await new LinearMixedModel({ reml, maxIter: 100 }).fitStream(
            [deepChunk(0, 6), extra as MixedChunk, deepChunk(9, 12)],
            names as never,
          ),
        ),
      { numRuns: adversarialRuns(30, 100) },
    );
    const shard = [deepChunk(0, 12)];
    const worker = new LinearMixedModel();
    const scan = await worker.scanShard(shard);
    const number = fc.oneof(extremeFinite, hostileNumber);
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        model: fc.constant('LinearMixedModel'),
        phase: fc.constantFrom('fixed', 'effects', 'blups'),
        psiInverse: fc.oneof(fc.array(number, { minLength: 1, maxLength: 1 }), anyValue),
        nestedPsiInverse: fc.oneof(
          fc.array(fc.array(number, { minLength: 1, maxLength: 1 }), { minLength: 2, maxLength: 2 }),
          fc.array(fc.oneof(fc.array(number, { maxLength: 2 }), anyValue), { maxLength: 3 }),
          anyValue,
        ),
        beta: fc.array(extremeFinite, { minLength: 2, maxLength: 2 }),
        sigma2: fc.oneof(extremeFinite, anyValue),
        sInverse: fc.constant(null),
      }),
      async (params) => worker.shardStatistics(params as never, shard),
      { numRuns: adversarialRuns(40, 150) },
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        nested: fc.oneof(
          fc.constant(scan.nested),
          anyValue,
          fc.constant(scan.nested!.slice(0, 1)),
          anyValue.map((levels) => [scan.nested![0]!, { ...scan.nested![1]!, levels }]),
        ),
        tamper: fc.oneof(
          fc.constant(undefined),
          fc.record({
            key: fc.constantFrom('nestedAcc', 'nested'),
            value: fc.oneof(anyValue, fc.array(anyValue)),
          }),
        ),
      }),
      async ({ nested, tamper }) =>
        streamReport(
          await new LinearMixedModel({ maxIter: 50 }).fitFromStatistics({
            scans: [{ ...scan, nested } as never],
            statistics: async (params) => {
              const part = await worker.shardStatistics(params, shard);
              if (tamper === undefined) return [part];
              return [{ ...part, [tamper.key]: tamper.value } as never];
            },
          }),
        ),
      { numRuns: adversarialRuns(40, 150) },
    );
    // partialFit has no nested form; inner and nested together are refused: typed, naming the field.
    expectTypedError(recorder, () => new LinearMixedModel({ reml: false }).partialFit(deepChunk(0, 12)), [
      'batch.nested',
    ]);
    await expectTypedErrorAsync(
      recorder,
      () => worker.scanShard([{ ...deepChunk(0, 6), inner: SCHOOL.slice(0, 6) }]),
      ['inner'],
    );
    await expectTypedErrorAsync(recorder, () => worker.scanShard([deepChunk(0, 6), goodChunk(6, 12)]), [
      'source chunk 1.nested',
    ]);
  });

  it('a matrix fit whose factors name table columns is refused (a random seed: a Symbol there was a DataCloneError)', async () => {
    const streamed = JSON.parse(JSON.stringify(await new LinearMixedModel().fitStream([goodChunk(0, 12)])));
    for (const value of [Symbol('hostile'), () => 1, ['g']]) {
      const json = structuredClone({ ...streamed, state: { ...streamed.state } });
      json.state.factors = [{ ...streamed.state.factors[0], groupColumns: value }];
      expectRefused(recorder, () => LinearMixedModel.fromJSON(json), 'json.state.factors[0].groupColumns');
    }
  });

  it('tampered JSON of a streamed fit: refused, or a model that predicts finite values', async () => {
    const streamed = await new LinearMixedModel().fitStream([goodChunk(0, 12)]);
    const saved = JSON.parse(JSON.stringify(streamed));
    propertyTypedOrFinite(
      recorder,
      tamperedJson(saved),
      ({ document }) => {
        const model = LinearMixedModel.fromJSON(document);
        return { ...streamReport(model), predicted: model.predictMatrices({ X: [[1, 2]] }) };
      },
      { numRuns: adversarialRuns(40, 150) },
    );
  });
});
