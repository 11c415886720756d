/**
 * Entry (i, j) of a nested matrix whose shape was already validated. (A helper rather than `m[i]![j]!`,
 * which Biome's noExtraNonNullAssertion fix would turn into code that no longer type-checks.)
 */
export function at(matrix: readonly (readonly number[])[], i: number, j: number): number {
  return (matrix[i] as readonly number[])[j] as number;
}
