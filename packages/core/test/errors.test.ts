import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chunkedEStep,
  EMError,
  InvalidOptionError,
  NonFiniteLogLikelihoodError,
  runEM,
  runEMAsync,
  runEMWithRestarts,
} from '../src/index.js';
import { twoCoins } from './models/two-coins.js';

const model = twoCoins();
const start: [number, number] = [0.6, 0.5];

describe('invalid options', () => {
  it.each([
    [{ maxIter: 0 }, 'maxIter', 'an integer >= 1', '0'],
    [{ maxIter: 2.5 }, 'maxIter', 'an integer >= 1', '2.5'],
    [{ tol: -1 }, 'tol', 'a finite number >= 0', '-1'],
    [{ tol: Number.NaN }, 'tol', 'a finite number >= 0', 'NaN'],
    [{ onIteration: 'log' }, 'onIteration', 'a function', '"log"'],
    [{ signal: {} }, 'signal', 'an AbortSignal', 'object (Object)'],
  ])('%o names the option, the expectation and the value', (options, option, expected, received) => {
    const call = () => runEM(model, start, options as never);
    expect(call).toThrow(InvalidOptionError);
    expect(call).toThrow(`Invalid option ${option}: expected ${expected}, received ${received}.`);
    try {
      call();
    } catch (error) {
      expect(error).toBeInstanceOf(EMError);
      expect((error as InvalidOptionError).option).toBe(option);
      expect((error as InvalidOptionError).code).toBe('INVALID_OPTION');
    }
  });

  it('rejects nInit < 1, a non-function init and a non-function random', () => {
    const init = () => start;
    expect(() => runEMWithRestarts(model, init, { nInit: 0 })).toThrow(
      'Invalid option nInit: expected an integer >= 1, received 0.',
    );
    expect(() => runEMWithRestarts(model, start as never)).toThrow('Invalid option init');
    expect(() => runEMWithRestarts(model, init, { random: 4 as never })).toThrow(
      'Invalid option random: expected a function',
    );
  });

  it('rejects a chunked E-step without its parts', () => {
    expect(() =>
      chunkedEStep({
        chunks: () => [],
        eStepChunk: () => ({ stats: 0, logLikelihood: 0 }),
        zero: () => 0,
      } as never),
    ).toThrow('Invalid option add: expected a function, received undefined.');
  });

  it('rejects asynchronously too, before any work', async () => {
    await expect(runEMAsync(model, start, { maxIter: -3 })).rejects.toThrow(InvalidOptionError);
  });
});

describe('non-finite log-likelihood', () => {
  it('throws a typed error naming the iteration', () => {
    let calls = 0;
    const broken = {
      eStep: (p: number) => ({ stats: p, logLikelihood: ++calls === 3 ? Number.NaN : -10 + calls }),
      mStep: (s: number) => s,
    };
    const call = () => runEM(broken, 1, { tol: 0 });
    expect(call).toThrow(NonFiniteLogLikelihoodError);
    calls = 0;
    expect(call).toThrow('The log-likelihood at iteration 3 is NaN');
  });
});

describe('already aborted signal', () => {
  it('runs no iteration and reports aborted', () => {
    const result = runEM(model, start, { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ nIter: 0, stopReason: 'aborted', converged: false, params: start });
    expect(result.logLikelihood).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('error names', () => {
  it('are literal class names, so they survive minification', () => {
    const source = readFileSync(new URL('../src/errors.ts', import.meta.url), 'utf8');
    const classes = [...source.matchAll(/export class (\w+) extends/g)].map((match) => match[1]);
    expect(classes.length).toBeGreaterThan(5);
    for (const name of classes) expect(source).toContain(`override name = '${name}';`);
    expect(new InvalidOptionError('tol', 'a number', 'x').name).toBe('InvalidOptionError');
    expect(new EMError('NUMERICAL', 'x').name).toBe('EMError');
  });
});
