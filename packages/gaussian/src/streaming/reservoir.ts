import type { FlatMatrix, RandomSource } from '@em/core/numeric';

/**
 * A uniform random sample of at most `capacity` rows of a stream read once (Vitter's Algorithm R).
 * While the stream has no more rows than `capacity`, the sample is every row in order and no
 * random number is drawn: an initialisation from it is the initialisation `fit` makes from all rows.
 */
export class Reservoir {
  private data: Float64Array;
  private kept = 0;
  /** Rows offered so far. */
  seen = 0;

  constructor(
    private readonly capacity: number,
    readonly cols: number,
    private readonly random: RandomSource,
  ) {
    // Grows as rows come, so a small source does not pay for a large capacity.
    this.data = new Float64Array(Math.min(capacity, 4096) * cols);
  }

  offer(block: FlatMatrix): void {
    const { cols } = this;
    for (let i = 0; i < block.rows; i++, this.seen++) {
      let slot: number;
      if (this.kept < this.capacity) {
        slot = this.kept++;
        if (slot * cols >= this.data.length) this.grow();
      } else {
        slot = Math.floor(this.random() * (this.seen + 1));
        if (slot >= this.capacity) continue;
      }
      this.data.set(block.data.subarray(i * cols, (i + 1) * cols), slot * cols);
    }
  }

  private grow(): void {
    const next = new Float64Array(Math.min(this.capacity, 2 * (this.data.length / this.cols)) * this.cols);
    next.set(this.data);
    this.data = next;
  }

  /** The sample as a matrix (a view of the reservoir). */
  sample(): FlatMatrix {
    return { data: this.data.subarray(0, this.kept * this.cols), rows: this.kept, cols: this.cols };
  }
}
