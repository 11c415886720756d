import type { FlatMatrix, RandomSource } from '@em/core/numeric';

/**
 * A uniform random sample of at most `capacity` rows of a stream read once (Vitter's Algorithm R).
 * While the stream has no more rows than `capacity`, the sample is every row in order and no
 * random number is drawn: an initialisation from it is the initialisation `fit` makes from all rows.
 */
export class Reservoir {
  private data: Float64Array;
  /** Each kept row's index among the rows offered (0-based), when `trackIndex`. */
  private index: Float64Array | undefined;
  private kept = 0;
  /** Rows offered so far. */
  seen = 0;
  /** Rows offered but left out of the draw (`skip`). */
  skipped = 0;

  constructor(
    private readonly capacity: number,
    readonly cols: number,
    private readonly random: RandomSource,
    trackIndex = false,
  ) {
    // Grows as rows come, so a small source does not pay for a large capacity.
    this.data = new Float64Array(Math.min(capacity, 4096) * cols);
    if (trackIndex) this.index = new Float64Array(Math.min(capacity, 4096));
  }

  /**
   * Offers a block's rows. `skip` (1 per row) leaves rows out of the draw while still counting them
   * as rows offered (`seen`, and the indices), so the sample is uniform over the other rows.
   */
  offer(block: FlatMatrix, skip?: Uint8Array): void {
    const { cols } = this;
    for (let i = 0; i < block.rows; i++, this.seen++) {
      if (skip?.[i]) {
        this.skipped++;
        continue;
      }
      let slot: number;
      if (this.kept < this.capacity) {
        slot = this.kept++;
        if (slot * cols >= this.data.length) this.grow();
      } else {
        slot = Math.floor(this.random() * (this.seen - this.skipped + 1));
        if (slot >= this.capacity) continue;
      }
      this.data.set(block.data.subarray(i * cols, (i + 1) * cols), slot * cols);
      if (this.index) this.index[slot] = this.seen;
    }
  }

  private grow(): void {
    const next = new Float64Array(Math.min(this.capacity, 2 * (this.data.length / this.cols)) * this.cols);
    next.set(this.data);
    this.data = next;
    if (this.index) {
      const index = new Float64Array(next.length / this.cols);
      index.set(this.index);
      this.index = index;
    }
  }

  /** The sample as a matrix (a view of the reservoir). */
  sample(): FlatMatrix {
    return { data: this.data.subarray(0, this.kept * this.cols), rows: this.kept, cols: this.cols };
  }

  /** The 0-based index, among all rows offered, of each sampled row (with `trackIndex`). */
  sampleIndex(): number[] {
    return Array.from(this.index?.subarray(0, this.kept) ?? []);
  }
}
