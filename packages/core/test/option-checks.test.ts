// The option and chunk checks the streamed methods of @em/irt, @em/mixtures and @em/mixed share (each had
// its own copy): the same errors, word for word, as the copies they replace.
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidOptionError } from '../src/index.js';
import { checkOnProgress, checkOptionKeys, inSourceChunk } from '../src/stream/index.js';

const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('checkOptionKeys', () => {
  it('passes an object of known keys (an empty one too)', () => {
    expect(() => checkOptionKeys({}, ['initSample', 'onProgress'], 'fitStream')).not.toThrow();
    expect(() => checkOptionKeys({ initSample: 5 }, ['initSample', 'onProgress'], 'fitStream')).not.toThrow();
  });

  it('refuses a non-object as options, saying what was expected', () => {
    for (const value of [null, 3, 'x', undefined]) {
      const error = thrown(() => checkOptionKeys(value, ['a'], 'fitStream'));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('options');
    }
    expect(
      thrown(() => checkOptionKeys(null, ['itemNames'], 'fitStream', 'an object { itemNames? }')).message,
    ).toBe('Invalid option options: expected an object { itemNames? }, received null.');
  });

  it('names the first unknown key, its value and the known ones', () => {
    const error = thrown(() =>
      checkOptionKeys({ initSample: 1, initSampel: 2 }, ['initSample', 'onProgress'], 'fitStream'),
    );
    expect(error.message).toBe(
      'Invalid option initSampel: expected no such option of fitStream (known: initSample, onProgress), received 2.',
    );
    // An array's indices are keys like any other (as the copies read them).
    expect((thrown(() => checkOptionKeys([7], ['a'], 'partialFit')) as InvalidOptionError).option).toBe('0');
  });
});

describe('checkOnProgress', () => {
  it('passes undefined and functions, refuses anything else naming onProgress', () => {
    expect(() => checkOnProgress(undefined)).not.toThrow();
    expect(() => checkOnProgress(() => {})).not.toThrow();
    for (const value of [null, 1, 'log', {}]) {
      const error = thrown(() => checkOnProgress(value));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('onProgress');
    }
  });
});

describe('inSourceChunk', () => {
  it("returns the reader's value; re-throws its InvalidInputError at the chunk and the source's row", () => {
    expect(inSourceChunk(0, 0, () => 42)).toBe(42);
    const located = thrown(() =>
      inSourceChunk(3, 200, () => {
        throw new InvalidInputError('X', 'a finite number', Number.NaN, { row: 4, column: 2 });
      }),
    ) as InvalidInputError;
    expect([located.argument, located.row, located.column]).toEqual(['source chunk 3', 204, 2]);
    // An error about the chunk as a whole is placed at its first row.
    const whole = thrown(() =>
      inSourceChunk(1, 50, () => {
        throw new InvalidInputError('X', 'rows', 'nothing');
      }),
    ) as InvalidInputError;
    expect([whole.argument, whole.row, whole.column, whole.expected]).toEqual([
      'source chunk 1',
      50,
      undefined,
      'rows',
    ]);
  });

  it('lets any other error through as it is', () => {
    const own = new RangeError('not an input error');
    expect(
      thrown(() =>
        inSourceChunk(0, 0, () => {
          throw own;
        }),
      ),
    ).toBe(own);
  });
});
