import { InvalidOptionError } from '../errors.js';

/**
 * A uniform random sample of at most `capacity` items of a stream read once (Vitter's Algorithm R),
 * for initialisations that need data. While the stream has no more items than `capacity`, the sample
 * is every item in order and no random number is drawn: an initialisation from it is the one an
 * in-memory fit makes from all the data.
 *
 * @example
 * ```ts
 * import { ReservoirSample } from '@em/core/stream';
 * const sample = new ReservoirSample<number>(3, Math.random);
 * for (const x of [10, 20]) sample.offer(x);
 * sample.items; // [10, 20]: everything, in order, while it fits
 * ```
 */
export class ReservoirSample<T> {
  /** The items kept: all of them in order until `capacity` is reached. */
  readonly items: T[] = [];
  /** Items offered so far. */
  seen = 0;

  constructor(
    private readonly capacity: number,
    private readonly random: () => number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new InvalidOptionError('capacity', 'an integer >= 1', capacity);
  }

  /** Offers one more item of the stream. */
  offer(item: T): void {
    this.seen++;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.capacity) this.items[slot] = item;
  }
}
