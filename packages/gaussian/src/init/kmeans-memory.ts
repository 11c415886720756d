import { type CompiledKernels, type WasmKernelExports, wasmKernels } from '../kernels/wasm/module.js';
import { forEachBlock } from './kmeans-blocks.js';
import { kmeansInstance, releaseKmeansInstance } from './kmeans-instance.js';

/**
 * The per-row arrays of one k-means run (or of one thread's share of its rows: whole blocks of
 * `kmeans-blocks.ts`) and its hot loops, in one of two engines that give the same bits: WebAssembly SIMD (assembly/kmeans.ts; the arrays live in the instance's memory)
 * or scalar JavaScript (where WebAssembly is unavailable, and for small data, where setting up an
 * instance costs more than it saves).
 *
 * - {@link KmeansMemory.measureAll}, k-means++ seeding's distance pass: every row's squared
 *   distance to each candidate, summed in feature order, and each candidate's potential
 *   Σᵢ min(closestᵢ, δᵢ) per block, summed in row order;
 * - {@link KmeansMemory.assign}, Lloyd's assignment step with Hamerly's bounds (WebAssembly only:
 *   the JavaScript engine leaves it to `kmeans.ts`'s loop).
 *
 * Arrays have at least n entries (the WebAssembly ones one more when n is odd).
 */
export interface KmeansMemory {
  /** Squared distance of each row to its nearest seed, then to its centre. */
  readonly closest: Float64Array;
  /** Each row's cluster. */
  readonly labels: Int32Array;
  /** Hamerly's upper bounds (scratch during the seeding). */
  readonly upper: Float64Array;
  /** Hamerly's lower bounds. */
  readonly lower: Float64Array;
  /** Distances to the first seed (its d features) into `closest`; their sums per block into `potentials`. */
  measureFirst(seed: Float64Array, potentials: Float64Array): void;
  /**
   * Distances to each candidate (`candidates`: trials × d features) into trials 0, 1, … in one
   * pass over the data, and their potentials per block into `potentials` (block b, trial t at
   * b · trials + t), each summed in row order.
   */
  measureAll(candidates: Float64Array, potentials: Float64Array): void;
  /**
   * Takes trial `t`'s candidate as seed `c`: rows strictly nearer to it move to it (`labels`,
   * `closest`), and `second` (the `upper` array) keeps each row's second smallest distance.
   */
  choose(t: number, c: number): void;
  /** The run has ended: its WebAssembly memory (if any) may serve another run. */
  release(): void;
  /** The assignment step in WebAssembly, when this engine has it: see {@link HamerlyAssign}. */
  readonly assign?: HamerlyAssign;
  /**
   * Lloyd's assignment step without bounds (every row against every centre), in WebAssembly, for
   * data with at most {@link PLAIN_LLOYD_MAX_FEATURES} features: see `assembly/kmeans-lloyd.ts`.
   */
  readonly plainAssign?: PlainAssign;
}

/**
 * Each row's nearest centre into `labels` (the lowest index on ties); with `sums` and `counts`
 * (their contents are replaced), the centre update's sums per block (block b at b · k · d and
 * b · k), row by row in order. Returns whether a label changed.
 */
export type PlainAssign = (centers: Float64Array, sums?: Float64Array, counts?: Float64Array) => boolean;

/**
 * Up to this many features, a squared distance costs less than Hamerly's per-row bookkeeping
 * (loading and loosening two bounds, a hard-to-predict branch): measuring every row against every
 * centre, two rows per SIMD instruction and without a branch, is faster (`bench/kmeans.mjs`).
 */
export const PLAIN_LLOYD_MAX_FEATURES = 4;

/** Hamerly's state besides the per-row arrays, and the centre sums per block to fill if any (as {@link PlainAssign}). */
export type HamerlyAssign = (
  centers: Float64Array,
  moved: Float64Array,
  separation: Float64Array,
  largestMove: number,
  secondMove: number,
  largestMover: number,
  eta: number,
  sums?: Float64Array,
  counts?: Float64Array,
) => boolean;

/** Which engine runs k-means: `'auto'` picks WebAssembly when it pays and compiles. */
export type DistanceEngine = 'auto' | 'wasm' | 'js';

