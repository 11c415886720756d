// modelSummary's text and the inspection hook, through Node's own util.inspect.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inspectCustom, modelSummary } from '../src/index.js';

describe('modelSummary and inspectCustom', () => {
  it('is the symbol util.inspect calls', () => {
    expect(inspectCustom).toBe(inspect.custom);
    expect(inspect({ [inspectCustom]: () => 'Point(1)' })).toBe('Point(1)');
  });

  it('prints numbers to 6 significant digits, integers and non-finite numbers as they are, strings quoted', () => {
    expect(
      modelSummary('M', {
        k: 3,
        type: 'full',
        fitted: true,
        ll: -2.3456789,
        big: -123456.789,
        none: undefined,
      }),
    ).toBe("M { k: 3, type: 'full', fitted: true, ll: -2.34568, big: -123457 }");
    expect(modelSummary('M', { ll: Number.NEGATIVE_INFINITY, bad: Number.NaN })).toBe(
      'M { ll: -Infinity, bad: NaN }',
    );
    expect(modelSummary('M', {})).toBe('M');
  });
});
