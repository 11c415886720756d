/**
 * Typed errors shared by every `@em/*` package. Each says what was wrong, what was expected and
 * what was received, so a caller can show it as-is or branch on {@link EMError.code}.
 */

/**
 * Error codes carried by {@link EMError.code}; stable across versions.
 *
 * @example
 * ```ts
 * import { EMError, type EMErrorCode } from '@em/core';
 * const isBadInput = (error: unknown) =>
 *   error instanceof EMError && (['INVALID_OPTION', 'INVALID_INPUT'] as EMErrorCode[]).includes(error.code);
 * ```
 */
export type EMErrorCode =
  | 'INVALID_OPTION'
  | 'INVALID_INPUT'
  | 'NOT_FITTED'
  | 'NON_FINITE_LOG_LIKELIHOOD'
  | 'LIKELIHOOD_DECREASE'
  | 'NUMERICAL'
  | 'MODEL_CONTRACT';

/**
 * Base class of every error thrown by `@em/*` packages.
 *
 * @example
 * ```ts
 * import { EMError, runEM } from '@em/core';
 * try {
 *   runEM(model, params, { maxIter: 0 });
 * } catch (error) {
 *   if (error instanceof EMError) console.error(error.code, error.message);
 * }
 * ```
 */
export class EMError extends Error {
  /** `'EMError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'EMError';
  /** Machine-readable kind of failure. */
  readonly code: EMErrorCode;

  constructor(code: EMErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Renders a received value for an error message: short, never the whole of a large array.
 *
 * @example
 * ```ts
 * import { describeValue } from '@em/core';
 * describeValue([1, 2, 3]); // 'array of length 3'
 * describeValue(NaN);       // 'NaN'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return quote(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name} of length ${(value as Float64Array).length}`;
  if (typeof value === 'object') return `object (${value.constructor?.name ?? 'Object'})`;
  return String(value);
}

/**
 * JSON-quoted, with what JSON leaves raw escaped too: DEL and the C1 controls (a terminal acts on them),
 * line and paragraph separators, bidirectional overrides, and lone surrogates.
 */
function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * An option has the wrong type or is out of range.
 *
 * @example
 * ```ts
 * import { InvalidOptionError } from '@em/core';
 * const error = new InvalidOptionError('maxIter', 'an integer >= 1', 0);
 * error.message; // 'Invalid option maxIter: expected an integer >= 1, received 0.'
 * ```
 */
export class InvalidOptionError extends EMError {
  /** `'InvalidOptionError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'InvalidOptionError';
  /** Name of the offending option, as the caller spelled it in the API. */
  readonly option: string;
  /** What a valid value looks like. */
  readonly expected: string;
  /** The value that was passed. */
  readonly received: unknown;

