// Adversarial properties of fitStream and partialFit: whatever chunks, batches or options they are
// given, a typed EMError or finite parameters — never a TypeError, a NaN or a hang. CI replays a
// fixed seed (test/setup.ts); local runs explore more.
import { EMError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CovarianceModel,
  GaussianMixture,
  MCLUST_MODELS,
  mixtureStatistics,
  readChunks,
} from '../../src/index.js';

const RUNS = process.env.CI ? 40 : 100;

const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1e300, 1e300, 5e-324, -0),
  },
);
const row = (cols: number) => fc.array(value, { minLength: cols, maxLength: cols });
/** Chunks of rows, mostly of one width, sometimes ragged, sometimes empty or not rows at all. */
const chunk = fc.oneof(
  { weight: 6, arbitrary: fc.array(row(2), { maxLength: 8 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(row(1), row(2), row(3)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], null, 'rows', 42, {}, [[]], new Float64Array(3)) },
);
/** Any covariance model: scikit-learn's four or mclust's 14 (iterative M-steps included). */
const covarianceType = fc.constantFrom<CovarianceModel>('full', 'diag', ...MCLUST_MODELS);
const hostileOption = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, 0, -1, 1.5, Number.NaN, 'csv', {}, () => 1),
  fc.integer({ min: 1, max: 5 }),
);

/** A typed error, or parameters without a NaN. */
async function expectTypedOrFinite(run: () => Promise<GaussianMixture> | GaussianMixture): Promise<void> {
  let model: GaussianMixture;
  try {
    model = await run();
  } catch (error) {
    if (!(error instanceof EMError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return;
  }
  const { weights, means, precisionsCholesky } = model.params;
  for (const values of [weights, means, precisionsCholesky]) expect(values.every(Number.isFinite)).toBe(true);
}

describe('fitStream under hostile input', () => {
  it('any chunks: a typed error or a finite fit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(chunk, { maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        covarianceType,
        async (chunks, k, model) => {
          await expectTypedOrFinite(() =>
            new GaussianMixture({
              nComponents: k,
              covarianceType: model,
              randomState: 0,
              maxIter: 20,
            }).fitStream(chunks as never),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any stream options and sources of the wrong kind', async () => {
    const keys = fc.constantFrom(
      'format',
      'columns',
      'delimiter',
      'header',
      'initSample',
      'onProgress',
      'other',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(keys, hostileOption, { maxKeys: 3 }),
        fc.constantFrom<unknown>(
          [[[0], [1], [2]]],
          'no-such-file.csv',
          42,
          null,
          () => 42,
          new Blob(['1\n2\n3\n']),
        ),
        async (options, source) => {
          await expectTypedOrFinite(() =>
            new GaussianMixture({ nComponents: 1, maxIter: 5 }).fitStream(source as never, options as never),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('fitStream and fitFromStatistics with a prior under hostile input', () => {
  const priorModel = fc.constantFrom<CovarianceModel>(
    'EII',
    'VII',
    'EEI',
    'VVI',
    'EEE',
    'EEV',
    'VEV',
    'VVV',
    'EVE',
  );
  const prior = fc.oneof(
    fc.constant<unknown>('default'),
    fc.record(
      {
        shrinkage: fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), hostileOption),
        dof: fc.oneof(fc.double({ min: -1, max: 9, noNaN: true }), hostileOption),
        mean: fc.oneof(fc.array(value, { maxLength: 3 }), hostileOption),
        scale: fc.oneof(fc.double({ min: -1, max: 3, noNaN: true }), hostileOption),
      },
      { requiredKeys: [] },
    ),
  );
  it('any chunks and prior: a typed error or a finite fit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(chunk, { maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        priorModel,
        prior,
        async (chunks, k, model, p) => {
          const make = () =>
            new GaussianMixture({
              nComponents: k,
              covarianceType: model,
              prior: p as never,
              randomState: 0,
              maxIter: 20,
            });
          await expectTypedOrFinite(() => make().fitStream(chunks as never));
          await expectTypedOrFinite(() =>
            make().fitFromStatistics({
              rows: (chunks as unknown[]).flat().length,
              cols: 2,
              sample: (chunks as unknown[]).flat() as never,
              statistics: (params) =>
                Promise.all((chunks as never[]).map((c) => mixtureStatistics(params, [c]))),
            }),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('statistics of the wrong shape in the rounds for the prior: a typed error naming the part', async () => {
    const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'VVV', prior: 'default' });
    const rows = [
      [0, 1],
      [1, 0],
      [5, 6],
      [6, 5],
    ];
    const error = await gmm
      .fitFromStatistics({
        rows: 4,
        cols: 2,
        sample: rows,
        statistics: () => [{ rows: 4, logLikelihood: 0, nk: [4], s1: [0], s2: [] }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EMError);
    expect(String(error)).toMatch(
      /statistics of part 0 \(s1, one-component full model for the prior's moments\): expected an array of 2 numbers/,
    );
    const missing = await gmm
      .fitFromStatistics({
        rows: 5,
        cols: 2,
        sample: rows,
        statistics: (params) => Promise.all([mixtureStatistics(params, [rows])]),
      })
      .catch((e: unknown) => e);
    expect(String(missing)).toMatch(/statistics: expected parts covering all 5 rows/);
  });
});

describe('partialFit under hostile input', () => {
  it('any batches and step-size options: a typed error or finite parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(chunk, { minLength: 1, maxLength: 5 }),
        fc.record({ alpha: hostileOption, t0: hostileOption }, { requiredKeys: [] }),
        covarianceType,
        async (batches, options, model) => {
          const gmm = new GaussianMixture({ nComponents: 2, covarianceType: model, randomState: 0 });
          await expectTypedOrFinite(() => {
            for (const batch of batches) gmm.partialFit(batch as never, options as never);
            return gmm;
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('readChunks under hostile chunks and options', () => {
  it('a typed EMError or blocks of finite values of one width', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(chunk, { maxLength: 4 }),
        fc.record({ format: hostileOption, columns: hostileOption }, { requiredKeys: [] }),
        async (chunks, options) => {
          try {
            let cols: number | undefined;
            for await (const block of readChunks(chunks as never, options as never)) {
              cols ??= block.cols;
              expect(block.cols).toBe(cols);
              expect(block.data.every(Number.isFinite)).toBe(true);
            }
          } catch (error) {
            if (!(error instanceof EMError)) throw error;
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("missing: 'em' out of memory under hostile input", () => {
  it('fitStream, partialFit and mixtureStatistics on any chunks with NaN cells: a typed error or a finite fit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(chunk, { maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        async (chunks, k) => {
          const options = { nComponents: k, missing: 'em' as const, randomState: 0, maxIter: 20 };
          await expectTypedOrFinite(() => new GaussianMixture(options).fitStream(chunks as never));
          // No batch at all: nothing to fit, nothing to check.
          if (chunks.length > 0)
            await expectTypedOrFinite(() => {
              const gmm = new GaussianMixture(options);
              for (const batch of chunks) gmm.partialFit(batch as never);
              return gmm;
            });
          const fitted = new GaussianMixture({ nComponents: 1 }).fit([
            [0, 0],
            [1, 2],
            [2, 1],
          ]);
          try {
            const part = await mixtureStatistics(fitted.params, chunks as never, { missing: 'em' });
            for (const key of ['nk', 's1', 's2'] as const)
              expect(part[key].every(Number.isFinite)).toBe(true);
          } catch (error) {
            if (!(error instanceof EMError)) throw error;
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
