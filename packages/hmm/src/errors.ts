import { describeValue, InvalidInputError } from '@em/core';

/**
 * An observation sequence is malformed: empty, a value that is not finite, a symbol outside the
 * alphabet, a count that is not a non-negative integer, or a different number of features than the
 * model. Names the sequence (0-based, in the order given) and the position in it (0-based step).
 * It is an `InvalidInputError` (code `'INVALID_INPUT'`), whose `row` is the position and `column`
 * the feature.
 *
 * @example
 * ```ts
 * import { HiddenMarkovModel, SequenceInputError } from '@em/hmm';
 * const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', nFeatures: 3, randomState: 0 });
 * try {
 *   hmm.fit([[0, 1, 2], [2, 7]]);
 * } catch (error) {
 *   if (error instanceof SequenceInputError) console.log(error.sequence, error.position); // 1 1
 * }
 * ```
 */
export class SequenceInputError extends InvalidInputError {
  /** `'SequenceInputError'`: a literal, so it survives minification. */
  override name = 'SequenceInputError';
  /** 0-based index of the offending sequence. */
  readonly sequence: number;
  /** 0-based step within the sequence, when the problem is one observation. */
  readonly position: number | undefined;
  /** 0-based feature (column), when the problem is one value. */
  readonly feature: number | undefined;

  constructor(
    argument: string,
    expected: string,
    received: unknown,
    where: { sequence: number; position?: number; feature?: number },
  ) {
    super(argument, expected, received, { row: where.position, column: where.feature });
    this.sequence = where.sequence;
    this.position = where.position;
    this.feature = where.feature;
    const at = [
      `sequence ${where.sequence}`,
      where.position === undefined ? '' : `position ${where.position}`,
      where.feature === undefined ? '' : `feature ${where.feature}`,
    ]
      .filter(Boolean)
      .join(', ');
    this.message = `Invalid ${argument} at ${at}: expected ${expected}, received ${describeValue(received)}.`;
  }
}
