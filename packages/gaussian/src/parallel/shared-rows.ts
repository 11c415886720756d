/**
 * The SharedArrayBuffer a fit's rows are copied into for its workers, kept by the pool for its
 * next fit. A fresh buffer costs a page fault per 4 KiB written: for 6.4 MB of rows about 3 ms on
 * the calling thread before the workers can start, a twentieth of a whole 8-feature fit on two
 * workers; copying into a buffer already touched costs a fifth of that. The buffer lives as long
 * as the pool object (as the workers' copies of the rows do) and is as large as its largest fit.
 */
const spare = new WeakMap<object, SharedArrayBuffer>();

/** A shared array of `length` doubles for a fit on `pool` (its contents are whatever the last fit left). */
export function takeSharedRows(pool: object, length: number): Float64Array {
  const kept = spare.get(pool);
  if (kept && kept.byteLength >= length * 8) {
    spare.delete(pool);
    return new Float64Array(kept, 0, length);
  }
  return new Float64Array(new SharedArrayBuffer(length * 8));
}

/** The fit on `pool` that took `rows` has ended and no worker reads them any more: its next fit may take them. */
export function returnSharedRows(pool: object, rows: Float64Array): void {
  const buffer = rows.buffer as SharedArrayBuffer;
  const kept = spare.get(pool);
  if (!kept || kept.byteLength < buffer.byteLength) spare.set(pool, buffer);
}
