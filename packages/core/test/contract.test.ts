import { describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  InvalidOptionError,
  ModelContractError,
  runEM,
  runEMAsync,
} from '../src/index.js';
import { hasselblad, type PoissonPair } from './models/hasselblad.js';

const model = hasselblad();
const START: PoissonPair = [0.3, 1, 5];
const squarem = { acceleration: 'squarem' as const, maxIter: 5 };

/** The error `call` throws, asserted to be of `type`. */
function thrown<E>(call: () => unknown, type: new (...args: never[]) => E): E {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error('expected a throw');
}

describe('acceleration and stop-rule options', () => {
  it.each([
    [{ acceleration: 'fast' }, 'acceleration', '"fast"'],
    [{ acceleration: { method: 'anderson' } }, 'acceleration', 'object (Object)'],
    [{ acceleration: { method: 'squarem', stepMax: 0 } }, 'acceleration.stepMax', '0'],
    [{ acceleration: { method: 'squarem', stepMin: 2, stepMax: 1 } }, 'acceleration.stepMax', '1'],
    [{ acceleration: { method: 'squarem', stepFactor: 1 } }, 'acceleration.stepFactor', '1'],
    [{ stopRule: 'gradient' }, 'stopRule', '"gradient"'],
    [{ initialLogLikelihood: Number.NaN }, 'initialLogLikelihood', 'NaN'],
  ])('%o is named with the value received', (options, option, received) => {
    const error = thrown(() => runEM(model, START, options as never), InvalidOptionError);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`received ${received}`);
  });
});

describe('the model contract', () => {
  it('rejects a model that is not one, before any work', async () => {
    for (const bad of [null, 1, {}, { eStep: () => 0 }]) {
      const error = thrown(() => runEM(bad as never, START), InvalidInputError);
      expect(error.message).toContain('Invalid model: expected an object with eStep and mStep functions');
      await expect(runEMAsync(bad as never, START)).rejects.toThrow(InvalidInputError);
    }
  });

  it('names an E-step that returns no result, and an M-step that returns nothing', () => {
    const noStats = { ...model, eStep: () => null as never };
    expect(thrown(() => runEM(noStats, START), ModelContractError).message).toBe(
      "The model's eStep broke the EM contract: expected an object { stats, logLikelihood: number }, received null.",
    );
    const noParams = { ...model, mStep: () => undefined as never };
    expect(thrown(() => runEM(noParams, START), ModelContractError).method).toBe('mStep');
  });

  it('names a pack that changes length', () => {
    let calls = 0;
    const shrinking = { ...model, pack: (p: PoissonPair) => Float64Array.from(++calls > 1 ? p.slice(1) : p) };
    const error = thrown(() => runEM(shrinking, START, squarem), ModelContractError);
    expect(error.method).toBe('pack');
    expect(error.message).toBe(
      "The model's pack broke the EM contract: expected a Float64Array of length 3 (as for the initial parameters), received Float64Array of length 2.",
    );
  });

  it('names a pack that returns something else or non-finite numbers', () => {
    const plainArray = { ...model, pack: (p: PoissonPair) => p as never };
    expect(thrown(() => runEM(plainArray, START, squarem), ModelContractError).message).toContain(
      'expected a Float64Array, received array of length 3',
    );
    const nan = { ...model, pack: () => new Float64Array([0.5, Number.NaN, 1]) };
    expect(thrown(() => runEM(nan, START, squarem), ModelContractError).message).toContain('entry 1 is NaN');
  });

  it('wraps an unpack (or pack) that throws, keeping its error as the cause', () => {
    const cause = new RangeError('weights must sum to 1');
    const throwing = {
      ...model,
      unpack: () => {
        throw cause;
      },
    };
    const error = thrown(() => runEM(throwing, START, squarem), ModelContractError);
    expect(error.method).toBe('unpack');
    expect(error.message).toContain('received an error: weights must sum to 1');
    expect((error as { cause?: unknown }).cause).toBe(cause);
  });

  it('requires pack and unpack together', () => {
    const { unpack: _, ...packOnly } = model;
    const error = thrown(() => runEM(packOnly, START, squarem), ModelContractError);
    expect(error.method).toBe('unpack');
  });
});
