// Hostile input: every call ends in a typed EMError or a finite, consistent result — never a
// TypeError from deep inside, a NaN, or a hang. fast-check's seed is fixed in CI (test/setup.ts).
import { EMError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EmissionType, HiddenMarkovModel } from '../src/index.js';
import { CASINO } from './helpers.js';

const runs = process.env.CI ? 40 : 150;

const nastyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    0,
    -0,
    1e308,
    -1e308,
    5e-324,
    1e-300,
  ),
  fc.integer({ min: -3, max: 8 }),
);
const nastyValue = fc.oneof(
  nastyNumber,
  fc.string(),
  fc.constantFrom(null, undefined, {}, [], [[]], '__proto__', 'constructor', () => 1, Symbol.iterator),
  fc.array(nastyNumber, { maxLength: 4 }),
  fc.array(fc.array(nastyNumber, { maxLength: 3 }), { maxLength: 3 }),
);

function typedOrConsistent(run: () => HiddenMarkovModel | undefined): void {
  let model: HiddenMarkovModel | undefined;
  try {
    model = run();
  } catch (error) {
    if (!(error instanceof EMError)) throw error;
    return;
  }
  if (!model) return;
  const p = model.getParameters();
  for (const row of [p.startProb, ...p.transMat]) {
    expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  }
  expect(JSON.stringify(p)).not.toMatch(/null|NaN/);
}

describe('adversarial', () => {
  it('arbitrary options: an EMError or a valid model', () => {
    const keys = [
      'nStates',
      'nComponents',
      'emission',
      'covarianceType',
      'minCovar',
      'nMix',
      'nFeatures',
      'startProb',
      'transMat',
      'emissionProb',
      'means',
      'covars',
      'weights',
      'lambdas',
      'startProbPrior',
      'transMatPrior',
      'params',
      'initParams',
      'algorithm',
      'maxIter',
      'tol',
      'nInit',
      'randomState',
      'acceleration',
      'stopRule',
      'workers',
      'hostile',
    ];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), nastyValue, { maxKeys: 4 }), (options) => {
        typedOrConsistent(() => {
          const hmm = new HiddenMarkovModel({ maxIter: 3, ...options } as never);
          try {
            return hmm.fit([[0, 1, 2, 1, 0, 2]]);
          } catch (error) {
            if (error instanceof EMError) return undefined;
            throw error;
          }
        });
      }),
      { numRuns: runs },
    );
  });

  it('arbitrary sequences for every emission type: an EMError or a finite fit', () => {
    const sequence = fc.oneof(
      fc.array(nastyNumber, { maxLength: 30 }),
      fc.array(fc.array(nastyNumber, { minLength: 1, maxLength: 3 }), { maxLength: 20 }),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }),
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
    );
    fc.assert(
      fc.property(
        fc.array(sequence, { minLength: 0, maxLength: 4 }),
        fc.constantFrom<EmissionType>('categorical', 'gaussian', 'gmm', 'poisson'),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('full', 'diag', 'spherical', 'tied' as const),
        (seqs, emission, nStates, covarianceType) => {
          typedOrConsistent(() => {
            const hmm = new HiddenMarkovModel({
              nStates,
              emission,
              covarianceType,
              randomState: 1,
              maxIter: 4,
              nMix: 2,
            }).fit(seqs);
            expect(Number.isFinite(hmm.logLikelihood)).toBe(true);
            return hmm;
          });
        },
      ),
      { numRuns: runs },
    );
  });

  it('extreme but finite observations: an EMError or finite scores and valid paths', () => {
    const hmm = new HiddenMarkovModel({ nStates: 3, covarianceType: 'diag', randomState: 0 }).fit([
      0, 0.1, 5, 5.2, -3, -3.1, 0.05,
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 25 }),
        (xs) => {
          try {
            const score = hmm.score(xs);
            expect(score === Number.NEGATIVE_INFINITY || Number.isFinite(score)).toBe(true);
            const path = hmm.predict(xs);
            expect(path.every((s) => s >= 0 && s < 3)).toBe(true);
            const { posteriors } = hmm.scoreSamples(xs);
            for (const row of posteriors)
              expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
          } catch (error) {
            if (!(error instanceof EMError)) throw error;
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it('arbitrary input to score, predict, decode and sample of a fitted model', () => {
    const casino = new HiddenMarkovModel(CASINO);
    fc.assert(
      fc.property(nastyValue, nastyValue, (x, lengths) => {
        for (const call of [
          () => casino.score(x as never, lengths as never),
          () => casino.predict(x as never, lengths as never),
          () => casino.decode(x as never, lengths as never),
          () => casino.predictProba(x as never),
          () => casino.sample(x as never, lengths as never),
          () => casino.bic(x as never),
        ]) {
          try {
            call();
          } catch (error) {
            if (!(error instanceof EMError)) throw error;
          }
        }
      }),
      { numRuns: runs },
    );
  });

  it('tampered JSON: an EMError or a model equal in shape to a valid one', () => {
    const json = JSON.stringify(
      new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 }).fit([
        [0, 1, 2, 2, 1, 0, 1],
      ]),
    );
    fc.assert(
      fc.property(
        fc.nat({ max: json.length - 1 }),
        fc.string({ maxLength: 3 }),
        fc.boolean(),
        (at, insert, remove) => {
          const text = json.slice(0, at) + insert + json.slice(at + (remove ? 1 : 0));
          typedOrConsistent(() => HiddenMarkovModel.fromJSON(text));
        },
      ),
      { numRuns: runs * 3 },
    );
  });

  it('many states (Int32 back-pointers beyond 256) and a single-step sequence', () => {
    const s = 300;
    const hmm = new HiddenMarkovModel({
      nStates: s,
      emission: 'categorical',
      startProb: new Array(s).fill(1 / s),
      transMat: Array.from({ length: s }, (_, i) =>
        Array.from({ length: s }, (_, j) => (j === (i + 1) % s ? 1 : 0)),
      ),
      emissionProb: Array.from({ length: s }, (_, i) =>
        Array.from({ length: s }, (_, j) => (i === j ? 1 : 0)),
      ),
    });
    const X = Array.from({ length: 400 }, (_, t) => (t + 17) % s);
    expect(Array.from(hmm.predict(X))).toEqual(X);
    expect(hmm.score(X)).toBeCloseTo(Math.log(1 / s), 10);
    expect(Array.from(hmm.predict([5]))).toEqual([5]);
  });
});
