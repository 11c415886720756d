import type { CovarianceType } from '../../types.js';
import { componentConstants } from '../specialized/generic.js';
import { blockRows, type FusedEStep, triangleOf } from '../specialized/types.js';
import { type CompiledKernels, instantiateKernels } from './module.js';

/** Rows copied into WebAssembly memory per kernel call (the chunks of `estep.ts` are this size). */
const CHUNK_ROWS = 4096;
/**
 * When the caller says how many rows a fit has (`rows`), rows up to this size stay in the
 * module's memory for the whole fit (each chunk copied once): copying them in again every
 * iteration cost about a tenth of a 32-feature diagonal E-step. Larger data is copied a chunk at a
 * time, so memory stays bounded.
 */
const MAX_RESIDENT_BYTES = 32 * 2 ** 20;
/** Chunks beyond rows / CHUNK_ROWS that may be cut shorter (a worker's jobs end anywhere). */
const RESIDENT_SPARE_CHUNKS = 64;
/** Rows per block of the full/tied kernel: a multiple of 4 (its tile height). */
const FULL_BLOCK_ROWS = 64;
/** Rows per block of the one-feature and two-feature kernels (even). */
const LANE_BLOCK_ROWS = 1024;

const TRIANGLE_CODE = { upper: 0, lower: 1, dense: 2 } as const;

/** Which kernel of assembly/kernels.ts serves a covariance type and dimension. */
type Shape = 'univariate' | 'diag' | 'full2' | 'full';

function shapeOf(type: CovarianceType, d: number): Shape {
  if (d === 1 && type !== 'tied') return 'univariate';
  if (type === 'diag' || type === 'spherical') return 'diag';
  return d === 2 ? 'full2' : 'full';
}

/** Bump allocator over the instance's memory, in doubles, every array 16-byte aligned (SIMD). */
function layout() {
  let next = 0;
  return {
    take(doubles: number): number {
      const at = next;
      next += doubles + (doubles & 1);
      return at;
    },
    get doubles() {
      return next;
    },
  };
}

/**
 * The fused E-step in WebAssembly SIMD (assembly/kernels.ts): the same statistics as
 * `specialized/generic.ts` to rounding. `module` is the compiled kernels (see `module.ts`). Fits
 * share an instance and its memory (`instantiateKernels`); a fit that finds the memory last written
 * by another starts again from zeros. A fit's rows stay in the memory up to `MAX_RESIDENT_BYTES`
 * (copied once, read every iteration); beyond that they are copied in one chunk at a time, so the
 * memory does not grow with the data.
 *
 * - one feature (any type but tied), and full or tied with two features: two rows per SIMD lane
 *   pair, every parameter and running sum in a register;
 * - diag and spherical (a diagonal with equal entries): two features per lane pair;
 * - full and tied: 4 × 4 register tiles of D U and (r ⊙ D)ᵀ D, D = X − μ padded to p = 4⌈d/4⌉.
 */
