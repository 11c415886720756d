import { describeValue, InvalidInputError } from '@em/core';

/**
 * A genotype or phenotype of one person is malformed: a code out of range, a row with the wrong
 * number of loci, a phenotype missing from the table, or nothing observed at all. It names the
 * person (0-based row) and, when the problem concerns one, the locus (0-based column and its name).
 * A subclass of `InvalidInputError` from `@em/core`, so `row` and `column` are set as well.
 *
 * @example
 * ```ts
 * import { GenotypeError, haplotypeEM } from '@em/genetics';
 * try {
 *   haplotypeEM([[0, 1], [2, 3]]);
 * } catch (error) {
 *   if (error instanceof GenotypeError) console.log(error.person, error.locus); // 1 1
 * }
 * ```
 */
export class GenotypeError extends InvalidInputError {
  /** `'GenotypeError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'GenotypeError';
  /** 0-based index of the person (row of the input). */
  readonly person: number;
  /** 0-based index of the locus, or `undefined` when the problem is the whole row. */
  readonly locus: number | undefined;
  /** Name of the locus, when there is one. */
  readonly locusName: string | undefined;

  constructor(
    argument: string,
    expected: string,
    received: unknown,
    person: number,
    locus?: number,
    locusName?: string,
  ) {
    super(argument, expected, received, { row: person, column: locus });
    this.person = person;
    this.locus = locus;
    this.locusName = locusName;
    const where =
      locus === undefined
        ? `person ${person}`
        : `person ${person}, locus ${locus}${locusName === undefined ? '' : ` (${JSON.stringify(locusName)})`}`;
    this.message = `Invalid ${argument} for ${where}: expected ${expected}, received ${describeValue(received)}.`;
  }
}
