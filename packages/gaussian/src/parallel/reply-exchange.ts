/**
 * How the workers that run one k-means in lockstep (`kmeans-lockstep.ts`) see each other's replies
 * without a message through the calling thread: each step, every worker writes its replies into
 * its slot of a SharedArrayBuffer, waits at a barrier until all have written, and reads every
 * slot. A round trip through the calling thread cost 0.1–0.25 ms a step (20 to 40 steps a fit);
 * the barrier costs a few microseconds. Slots alternate between two sets by the parity of the
 * step, so a worker already writing step s + 1 never overwrites what a slower one still reads of
 * step s (it cannot write step s + 2 before that one has arrived at the barrier of step s + 1).
 */
import type { KmeansReply } from '../init/kmeans-ops.js';

/** Control words: workers arrived at the barrier, its generation, and a failure flag. */
const ARRIVED = 0;
const GENERATION = 1;
const FAILED = 2;
/** Bytes before the slots: the control words, padded to a double. */
const CONTROL_BYTES = 16;
/** How long a wait lasts before looking again (a terminated worker must not sleep through it). */
const WAIT_SLICE_MS = 100;
/**
 * How long a worker polls the barrier before it sleeps: partners arrive within tens of
 * microseconds when their work is balanced, and a sleeping thread can take a millisecond or more
 * to be woken where cores are virtual (the host must schedule the idle vCPU again).
 */
const SPIN_MS = 0.2;

/** The typed-array fields of a reply, in the order a slot stores them. */
const FIELDS = ['blocks', 'counts', 'found', 'labels', 'moments'] as const;

/** A SharedArrayBuffer for `parties` workers' replies of up to `slotDoubles` doubles a step each. */
export function createExchangeBuffer(parties: number, slotDoubles: number): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_BYTES + 2 * parties * slotDoubles * 8);
}

/**
 * Marks the exchange failed and wakes every worker waiting at its barrier: they throw instead of
 * waiting for a worker that will not come. Called by a worker that failed, and by the calling
 * thread when one of the workers' requests failed (a worker that exited cannot call it).
 */
export function failExchange(buffer: SharedArrayBuffer): void {
  const control = new Int32Array(buffer, 0, 3);
  Atomics.store(control, FAILED, 1);
  Atomics.add(control, GENERATION, 1);
  Atomics.notify(control, GENERATION);
}

/** The message of {@link PartnerFailedError}, as it reaches the calling thread. */
export const PARTNER_FAILED = 'another worker of this k-means failed';

/** Thrown in a worker whose partner failed: the partner's own error is the one to report. */
export class PartnerFailedError extends Error {
  constructor() {
    super(PARTNER_FAILED);
    this.name = 'PartnerFailedError';
  }
}

/** One worker's view of an exchange buffer: it is `party` of `parties`. */
export class ReplyExchange {
  private readonly control: Int32Array;
  private readonly slots: Float64Array;
  private step = 0;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly parties: number,
    private readonly party: number,
    private readonly slotDoubles: number,
  ) {
    this.control = new Int32Array(buffer, 0, 3);
    this.slots = new Float64Array(buffer, CONTROL_BYTES, 2 * parties * slotDoubles);
  }

  /**
   * Every party's replies to this step, in party order (`mine` as given, the others as they wrote
   * them). Blocks until every party has written its own.
   */
  gather(mine: KmeansReply[]): KmeansReply[][] {
    const set = (this.step++ & 1) * this.parties;
    this.write(mine, this.slot(set + this.party));
    this.arrive();
    return Array.from({ length: this.parties }, (_, p) =>
      p === this.party ? mine : this.read(this.slot(set + p)),
    );
  }

  private slot(index: number): Float64Array {
    return this.slots.subarray(index * this.slotDoubles, (index + 1) * this.slotDoubles);
  }

  /** [replies; per reply: changed (0 absent, 1 false, 2 true), then per field its length (−1 absent) and values]. */
  private write(replies: KmeansReply[], slot: Float64Array): void {
    let at = 0;
    const put = (value: number) => {
      if (at === slot.length)
        throw new Error(`k-means replies larger than the exchange's slot of ${slot.length} doubles`);
      slot[at++] = value;
    };
    put(replies.length);
    for (const reply of replies) {
      put(reply.changed === undefined ? 0 : reply.changed ? 2 : 1);
      for (const field of FIELDS) {
        const values = reply[field];
        put(values ? values.length : -1);
        if (!values) continue;
        if (at + values.length > slot.length)
          throw new Error(`k-means replies larger than the exchange's slot of ${slot.length} doubles`);
        slot.set(values, at);
        at += values.length;
      }
    }
  }

  private read(slot: Float64Array): KmeansReply[] {
    let at = 0;
    const count = slot[at++]!;
    const replies: KmeansReply[] = [];
    for (let r = 0; r < count; r++) {
      const reply: KmeansReply = {};
      const changed = slot[at++]!;
      if (changed > 0) reply.changed = changed === 2;
      for (const field of FIELDS) {
        const length = slot[at++]!;
        if (length < 0) continue;
        const values = slot.subarray(at, at + length);
        at += length;
        if (field === 'found' || field === 'labels') reply[field] = Int32Array.from(values);
        else reply[field] = values.slice();
      }
      replies.push(reply);
    }
    return replies;
  }

  /**
   * Waits until every party has arrived: the last one to arrive runs `lastArrived` (while the
   * others wait) and starts the next generation.
   */
  arrive(lastArrived?: () => void): void {
    const control = this.control;
    const generation = Atomics.load(control, GENERATION);
    if (Atomics.add(control, ARRIVED, 1) === this.parties - 1) {
      lastArrived?.();
      Atomics.store(control, ARRIVED, 0);
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, GENERATION);
    } else {
      const until = performance.now() + SPIN_MS;
      while (Atomics.load(control, GENERATION) === generation && performance.now() < until) {
        // Polling: the partner is probably about to arrive.
      }
      while (Atomics.load(control, GENERATION) === generation) {
        if (Atomics.load(control, FAILED)) break;
        Atomics.wait(control, GENERATION, generation, WAIT_SLICE_MS);
      }
    }
    if (Atomics.load(control, FAILED)) throw new PartnerFailedError();
  }
}
