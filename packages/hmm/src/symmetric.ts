// Full and tied covariances are symmetric: a saved or given matrix that is not was edited or built
// wrongly, and the Cholesky factor (which reads one triangle) would silently use half of it.

/** Relative tolerance of the symmetry check, scaled by the entry's variances. */
const TOLERANCE = 1e-9;

/**
 * The first entry of the d × d blocks of `values` (row-major, one after another) that differs from its
 * mirror image beyond rounding: its block, row and column; undefined when every block is symmetric.
 */
export function asymmetricEntry(
  values: Float64Array,
  d: number,
): { block: number; row: number; column: number; value: number; mirror: number } | undefined {
  const size = d * d;
  for (let b = 0; b * size < values.length; b++) {
    const at = b * size;
    for (let i = 0; i < d; i++)
      for (let j = 0; j < i; j++) {
        const value = values[at + i * d + j]!;
        const mirror = values[at + j * d + i]!;
        const scale = Math.max(
          Math.sqrt(Math.abs(values[at + i * d + i]! * values[at + j * d + j]!)),
          Math.abs(value),
          Math.abs(mirror),
        );
        if (Math.abs(value - mirror) > TOLERANCE * scale)
          return { block: b, row: i, column: j, value, mirror };
      }
  }
  return undefined;
}
