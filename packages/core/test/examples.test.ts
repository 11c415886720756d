// The TSDoc @examples of the loop's newer exports, run, with the values their comments claim.

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type Acceleration,
  emSteps,
  inspectCustom,
  ModelContractError,
  type MStepContext,
  modelSummary,
  runEM,
  type SquaremOptions,
  type StopRule,
  type SummaryValue,
  validateEMOptions,
} from '../src/index.js';
import { hasselblad, type PoissonPair } from './models/hasselblad.js';
import { twoCoins } from './models/two-coins.js';

describe('TSDoc examples', () => {
  it('emSteps: one iteration at a time, ≈ [0.71, 0.58] after the first', () => {
    const steps = emSteps(twoCoins(), [0.6, 0.5], { tol: 1e-6 });
    const first = steps.next();
    expect(first.done).toBe(false);
    if (!first.done) {
      expect(first.value.params[0]).toBeCloseTo(0.71, 2);
      expect(first.value.params[1]).toBeCloseTo(0.58, 2);
    }
    const rest = [...steps];
    expect(rest.at(-1)!.converged).toBe(true);
  });

  it('validateEMOptions accepts good options and names a bad acceleration', () => {
    expect(() => validateEMOptions({ maxIter: 200, acceleration: 'squarem' })).not.toThrow();
    expect(() => validateEMOptions({ acceleration: 'fast' as never })).toThrow(
      `Invalid option acceleration: expected 'none', 'squarem' or { method: 'squarem', stepMin?, stepMax?, stepFactor? }, received "fast".`,
    );
  });

  it('ModelContractError: the message its example shows', () => {
    const error = new ModelContractError(
      'pack',
      'a Float64Array of length 3 (as for the initial parameters)',
      new Float64Array(2),
    );
    expect(error.message).toBe(
      "The model's pack broke the EM contract: expected a Float64Array of length 3 (as for the initial parameters), received Float64Array of length 2.",
    );
    expect(error.code).toBe('MODEL_CONTRACT');
  });

  it('MStepContext: an M-step can name its iteration', () => {
    const mStep = (stats: number[], _params: number[], { iteration }: MStepContext) => {
      if (stats[0] === 0) throw new Error(`component 0 is empty after iteration ${iteration}`);
      return stats;
    };
    expect(() => mStep([0], [1], { iteration: 7 })).toThrow('component 0 is empty after iteration 7');
  });

  it('SquaremOptions, Acceleration and StopRule as their examples use them', () => {
    const model = hasselblad();
    const params: PoissonPair = [0.3, 1, 5];
    const acceleration: SquaremOptions = { method: 'squarem', stepMax: 4 };
    const fast: Acceleration = 'squarem';
    const stopRule: StopRule = 'aitken';
    for (const options of [
      { acceleration, tol: 1e-8 },
      { acceleration: fast, tol: 1e-8 },
      { tol: 1e-8, stopRule },
    ]) {
      const result = runEM(model, params, { ...options, maxIter: 10_000 });
      expect(result.converged).toBe(true);
      expect(-result.logLikelihood).toBeCloseTo(1989.9458598, 4);
    }
  });
});

describe('TSDoc examples of the model summaries', () => {
  it('inspectCustom: console.log prints what the hook returns', () => {
    const point = { x: 1, [inspectCustom]: () => 'Point(1)' };
    expect(inspect(point)).toBe('Point(1)');
  });

  it('SummaryValue: numbers, strings and booleans', () => {
    const fields: Record<string, SummaryValue> = { nComponents: 3, covarianceType: 'full', fitted: true };
    expect(modelSummary('M', fields)).toBe("M { nComponents: 3, covarianceType: 'full', fitted: true }");
  });

  it('modelSummary: one line, numbers to 6 significant digits', () => {
    expect(
      modelSummary('GaussianMixture', {
        nComponents: 3,
        covarianceType: 'full',
        fitted: true,
        meanLogLikelihood: -2.3456789,
      }),
    ).toBe(
      "GaussianMixture { nComponents: 3, covarianceType: 'full', fitted: true, meanLogLikelihood: -2.34568 }",
    );
  });
});
