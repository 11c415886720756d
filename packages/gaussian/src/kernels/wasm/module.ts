import { KERNELS_WASM_BASE64 } from './binary.js';

/** The exports of assembly/kernels.ts (pointers are byte offsets into the instance's memory). */
export interface WasmKernelExports {
  heapBase(): number;
  expArray(input: number, output: number, n: number): void;
  fullEStep(
    X: number,
    rows: number,
    d: number,
    p: number,
    k: number,
    B: number,
    tied: number,
    triangle: number,
    means: number,
    factors: number,
    constant: number,
    scratch: number,
    diff: number,
    weighted: number,
    nk: number,
    s1: number,
    S: number,
  ): number;
  fullPartitionScatter(
    X: number,
    rows: number,
    d: number,
    p: number,
    k: number,
    labels: number,
    means: number,
    resp: number,
    diff: number,
    weighted: number,
    nk: number,
    s1: number,
    S: number,
  ): void;
  full2EStep(
    X: number,
    rows: number,
    k: number,
    B: number,
    tied: number,
    means: number,
    factors: number,
    constant: number,
    scratch: number,
    XT: number,
    nk: number,
    s1: number,
    s2: number,
  ): number;
  diagEStep(
    X: number,
    rows: number,
    p: number,
    k: number,
    B: number,
    means: number,
    prec: number,
    constant: number,
    scratch: number,
    partial: number,
    nk: number,
    s1: number,
    s2: number,
  ): number;
  univariateEStep(
    X: number,
    rows: number,
    k: number,
    B: number,
    means: number,
    prec: number,
    constant: number,
    scratch: number,
    nk: number,
    s1: number,
    s2: number,
  ): number;
  candidateDistances(
    pairs: number,
    n: number,
    d: number,
    candidate: number,
    closest: number,
    out: number,
  ): number;
  interleaveRowPairs(pairs: number, pairCount: number, d: number, scratch: number): void;
  chooseSeed(distances: number, n: number, c: number, closest: number, second: number, labels: number): void;
  candidateGroupDistances(
    pairs: number,
    n: number,
    d: number,
    splats: number,
    closest: number,
    outs: number,
    potentials: number,
  ): void;
  hamerlyAssign(
    pairs: number,
    n: number,
    d: number,
    k: number,
    centers: number,
    labels: number,
    upper: number,
    lower: number,
    distances: number,
    moved: number,
    separation: number,
    largestMove: number,
    secondMove: number,
    largestMover: number,
    eta: number,
    sums: number,
    counts: number,
    withSums: number,
  ): number;
  lloydAssign(
    pairs: number,
    n: number,
    d: number,
    k: number,
    splats: number,
    labels: number,
    sums: number,
    counts: number,
    withSums: number,
  ): number;
  candidateGroupPotentials(
    pairs: number,
    n: number,
    d: number,
    splats: number,
    closest: number,
    potentials: number,
  ): void;
  chooseCandidate(
    pairs: number,
    n: number,
    d: number,
    splat: number,
    c: number,
    closest: number,
    labels: number,
  ): void;
}

/**
 * The part of the WebAssembly JavaScript API used here. Declared locally because the package
 * compiles against ES2022 without DOM types, and Node's types do not declare these values.
 */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => CompiledKernels;
  Instance: new (module: CompiledKernels, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  compile(bytes: Uint8Array): Promise<CompiledKernels>;
}

/** A compiled `WebAssembly.Module` of the kernels. */
export interface CompiledKernels {
  readonly __brand?: 'CompiledKernels';
}

function webAssembly(): WebAssemblyApi {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (typeof api !== 'object') throw new Error('WebAssembly is not available');
  return api;
}

function bytes(): Uint8Array {
  const text = atob(KERNELS_WASM_BASE64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

let compiled: CompiledKernels | undefined;
let failure: Error | undefined;

/**
 * The compiled kernels, or the reason they cannot be used here: no WebAssembly, no SIMD (engines
 * before 2021), a Content-Security-Policy without `'wasm-unsafe-eval'`, or a browser that refuses
 * to compile a module this size synchronously on a page's main thread, as some have (call
 * {@link compileWasmKernels} first there; Chromium 156 does compile it). Compiled once per process
 * (or worker).
 */
export function wasmKernels(): CompiledKernels | Error {
  if (compiled) return compiled;
  if (failure) return failure;
  try {
    compiled = new (webAssembly().Module)(bytes());
    return compiled;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    return failure;
  }
}

/**
 * Compiles the WebAssembly kernels asynchronously, so that later fits can use them where
 * synchronous compilation is refused (some browsers, on a page's main thread). Resolves to whether
 * they are usable; never rejects. `fitAsync` calls it; call it yourself before a synchronous `fit`
 * on a page's main thread.
 *
 * @example
 * ```ts
 * import { compileWasmKernels, GaussianMixture } from '@em/gaussian';
 * await compileWasmKernels();
 * const gmm = new GaussianMixture({ nComponents: 2 }).fit([[1], [2], [10], [11]]);
 * ```
 */
export async function compileWasmKernels(): Promise<boolean> {
  if (compiled) return true;
  try {
    compiled = await webAssembly().compile(bytes());
    failure = undefined;
    return true;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    return false;
  }
}

/** An instance of the kernels and its memory, as {@link instantiateKernels} hands it out. */
export interface KernelInstance {
  /** The module it instantiates. */
  module: CompiledKernels;
  /** Its exported functions. */
  exports: WasmKernelExports;
  /** Its memory, which never grows. */
  buffer: ArrayBuffer;
  /** The first byte after the module's static data (16-byte aligned). */
  base: number;
  /**
   * Whose data the memory holds: a user sets it when it writes the memory and, finding another
   * owner there, writes (or zeroes) everything it reads again. Reset on each hand-out.
   */
  owner: object | undefined;
}

/** The last instance made, reused by later fits whose arrays fit in its memory. */
let shared: KernelInstance | undefined;

/**
 * An instance of the kernels with room for `size` bytes from `base`, the first byte after the
 * module's static data (16-byte aligned). Its memory never grows. Fits share one instance (a grid
 * of models makes hundreds of small fits, and an instance costs more than their E-steps): each
 * kernel call runs synchronously, and a user that finds the memory last written by another (see
 * `owner`) starts again from zeros, so they cannot interfere. A larger instance replaces the
 * shared one when a fit needs more room.
 */
export function instantiateKernels(module: CompiledKernels, size: number): KernelInstance {
  if (shared && shared.module === module && shared.base + size <= shared.buffer.byteLength) {
    shared.owner = undefined;
    return shared;
  }
  shared = privateKernelInstance(module, size);
  return shared;
}

/**
 * A new instance of the kernels, with room for `size` bytes from `base`, that no fit shares: for
 * work that keeps its own layout in the memory across calls that may run fits in between (the
 * k-means initialisation holds its rows there while it calls back into the E-step's shared one).
 */
export function privateKernelInstance(module: CompiledKernels, size: number): KernelInstance {
  const api = webAssembly();
  // The static data is a few kilobytes: one page more than `size` covers it.
  const memory = new api.Memory({ initial: Math.ceil(size / 65536) + 1 });
  const instance = new api.Instance(module, { env: { memory } });
  const exports = instance.exports as WasmKernelExports;
  const base = exports.heapBase();
  if (base + size > memory.buffer.byteLength)
    throw new Error('WebAssembly kernels: static data larger than a page');
  return { module, exports, buffer: memory.buffer, base, owner: undefined };
}
