import { type CompiledKernels, type KernelInstance, privateKernelInstance } from '../kernels/wasm/module.js';

/**
 * The last k-means' instance, held weakly: a cache the collector may drop. A fresh memory of the
 * size of X costs a page fault per 4 KiB touched (on 50 000 × 32, about 10 ms of system time per
 * k-means, a tenth of its time), paid again by every `nInit` restart and every fit of a model grid.
 */
let last: WeakRef<KernelInstance> | undefined;
/** Instances of runs not ended yet (see {@link releaseKmeansInstance}): never handed out again. */
const inUse = new WeakSet<KernelInstance>();

/**
 * An instance of the kernels with `size` bytes from its base for one k-means run: the last one's
 * when its module matches, its memory is large enough and its run has ended, with those bytes
 * zeroed so that the run finds it exactly as a new one; else a new private instance (see
 * `privateKernelInstance`). Runs on workers last over several messages, so a worker may hold two
 * at once (two fits on one pool): an instance is in use until {@link releaseKmeansInstance}.
 */
export function kmeansInstance(module: CompiledKernels, size: number): KernelInstance {
  const cached = last?.deref();
  if (
    cached &&
    !inUse.has(cached) &&
    cached.module === module &&
    cached.base + size <= cached.buffer.byteLength
  ) {
    new Uint8Array(cached.buffer, cached.base, size).fill(0);
    inUse.add(cached);
    return cached;
  }
  const fresh = privateKernelInstance(module, size);
  last = new WeakRef(fresh);
  inUse.add(fresh);
  return fresh;
}

/** The run of `instance` has ended (its results copied out): a later run may take it. */
export function releaseKmeansInstance(instance: KernelInstance): void {
  inUse.delete(instance);
}