  constructor(option: string, expected: string, received: unknown, hint?: string) {
    super(
      'INVALID_OPTION',
      `Invalid option ${option}: expected ${expected}, received ${describeValue(received)}.${hint ? ` ${hint}` : ''}`,
    );
    this.option = option;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * Where in the input a problem was found. Rows and columns are 0-based.
 *
 * @example
 * ```ts
 * import { InvalidInputError, type InputLocation } from '@em/core';
 * const where: InputLocation = { row: 12, column: 0 };
 * throw new InvalidInputError('X', 'a finite number', Infinity, where);
 * // InvalidInputError: Invalid X at row 12, column 0: expected a finite number, received Infinity.
 * ```
 */
export interface InputLocation {
  /** 0-based row (sample) index. */
  row?: number;
  /** 0-based column (feature) index. */
  column?: number;
}

/**
 * Input data (an argument, not an option) is malformed: wrong shape, non-finite value, too few rows.
 *
 * @example
 * ```ts
 * import { InvalidInputError } from '@em/core';
 * const error = new InvalidInputError('X', 'a finite number', NaN, { row: 3, column: 1 });
 * error.message; // 'Invalid X at row 3, column 1: expected a finite number, received NaN.'
 * ```
 */
export class InvalidInputError extends EMError {
  /** `'InvalidInputError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'InvalidInputError';
  /** Name of the offending argument (for example `'X'`). */
  readonly argument: string;
  /** What a valid value looks like. */
  readonly expected: string;
  /** The value (or a description of it) that was passed. */
  readonly received: unknown;
  /** 0-based row of the problem, when it concerns one row. */
  readonly row: number | undefined;
  /** 0-based column of the problem, when it concerns one column. */
  readonly column: number | undefined;

  constructor(argument: string, expected: string, received: unknown, location: InputLocation = {}) {
    const where = [
      location.row === undefined ? '' : `row ${location.row}`,
      location.column === undefined ? '' : `column ${location.column}`,
    ]
      .filter(Boolean)
      .join(', ');
    super(
      'INVALID_INPUT',
      `Invalid ${argument}${where ? ` at ${where}` : ''}: expected ${expected}, received ${describeValue(received)}.`,
    );
    this.argument = argument;
    this.expected = expected;
    this.received = received;
    this.row = location.row;
    this.column = location.column;
  }
}

/**
 * A method that needs a fitted model was called before `fit`.
 *
 * @example
 * ```ts
 * import { NotFittedError } from '@em/core';
 * throw new NotFittedError('GaussianMixture', 'predict');
 * // NotFittedError: This GaussianMixture is not fitted yet: call fit() before predict().
 * ```
 */
export class NotFittedError extends EMError {
  /** `'NotFittedError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'NotFittedError';
  constructor(model: string, method: string) {
    super('NOT_FITTED', `This ${model} is not fitted yet: call fit() before ${method}().`);
  }
}

/**
 * The model reported a log-likelihood that is NaN or infinite.
 *
 * @example
 * ```ts
 * import { NonFiniteLogLikelihoodError } from '@em/core';
 * const error = new NonFiniteLogLikelihoodError(4, NaN);
 * error.iteration; // 4
 * ```
 */
export class NonFiniteLogLikelihoodError extends EMError {
  /** `'NonFiniteLogLikelihoodError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'NonFiniteLogLikelihoodError';
  /** 1-based iteration whose E-step reported the value. */
  readonly iteration: number;
  /** The non-finite value (NaN or ±Infinity). */
  readonly logLikelihood: number;

  constructor(iteration: number, logLikelihood: number) {
    super(
      'NON_FINITE_LOG_LIKELIHOOD',
      `The log-likelihood at iteration ${iteration} is ${describeValue(logLikelihood)}; ` +
        'check the data for extreme values and the model for a degenerate component.',
    );
    this.iteration = iteration;
    this.logLikelihood = logLikelihood;
  }
}

/**
 * The log-likelihood went down between iterations (thrown only with `strict: true`). EM never
 * decreases the likelihood, so this points at a wrong M-step or E-step.
 *
 * @example
 * ```ts
 * import { LikelihoodDecreaseError } from '@em/core';
 * const error = new LikelihoodDecreaseError(3, 0.25);
 * error.amount; // 0.25
 * ```
 */
export class LikelihoodDecreaseError extends EMError {
  /** `'LikelihoodDecreaseError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'LikelihoodDecreaseError';
  /** 1-based iteration whose log-likelihood was lower than the previous one. */
  readonly iteration: number;
  /** By how much it decreased (positive). */
  readonly amount: number;

  constructor(iteration: number, amount: number) {
    super(
      'LIKELIHOOD_DECREASE',
      `The log-likelihood decreased by ${amount} at iteration ${iteration}; ` +
        'EM never decreases it, so the M-step (or E-step) of this model is wrong.',
    );
    this.iteration = iteration;
    this.amount = amount;
  }
}

/**
 * A numerical failure inside a model, such as a covariance matrix that cannot be factored.
 *
 * @example
 * ```ts
 * import { NumericalError } from '@em/core';
 * throw new NumericalError('Component 2 has a singular covariance after iteration 7.', 'Increase regCovar.');
 * // NumericalError: Component 2 has a singular covariance after iteration 7. Increase regCovar.
 * ```
 */
export class NumericalError extends EMError {
  /** `'NumericalError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'NumericalError';
  /** What to try (for example a larger `regCovar`), also appended to the message. */
  readonly suggestion: string | undefined;

  constructor(message: string, suggestion?: string) {
    super('NUMERICAL', suggestion ? `${message} ${suggestion}` : message);
    this.suggestion = suggestion;
  }
}

/**
 * A model broke its contract with the EM loop: a step returned something of the wrong shape, or
 * `pack`/`unpack` (used by acceleration) returned a wrong length or threw. It names the method, what
 * was expected and what was received; the model's own error, if any, is kept as `cause`.
 *
 * @example
 * ```ts
 * import { ModelContractError } from '@em/core';
 * const error = new ModelContractError('pack', 'a Float64Array of length 3 (as for the initial parameters)', new Float64Array(2));
 * error.message;
 * // 'The model\'s pack broke the EM contract: expected a Float64Array of length 3 (as for the initial parameters), received Float64Array of length 2.'
 * ```
 */
export class ModelContractError extends EMError {
  /** `'ModelContractError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'ModelContractError';
  /** The model method at fault: `'eStep'`, `'mStep'`, `'pack'` or `'unpack'`. */
  readonly method: string;
  /** What the loop expected from it. */
  readonly expected: string;
  /** What it returned (or the error it threw). */
  readonly received: unknown;

  constructor(method: string, expected: string, received: unknown, cause?: unknown) {
    const got = cause === undefined ? describeValue(received) : `an error: ${errorText(cause)}`;
    super(
      'MODEL_CONTRACT',
      `The model's ${method} broke the EM contract: expected ${expected}, received ${got}.`,
    );
    this.method = method;
    this.expected = expected;
    this.received = received;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : describeValue(error);
}
