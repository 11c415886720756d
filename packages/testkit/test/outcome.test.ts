// The classifier decides what every adversarial suite accepts: each kind is checked on a call known to
// end that way, and the deep search for non-finite numbers on every container it must look into.

import { describe, expect, it } from 'vitest';
import { classifyOutcome, classifyOutcomeAsync, findNonFinite, isTypedError } from '../src/index.js';
import { EMError, InvalidInputError } from './em-errors.js';

describe('classifyOutcome', () => {
  it('sorts the four kinds', () => {
    expect(
      classifyOutcome(() => {
        throw new InvalidInputError('X', 'a matrix', null);
      }).kind,
    ).toBe('typed-error');
    expect(classifyOutcome(() => ({ a: [1, 2], b: new Float64Array([3]) })).kind).toBe('finite-result');
    expect(classifyOutcome(() => (null as unknown as { x: number }).x).kind).toBe('untyped-error');
    expect(
      classifyOutcome(() => {
        throw 'a string';
      }).kind,
    ).toBe('untyped-error');
    expect(classifyOutcome(() => [1, [2, Number.NaN]]).kind).toBe('non-finite');
  });

  it('an EMError is typed by its class name and code, whichever copy of @em/core it comes from', () => {
    expect(isTypedError(new InvalidInputError('X', 'a matrix', null))).toBe(true);
    expect(isTypedError(new EMError('NUMERICAL', 'overflow'))).toBe(true);
    expect(isTypedError(Object.assign(new Error('bad'), { code: 'INVALID_INPUT' }))).toBe(false);
    expect(isTypedError(Object.assign(new TypeError('bad'), { name: 'EMError', code: 'X' }))).toBe(false);
    expect(isTypedError({ name: 'EMError', code: 'INVALID_INPUT', message: 'not an Error' })).toBe(false);
  });

  it('a call slower than hangMs is a hang', () => {
    const outcome = classifyOutcome(
      () => {
        const end = performance.now() + 30;
        while (performance.now() < end);
        return 1;
      },
      { hangMs: 5 },
    );
    expect(outcome.kind).toBe('hang');
  });

  it('a promise that never settles is a hang, a rejection is classified', async () => {
    expect((await classifyOutcomeAsync(() => new Promise(() => {}), { hangMs: 20 })).kind).toBe('hang');
    expect(
      (
        await classifyOutcomeAsync(async () => {
          throw new RangeError('x');
        })
      ).kind,
    ).toBe('untyped-error');
    expect((await classifyOutcomeAsync(async () => Number.POSITIVE_INFINITY)).kind).toBe('non-finite');
  });
});

describe('findNonFinite', () => {
  it('names the path in arrays, objects, typed arrays, Maps and Sets', () => {
    expect(findNonFinite({ means: [[0], [1, Number.NaN]] })).toBe('$.means[1][1]');
    expect(findNonFinite({ data: new Float64Array([0, -Infinity]) })).toBe('$.data[1]');
    expect(findNonFinite(new Map([['k', Infinity]]))).toBe('$.get(k)');
    expect(findNonFinite(new Set([1, Number.NaN]))).toBe('$<1>');
    expect(findNonFinite({ ok: [1, 2, 3], s: 'NaN' })).toBeUndefined();
  });

  it('reads text only when asked, and survives cycles', () => {
    expect(findNonFinite('<circle cy="NaN"/>', { scanText: true })).toMatch(/text: .*cy=/);
    expect(findNonFinite('<text>-Infinity</text>', { scanText: true })).toBeDefined();
    expect(findNonFinite('<text>Nanometre</text>', { scanText: true })).toBeUndefined();
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic.self = cyclic;
    expect(findNonFinite(cyclic)).toBeUndefined();
  });

  it('lets a suite allow a non-finite value where it is the right answer', () => {
    expect(
      findNonFinite({ lowerBound: -Infinity }, { allowNonFinite: (p) => p === '$.lowerBound' }),
    ).toBeUndefined();
  });
});