/** Below this many rows, `'auto'` stays in JavaScript (an instance and a copy of X cost more). */
const MIN_ROWS_FOR_WASM = 4096;
/** Above this many bytes of WebAssembly memory, `'auto'` stays in JavaScript. */
const MAX_WASM_BYTES = 1 << 30;

/** The arrays and passes of a k-means over the n rows of X, in blocks of `blockRows` (even) rows. */
export function kmeansMemory(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  trials: number,
  engine: DistanceEngine = 'auto',
  blockRows: number,
  wasm: () => CompiledKernels | Error = wasmKernels,
): KmeansMemory {
  if (engine === 'js') return jsMemory(X, n, d, trials, blockRows);
  const layout = wasmLayout(n, d, k, trials);
  const bytes = layout.doubles * 8;
  if (engine === 'auto' && (n < MIN_ROWS_FOR_WASM || bytes > MAX_WASM_BYTES))
    return jsMemory(X, n, d, trials, blockRows);
  const module = wasm();
  if (module instanceof Error) {
    if (engine === 'wasm') throw module;
    return jsMemory(X, n, d, trials, blockRows);
  }
  if (engine === 'wasm') return wasmMemory(X, n, d, k, module, layout, blockRows);
  try {
    return wasmMemory(X, n, d, k, module, layout, blockRows);
  } catch (error) {
    // An engine that refuses this much WebAssembly memory (a RangeError): the same in JavaScript.
    if (!(error instanceof RangeError)) throw error;
    return jsMemory(X, n, d, trials, blockRows);
  }
}

function jsMemory(X: Float64Array, n: number, d: number, trials: number, blockRows: number): KmeansMemory {
  const closest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const out = Array.from({ length: trials }, () => new Float64Array(n));
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  return {
    closest,
    labels,
    upper,
    lower: new Float64Array(n),
    release() {},
    measureFirst(seed, potentials) {
      forEachBlock(n, blockRows, (b, start, end) => {
        let potential = 0;
        for (let i = start, row = start * d; i < end; i++, row += d) {
          let dist = 0;
          for (let j = 0; j < d; j++) {
            const v = X[row + j]! - seed[j]!;
            dist += v * v;
          }
          // min(∞, δ) = δ: the sum is that of the distances, as the plain loop adds them.
          const nearest = closest[i]!;
          closest[i] = dist;
          potential += dist < nearest ? dist : nearest;
        }
        potentials[b] = potential;
      });
    },
    choose(t, c) {
      const distances = out[t]!;
      for (let i = 0; i < n; i++) {
        const dist = distances[i]!;
        const nearest = closest[i]!;
        if (dist < nearest) {
          // Strictly nearer: the lowest index wins ties, as in the unpruned argmin.
          upper[i] = nearest;
          closest[i] = dist;
          labels[i] = c;
        } else if (dist < upper[i]!) upper[i] = dist;
      }
    },
    measureAll(candidates, potentials) {
      const m = candidates.length / d;
      forEachBlock(n, blockRows, (b, start, end) => {
        const at = b * m;
        for (let t = 0; t < m; t++) potentials[at + t] = 0;
        for (let i = start, row = start * d; i < end; i++, row += d) {
          const nearest = closest[i]!;
          for (let t = 0; t < m; t++) {
            const base = t * d;
            let dist = 0;
            for (let j = 0; j < d; j++) {
              const v = X[row + j]! - candidates[base + j]!;
              dist += v * v;
            }
            out[t]![i] = dist;
            potentials[at + t]! += dist < nearest ? dist : nearest;
          }
        }
      });
    },
  };
}

/** Candidates per call of the group kernel. */
const GROUP = 4;

/** Trial buffers allocated: a whole number of groups. */
function groupedTrials(trials: number): number {
  return Math.ceil(trials / GROUP) * GROUP;
}

