import { type CompiledKernels, type KernelInstance, privateKernelInstance } from '../kernels/wasm/module.js';

/**
 * The last k-means' instance, held weakly: a cache the collector may drop. A fresh memory of the
 * size of X costs a page fault per 4 KiB touched (on 50 000 × 32, about 10 ms of system time per
 * k-means, a tenth of its time), paid again by every `nInit` restart and every fit of a model grid.
 */
let last: WeakRef<KernelInstance> | undefined;

/**
 * An instance of the kernels with `size` bytes from its base for one k-means run: the last one's
 * when its module matches and its memory is large enough, with those bytes zeroed so that the run
 * finds it exactly as a new one; else a new private instance (see `privateKernelInstance`). One
 * k-means runs at a time in a thread (each runs synchronously to its end and copies out what it
 * returns), so the memory is never shared by two.
 */
export function kmeansInstance(module: CompiledKernels, size: number): KernelInstance {
  const cached = last?.deref();
  if (cached && cached.module === module && cached.base + size <= cached.buffer.byteLength) {
    new Uint8Array(cached.buffer, cached.base, size).fill(0);
    return cached;
  }
  const fresh = privateKernelInstance(module, size);
  last = new WeakRef(fresh);
  return fresh;
}