export function wasmEStep(
  type: CovarianceType,
  d: number,
  k: number,
  module: CompiledKernels,
  rows?: number,
): FusedEStep {
  const shape = shapeOf(type, d);
  const square = shape === 'full' || shape === 'full2'; // d × d factors and second moments
  const blocks = type === 'tied' ? 1 : k;
  const p = shape === 'full' ? (d + 3) & ~3 : shape === 'diag' ? d + (d & 1) : d;
  const B = shape === 'full' ? FULL_BLOCK_ROWS : shape === 'diag' ? evenBlock(d) : LANE_BLOCK_ROWS;

  const memory = layout();
  const xStride = square ? d : p;
  const X = memory.take(CHUNK_ROWS * xStride + 2);
  const means = memory.take(k * p);
  // Factors and second moments: p × p per block for full/tied, p per component otherwise.
  const parameterSize = square ? blocks * p * p : k * p;
  const factors = memory.take(parameterSize);
  const constant = memory.take(k);
  const scratch = memory.take(k * B);
  // Workspace: D and r ⊙ D for full, the block's two columns for full2, two lanes of partial
  // distances per row for diag.
  const diff = memory.take(shape === 'full' ? B * p : shape === 'univariate' ? 0 : 2 * B);
  const weighted = memory.take(shape === 'full' ? B * p : 0);
  const nk = memory.take(k);
  const s1 = memory.take(k * p);
  const s2 = memory.take(parameterSize);
  // A fit's rows, copied in once and read from there every iteration (see `residentRows`).
  const residentCapacity =
    rows !== undefined && rows * xStride * 8 <= MAX_RESIDENT_BYTES
      ? // Each chunk: its rows, two doubles of zeros after them, one more to stay 16-byte aligned.
        rows * xStride + 4 * (Math.ceil(rows / CHUNK_ROWS) + RESIDENT_SPARE_CHUNKS)
      : 0;
  const resident = memory.take(residentCapacity);
  const instance = instantiateKernels(module, memory.doubles * 8);
  const { exports, buffer, base } = instance;
  const me = {};
  // The memory never grows, so this view stays valid. Offsets above are in doubles from `base`.
  const f64 = new Float64Array(buffer, base);
  const constants = new Float64Array(k);

  // Element loops rather than `set(subarray(…))`: a view per row and component is an allocation
  // per copy, and a grid of small fits makes millions of them.
  function loadParameters(means_: Float64Array, prec: Float64Array): number {
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) f64[means + c * p + j] = means_[c * d + j]!;
    if (square) {
      for (let b = 0; b < blocks; b++) {
        for (let a = 0; a < d; a++) {
          const from = b * d * d + a * d;
          const to = factors + b * p * p + a * p;
          for (let j = 0; j < d; j++) f64[to + j] = prec[from + j]!;
        }
      }
      return shape === 'full' ? TRIANGLE_CODE[triangleOf(prec, blocks, d)] : 0;
    }
    for (let c = 0; c < k; c++) {
      if (type === 'spherical') f64.fill(prec[c]!, factors + c * p, factors + c * p + d);
      else for (let j = 0; j < d; j++) f64[factors + c * p + j] = prec[c * d + j]!;
    }
    return 0;
  }

  /** Copies rows [from, to) of X to `target` (in doubles) in the kernel's layout. */
  function loadRows(data: Float64Array, from: number, to: number, target = X): void {
    if (xStride === d) {
      const count = (to - from) * d;
      const start = from * d;
      // One view per chunk (a copy of contiguous memory), not one per row.
      f64.set(data.subarray(start, start + count), target);
      // The lane-pair kernels read one row past an odd count: make it zeros, not stale data.
      f64[target + count] = 0;
      f64[target + count + 1] = 0;
      return;
    }
    for (let i = from, at = target; i < to; i++, at += p)
      for (let j = 0; j < d; j++) f64[at + j] = data[i * d + j]!;
  }

  // The rows already in memory, by where they lie in the caller's buffer: a fit passes the same
  // rows (views of one array) every iteration, so each chunk is copied once, not once per E-step.
  let residentBuffer: ArrayBufferLike | undefined;
  const residentAt = new Map<number, { at: number; rows: number }>();
  let residentUsed = 0;
  function forgetResidentRows(): void {
    residentBuffer = undefined;
    residentAt.clear();
    residentUsed = 0;
  }
  /** Where rows [from, to) of `data` are in memory, copying them there the first time; X's area when there is no room. */
  function residentRows(data: Float64Array, from: number, to: number): number {
    if (residentCapacity === 0) {
      loadRows(data, from, to);
      return X;
    }
    if (data.buffer !== residentBuffer) {
      forgetResidentRows();
      residentBuffer = data.buffer;
    }
    const key = data.byteOffset + from * d * 8;
    const known = residentAt.get(key);
    if (known && known.rows === to - from) return known.at;
    const size = (to - from) * xStride + 2;
    if (known || residentUsed + size + (size & 1) > residentCapacity) {
      loadRows(data, from, to);
      return X;
    }
    const at = resident + residentUsed;
    loadRows(data, from, to, at);
    residentAt.set(key, { at, rows: to - from });
    residentUsed += size + (size & 1);
    return at;
  }

  // Byte addresses of the arrays, and the one kernel this shape calls: fixed for the fit.
  const at = (doubles: number) => base + doubles * 8;
  const pMeans = at(means);
  const pFactors = at(factors);
  const pConstant = at(constant);
  const pScratch = at(scratch);
  const pDiff = at(diff);
  const pWeighted = at(weighted);
  const pNk = at(nk);
  const pS1 = at(s1);
  const pS2 = at(s2);
  const tied = type === 'tied' ? 1 : 0;
  const kernel = ((): ((pX: number, rows: number, triangle: number) => number) => {
    switch (shape) {
      case 'full':
        return (pX, rows, triangle) =>
          exports.fullEStep(
            pX,
            rows,
            d,
            p,
            k,
            B,
            tied,
            triangle,
            pMeans,
            pFactors,
            pConstant,
            pScratch,
            pDiff,
            pWeighted,
            pNk,
            pS1,
            pS2,
          );
      case 'full2':
        return (pX, rows) =>
          exports.full2EStep(
            pX,
            rows,
            k,
            B,
            tied,
            pMeans,
            pFactors,
            pConstant,
            pScratch,
            pDiff,
            pNk,
            pS1,
            pS2,
          );
      case 'diag':
        return (pX, rows) =>
          exports.diagEStep(pX, rows, p, k, B, pMeans, pFactors, pConstant, pScratch, pDiff, pNk, pS1, pS2);
      case 'univariate':
        return (pX, rows) =>
          exports.univariateEStep(pX, rows, k, B, pMeans, pFactors, pConstant, pScratch, pNk, pS1, pS2);
    }
  })();

  return {
    mode: 'wasm',
    run(data, start, end, weights, means_, prec, stats) {
      if (instance.owner !== me) {
        // Another fit wrote the shared memory: the padding of means, factors and rows must be 0,
        // and the rows kept there are gone.
        f64.fill(0, 0, memory.doubles);
        instance.owner = me;
        forgetResidentRows();
      }
      componentConstants(type, d, k, weights, prec, constants);
      f64.set(constants, constant);
      const triangle = loadParameters(means_, prec);
      f64.fill(0, nk, nk + k);
      f64.fill(0, s1, s1 + k * p);
      f64.fill(0, s2, s2 + parameterSize);
      let logLikelihood = 0;
      for (let from = start; from < end; from += CHUNK_ROWS) {
        const to = Math.min(end, from + CHUNK_ROWS);
        logLikelihood += kernel(at(residentRows(data, from, to)), to - from, triangle);
      }
      addStatistics(stats);
      stats.n += end - start;
      stats.logLikelihood += logLikelihood;
    },
  };

  /** The kernel's padded statistics into the layouts of `kernels/types.ts`. */
  function addStatistics(stats: Parameters<FusedEStep['run']>[6]): void {
    for (let c = 0; c < k; c++) {
      stats.nk[c]! += f64[nk + c]!;
      for (let j = 0; j < d; j++) stats.s1[c * d + j]! += f64[s1 + c * p + j]!;
    }
    if (square) {
      for (let b = 0; b < blocks; b++) {
        for (let a = 0; a < d; a++) {
          for (let j = a; j < d; j++) stats.s2[b * d * d + a * d + j]! += f64[s2 + b * p * p + a * p + j]!;
        }
      }
    } else if (type === 'spherical') {
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += f64[s2 + c * p + j]!;
        stats.s2[c]! += sum;
      }
    } else {
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < d; j++) stats.s2[c * d + j]! += f64[s2 + c * p + j]!;
      }
    }
  }
}

/** The diagonal kernel's block: `blockRows`, made even (two rows share the log-sum-exp's lanes). */
function evenBlock(d: number): number {
  const rows = blockRows(d);
  return rows + (rows & 1);
}