/** Offsets in doubles from the instance's heap base, each 16-byte aligned (every length is even). */
function wasmLayout(n: number, d: number, k: number, trials: number) {
  const even = (doubles: number) => doubles + (doubles & 1);
  const rows = even(n);
  let next = 0;
  const take = (doubles: number) => {
    const at = next;
    next += even(doubles);
    return at;
  };
  return {
    rows,
    pairs: take(rows * d),
    candidate: take(d),
    // Four candidates' features, both lanes equal; the group kernel's output addresses (i32) and
    // potentials; trials rounded up to a multiple of four (the group kernel's padding writes there).
    splats: take(GROUP * 2 * d),
    outs: take(GROUP / 2),
    potentials: take(GROUP),
    closest: take(rows),
    // Few features: the trials' distances are not kept (see `lowDimensionPasses`).
    trials: take(d <= PLAIN_LLOYD_MAX_FEATURES ? 0 : rows * groupedTrials(trials)),
    labels: take(rows / 2),
    upper: take(rows),
    lower: take(rows),
    centers: take(k * d),
    // The centres with both lanes equal, for the plain assignment step.
    centreSplats: take(2 * k * d),
    moved: take(k),
    separation: take(k),
    sums: take(k * d),
    counts: take(k),
    get doubles() {
      return next;
    },
  };
}

function wasmMemory(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  module: CompiledKernels,
  layout: ReturnType<typeof wasmLayout>,
  blockRows: number,
): KmeansMemory {
  const { rows } = layout;
  const instance = kmeansInstance(module, layout.doubles * 8);
  const { exports, buffer, base } = instance;
  const memory = new Float64Array(buffer, base, layout.doubles);
  const view = (at: number, length: number) => memory.subarray(at, at + length);
  const address = (doubles: number) => base + doubles * 8;
  // Block kernels start at an even row (blocks have an even number of rows): row `start`'s pair.
  const pairsAt = (start: number) => address(layout.pairs + start * d);
  const rowAt = (array: number, start: number) => address(array + start);
  const labelAt = (start: number) => address(layout.labels) + start * 4;
  // Rows two by two, interleaved by feature (the kernels' lanes); the padding row stays zero. The
  // candidates' area (8·d doubles) is free scratch at this point.
  memory.set(X.subarray(0, n * d), layout.pairs);
  exports.interleaveRowPairs(address(layout.pairs), rows / 2, d, address(layout.splats));
  const closest = view(layout.closest, rows).fill(Number.POSITIVE_INFINITY);
  const outs = new Uint32Array(buffer, address(layout.outs), GROUP);
  const potentialsOut = view(layout.potentials, GROUP);
  const centers = view(layout.centers, k * d);
  const moved = view(layout.moved, k);
  const separation = view(layout.separation, k);
  const sums = view(layout.sums, k * d);
  const counts = view(layout.counts, k);
  const centreSplats = view(layout.centreSplats, 2 * k * d);
  /**
   * An assignment kernel run block by block: each block's centre sums and counts start from zero
   * and are copied to the block's slot of `sums_`/`counts_` (the caller adds the blocks in order).
   * True if any label changed.
   */
  const assignByBlocks = (
    sums_: Float64Array | undefined,
    counts_: Float64Array | undefined,
    assignBlock: (start: number, rows: number, withSums: number) => number,
  ): boolean => {
    const withSums = sums_ && counts_ ? 1 : 0;
    let changed = 0;
    forEachBlock(n, blockRows, (b, start, end) => {
      sums.fill(0);
      counts.fill(0);
      changed |= assignBlock(start, end - start, withSums);
      if (sums_ && counts_) {
        sums_.set(sums, b * k * d);
        counts_.set(counts, b * k);
      }
    });
    return changed !== 0;
  };
  const plainAssign: PlainAssign = (centers_, sums_, counts_) => {
    for (let i = 0; i < k * d; i++) {
      centreSplats[2 * i] = centers_[i]!;
      centreSplats[2 * i + 1] = centers_[i]!;
    }
    return assignByBlocks(sums_, counts_, (start, rows, withSums) =>
      exports.lloydAssign(
        pairsAt(start),
        rows,
        d,
        k,
        address(layout.centreSplats),
        labelAt(start),
        address(layout.sums),
        address(layout.counts),
        withSums,
      ),
    );
  };
  const passes: KmeansMemory = {
    closest,
    labels: new Int32Array(buffer, address(layout.labels), rows),
    upper: view(layout.upper, rows),
    lower: view(layout.lower, rows),
    release: () => releaseKmeansInstance(instance),
    measureFirst(seed, potentials) {
      memory.set(seed, layout.candidate);
      forEachBlock(n, blockRows, (b, start, end) => {
        potentials[b] = exports.candidateDistances(
          pairsAt(start),
          end - start,
          d,
          address(layout.candidate),
          rowAt(layout.closest, start),
          rowAt(layout.closest, start),
        );
      });
    },
    choose(t, c) {
      exports.chooseSeed(
        address(layout.trials + t * rows),
        n,
        c,
        address(layout.closest),
        address(layout.upper),
        address(layout.labels),
      );
    },
    measureAll(candidates, potentials) {
      const m = candidates.length / d;
      for (let g = 0; g < m; g += GROUP) {
        for (let t = 0; t < GROUP; t++) {
          // A short last group repeats its last candidate into the spare trial buffers.
          const candidate = Math.min(g + t, m - 1);
          for (let j = 0; j < d; j++) {
            const value = candidates[candidate * d + j]!;
            memory[layout.splats + 2 * (t * d + j)] = value;
            memory[layout.splats + 2 * (t * d + j) + 1] = value;
          }
        }
        forEachBlock(n, blockRows, (b, start, end) => {
          for (let t = 0; t < GROUP; t++) outs[t] = rowAt(layout.trials + (g + t) * rows, start);
          exports.candidateGroupDistances(
            pairsAt(start),
            end - start,
            d,
            address(layout.splats),
            rowAt(layout.closest, start),
            address(layout.outs),
            address(layout.potentials),
          );
          for (let t = 0; t < GROUP && g + t < m; t++) potentials[b * m + g + t] = potentialsOut[t]!;
        });
      }
    },
    assign(centers_, moved_, separation_, largestMove, secondMove, largestMover, eta, sums_, counts_) {
      centers.set(centers_);
      moved.set(moved_);
      separation.set(separation_);
      return assignByBlocks(sums_, counts_, (start, rows, withSums) =>
        exports.hamerlyAssign(
          pairsAt(start),
          rows,
          d,
          k,
          address(layout.centers),
          labelAt(start),
          rowAt(layout.upper, start),
          rowAt(layout.lower, start),
          rowAt(layout.closest, start),
          address(layout.moved),
          address(layout.separation),
          largestMove,
          secondMove,
          largestMover,
          eta,
          address(layout.sums),
          address(layout.counts),
          withSums,
        ),
      );
    },
  };
  if (d > PLAIN_LLOYD_MAX_FEATURES) return passes;
  return { ...passes, ...lowDimensionPasses(d, n, exports, memory, address, layout, blockRows), plainAssign };
}

