/**
 * The LSAT data: responses of 1000 examinees to five items of Section 6 of the Law School Admission
 * Test, as the 32 possible response patterns and how many examinees gave each (Bock & Lieberman 1970,
 * Psychometrika 35:179–197; also Bock & Aitkin 1981 and Thissen 1982). It is R's `ltm::LSAT` and
 * `mirt::LSAT6`. Proportions correct: .924, .709, .553, .763, .870. Two patterns (01010, 01100) were
 * given by nobody.
 *
 * @example
 * ```ts
 * import { ItemResponseModel, LSAT } from '@em/irt';
 * LSAT.frequencies.reduce((s, n) => s + n, 0); // 1000
 * const rasch = new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies });
 * rasch.logLikelihood; // ≈ -2466.938 (ltm: rasch(LSAT))
 * ```
 */
export const LSAT: {
  /** Item names, as in ltm. */
  readonly itemNames: readonly string[];
  /** The 32 response patterns (rows of five 0/1 responses), in binary order. */
  readonly patterns: readonly (readonly number[])[];
  /** Number of examinees who gave each pattern. */
  readonly frequencies: readonly number[];
} = {
  itemNames: ['Item 1', 'Item 2', 'Item 3', 'Item 4', 'Item 5'],
  patterns: [
    [0, 0, 0, 0, 0],
    [0, 0, 0, 0, 1],
    [0, 0, 0, 1, 0],
    [0, 0, 0, 1, 1],
    [0, 0, 1, 0, 0],
    [0, 0, 1, 0, 1],
    [0, 0, 1, 1, 0],
    [0, 0, 1, 1, 1],
    [0, 1, 0, 0, 0],
    [0, 1, 0, 0, 1],
    [0, 1, 0, 1, 0],
    [0, 1, 0, 1, 1],
    [0, 1, 1, 0, 0],
    [0, 1, 1, 0, 1],
    [0, 1, 1, 1, 0],
    [0, 1, 1, 1, 1],
    [1, 0, 0, 0, 0],
    [1, 0, 0, 0, 1],
    [1, 0, 0, 1, 0],
    [1, 0, 0, 1, 1],
    [1, 0, 1, 0, 0],
    [1, 0, 1, 0, 1],
    [1, 0, 1, 1, 0],
    [1, 0, 1, 1, 1],
    [1, 1, 0, 0, 0],
    [1, 1, 0, 0, 1],
    [1, 1, 0, 1, 0],
    [1, 1, 0, 1, 1],
    [1, 1, 1, 0, 0],
    [1, 1, 1, 0, 1],
    [1, 1, 1, 1, 0],
    [1, 1, 1, 1, 1],
  ],
  frequencies: [
    3, 6, 2, 11, 1, 1, 3, 4, 1, 8, 0, 16, 0, 3, 2, 15, 10, 29, 14, 81, 3, 28, 15, 80, 16, 56, 21, 173, 11, 61,
    28, 298,
  ],
};
