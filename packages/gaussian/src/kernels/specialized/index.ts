import { InvalidOptionError } from '@em/core';
import type { CovarianceType } from '../../types.js';
import { wasmEStep } from '../wasm/estep.js';
import { type CompiledKernels, wasmKernels } from '../wasm/module.js';
import { type Compile, compileWithFunction, generatedEStep } from './generate.js';
import { genericEStep } from './generic.js';
import { tiledEStep } from './tiled.js';
import type { FusedEStep, KernelMode } from './types.js';

export type { FusedEStep, KernelMode } from './types.js';

/** Full and tied covariances in more dimensions than this use the tiled kernel (no code generation). */
export const MAX_UNROLLED_FEATURES = 12;

/**
 * Full and tied covariances with 3 to this many features run faster as JavaScript unrolled for the
 * dimension than in the WebAssembly kernel, whose 4 × 4 tiles are partly padding there (measured
 * on 100 000 rows, K = 5: 3-D 16 vs 21 ms per iteration, 6-D even), so `'auto'` prefers generated
 * code for them. (Two features have their own WebAssembly kernel, twice as fast as the generated
 * code.)
 */
export const MAX_FEATURES_PREFERRING_JS = 6;

/**
 * Below this many rows × components, compiling the unrolled JavaScript costs more than it saves
 * (mclust's 14 × 9 grids on a few hundred rows compile 18 kernels for fits of milliseconds), so
 * `'auto'` keeps WebAssembly there when the caller says how many rows it has.
 */
export const MIN_ROWS_TIMES_COMPONENTS_FOR_JS = 20_000;

/**
 * The fused E-step for a fit. `'auto'`: WebAssembly SIMD where the engine compiles it (see
 * `wasm/module.ts` for where it does not), else JavaScript generated for the dimension unless code
 * generation is forbidden — a strict Content-Security-Policy makes `new Function` throw an
 * `EvalError` — else generic loops; for full and tied covariances with 3 to
 * {@link MAX_FEATURES_PREFERRING_JS} features, generated JavaScript comes first. `'wasm'` and
 * `'generated'` where they are unavailable throw an {@link InvalidOptionError}. In JavaScript, full
 * and tied covariances with more than {@link MAX_UNROLLED_FEATURES} features use the tiled kernel
 * in both modes: unrolled code of that size is slower, not faster.
 */
export function createFusedEStep(
  type: CovarianceType,
  d: number,
  k: number,
  mode: KernelMode = 'auto',
  compile: Compile = compileWithFunction,
  wasm: () => CompiledKernels | Error = wasmKernels,
  rows?: number,
): FusedEStep {
  const preferJs =
    (type === 'full' || type === 'tied') &&
    d >= 3 &&
    d <= MAX_FEATURES_PREFERRING_JS &&
    (rows === undefined || rows * k >= MIN_ROWS_TIMES_COMPONENTS_FOR_JS);
  if (mode === 'auto' && preferJs) {
    try {
      return generatedEStep(type, d, k, compile);
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
    }
  }
  if (mode === 'auto' || mode === 'wasm') {
    const module = wasm();
    if (!(module instanceof Error)) return wasmEStep(type, d, k, module, rows);
    if (mode === 'wasm') {
      throw new InvalidOptionError(
        'kernels',
        "'auto', 'generated' or 'generic' where WebAssembly SIMD cannot be compiled",
        'wasm',
        `this environment cannot compile the WebAssembly kernels (${module.message}); 'auto' falls back to JavaScript`,
      );
    }
  }
  if ((type === 'full' || type === 'tied') && d > MAX_UNROLLED_FEATURES) return tiledEStep(type, d, k);
  if (mode === 'generic') return genericEStep(type, d, k);
  try {
    return generatedEStep(type, d, k, compile);
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    if (mode === 'generated') {
      throw new InvalidOptionError(
        'kernels',
        "'auto' or 'generic' where code generation is forbidden",
        'generated',
        `this environment refuses new Function (${error.message}); 'auto' falls back to the generic kernels`,
      );
    }
    return genericEStep(type, d, k);
  }
}
