/**
 * Two tight groups of ten 2-D points, around (0, 0) and (5, 5): the data of selectModel's TSDoc
 * @example and of the README snippet, shared by the tests that run them.
 */
export const TWO_TIGHT_GROUPS: number[][] = [
  [0, 0.5],
  [5.42, 4.94],
  [0.45, -0.48],
  [5.07, 5.19],
  [-0.38, 0.43],
  [4.52, 4.7],
  [-0.14, -0.36],
  [5.33, 5.39],
  [0.49, 0.26],
  [5.21, 4.54],
  [-0.27, -0.14],
  [4.5, 5.49],
  [-0.27, 0.01],
  [5.21, 4.5],
  [0.5, 0.12],
  [5.33, 5.47],
  [-0.14, -0.24],
  [4.52, 4.59],
  [-0.38, 0.34],
  [5.07, 5.32],
];
