import { type CompiledKernels, instantiateKernels, wasmKernels } from '../kernels/wasm/module.js';

/**
 * The distance pass of k-means++ seeding, which dominates it: every row's squared distance to one
 * candidate row, summed in feature order, and the candidate's potential Σᵢ min(closestᵢ, δᵢ)
 * summed in row order. Two engines give the same bits: WebAssembly SIMD (assembly/kmeans.ts, two
 * rows per instruction) and a scalar JavaScript loop (where WebAssembly is unavailable, and for
 * small data, where setting up an instance costs more than it saves).
 */
export interface CandidateDistances {
  /** Squared distance of each row to its nearest seed so far (length ≥ n). */
  readonly closest: Float64Array;
  /** Trial `t`'s distances, written by {@link CandidateDistances.measure} (length ≥ n). */
  trial(t: number): Float64Array;
  /** Distances to row `candidate` into trial `t` (or into `closest` for t = −1); the potential. */
  measure(candidate: number, t: number): number;
}

/** Which engine computes the distances: `'auto'` picks WebAssembly when it pays and compiles. */
export type DistanceEngine = 'auto' | 'wasm' | 'js';

/** Below this many rows, `'auto'` stays in JavaScript (an instance and a copy of X cost more). */
const MIN_ROWS_FOR_WASM = 4096;
/** Above this many bytes of WebAssembly memory, `'auto'` stays in JavaScript. */
const MAX_WASM_BYTES = 1 << 30;

export function candidateDistances(
  X: Float64Array,
  n: number,
  d: number,
  trials: number,
  engine: DistanceEngine = 'auto',
  wasm: () => CompiledKernels | Error = wasmKernels,
): CandidateDistances {
  if (engine === 'js') return jsDistances(X, n, d, trials);
  const rows = n + (n & 1);
  const bytes = 8 * (rows * d + (d + (d & 1)) + rows * (trials + 1));
  if (engine === 'auto' && (n < MIN_ROWS_FOR_WASM || bytes > MAX_WASM_BYTES))
    return jsDistances(X, n, d, trials);
  const module = wasm();
  if (module instanceof Error) {
    if (engine === 'wasm') throw module;
    return jsDistances(X, n, d, trials);
  }
  return wasmDistances(X, n, d, trials, module, bytes);
}

function jsDistances(X: Float64Array, n: number, d: number, trials: number): CandidateDistances {
  const closest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const out = Array.from({ length: trials }, () => new Float64Array(n));
  return {
    closest,
    trial: (t) => out[t]!,
    measure(candidate, t) {
      const target = t < 0 ? closest : out[t]!;
      let potential = 0;
      const base = candidate * d;
      for (let i = 0, row = 0; i < n; i++, row += d) {
        let dist = 0;
        for (let j = 0; j < d; j++) {
          const v = X[row + j]! - X[base + j]!;
          dist += v * v;
        }
        const nearest = closest[i]!;
        target[i] = dist;
        potential += dist < nearest ? dist : nearest;
      }
      return potential;
    },
  };
}

function wasmDistances(
  X: Float64Array,
  n: number,
  d: number,
  trials: number,
  module: CompiledKernels,
  bytes: number,
): CandidateDistances {
  const rows = n + (n & 1);
  const { exports, buffer, base } = instantiateKernels(module, bytes);
  // Offsets in doubles from `base`, each 16-byte aligned (rows and the padded d are even).
  const pairsAt = 0;
  const candidateAt = rows * d;
  const closestAt = candidateAt + d + (d & 1);
  const trialAt = (t: number) => closestAt + rows * (t + 1);
  const memory = new Float64Array(buffer, base, bytes / 8);
  // Rows two by two, interleaved by feature (the kernel's lanes); the padding row stays zero.
  for (let i = 0; i < n; i++) {
    const pair = pairsAt + (i >> 1) * 2 * d + (i & 1);
    for (let j = 0; j < d; j++) memory[pair + 2 * j] = X[i * d + j]!;
  }
  const closest = memory.subarray(closestAt, closestAt + rows).fill(Number.POSITIVE_INFINITY);
  const out = Array.from({ length: trials }, (_, t) => memory.subarray(trialAt(t), trialAt(t) + rows));
  const address = (doubles: number) => base + doubles * 8;
  return {
    closest,
    trial: (t) => out[t]!,
    measure(candidate, t) {
      memory.set(X.subarray(candidate * d, candidate * d + d), candidateAt);
      return exports.candidateDistances(
        address(pairsAt),
        n,
        d,
        address(candidateAt),
        address(closestAt),
        address(t < 0 ? closestAt : trialAt(t)),
      );
    },
  };
}
