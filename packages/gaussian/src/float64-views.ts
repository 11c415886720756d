/** Doubles per slab: 32 KiB, so a fitted model that keeps its arrays keeps at most that much more. */
const SLAB_DOUBLES = 4096;
/** Larger requests get their own allocation (one allocation is then small beside their work). */
const LARGEST_FROM_SLAB = 1024;

let slab = new Float64Array(0);
let used = 0;

/**
 * Zero-filled Float64Arrays of the given lengths, as disjoint views of one buffer. V8 keeps a typed
 * array of more than 64 bytes outside its heap: each costs about a microsecond to allocate and is
 * freed by a background sweeper (CPU time on a second thread), and a model selection's small fits
 * allocate several per EM iteration, as much time as an E-step takes on mclust's data sets. Small
 * requests are therefore cut from a shared slab, never reused (a view's buffer may hold other
 * arrays: never transfer or detach it); a new slab is allocated when one is used up.
 */
export function float64Views(...lengths: number[]): Float64Array[] {
  let total = 0;
  for (const length of lengths) total += length;
  let buffer: Float64Array;
  let at = 0;
  if (total > LARGEST_FROM_SLAB) {
    buffer = new Float64Array(total);
  } else {
    if (used + total > slab.length) {
      slab = new Float64Array(SLAB_DOUBLES);
      used = 0;
    }
    buffer = slab;
    at = used;
    used += total;
  }
  const views: Float64Array[] = [];
  for (const length of lengths) {
    views.push(buffer.subarray(at, at + length));
    at += length;
  }
  return views;
}