/**
 * The seeding passes for few features: a distance then costs less than storing it and reading it
 * back, so `measureAll` only sums the candidates' potentials and `choose` measures the chosen one
 * again (the same distances to the bit: `assembly/kmeans-seeding-lowd.ts`). It leaves `upper` (the
 * second smallest distances) unset: the plain assignment step needs no bounds.
 */
function lowDimensionPasses(
  d: number,
  n: number,
  exports: WasmKernelExports,
  memory: Float64Array,
  address: (doubles: number) => number,
  layout: ReturnType<typeof wasmLayout>,
  blockRows: number,
): Pick<KmeansMemory, 'measureAll' | 'choose'> {
  let measured = new Float64Array(0);
  const splat = (from: Float64Array, candidate: number, at: number) => {
    for (let j = 0; j < d; j++) {
      const value = from[candidate * d + j]!;
      memory[at + 2 * j] = value;
      memory[at + 2 * j + 1] = value;
    }
  };
  const potentialsOut = memory.subarray(layout.potentials, layout.potentials + GROUP);
  return {
    measureAll(candidates, potentials) {
      measured = candidates.slice();
      const m = candidates.length / d;
      for (let g = 0; g < m; g += GROUP) {
        for (let t = 0; t < GROUP; t++) {
          // A short last group repeats its last candidate.
          splat(candidates, Math.min(g + t, m - 1), layout.splats + 2 * t * d);
        }
        forEachBlock(n, blockRows, (b, start, end) => {
          exports.candidateGroupPotentials(
            address(layout.pairs + start * d),
            end - start,
            d,
            address(layout.splats),
            address(layout.closest + start),
            address(layout.potentials),
          );
          for (let t = 0; t < GROUP && g + t < m; t++) potentials[b * m + g + t] = potentialsOut[t]!;
        });
      }
    },
    choose(t, c) {
      splat(measured, t, layout.splats);
      exports.chooseCandidate(
        address(layout.pairs),
        n,
        d,
        address(layout.splats),
        c,
        address(layout.closest),
        address(layout.labels),
      );
    },
  };
}
