import { InvalidOptionError } from '@em/core';
import type { CovarianceType } from '../../types.js';
import { type Compile, compileWithFunction, generatedEStep } from './generate.js';
import { genericEStep } from './generic.js';
import { tiledEStep } from './tiled.js';
import type { FusedEStep, KernelMode } from './types.js';

export type { FusedEStep, KernelMode } from './types.js';

/** Full and tied covariances in more dimensions than this use the tiled kernel (no code generation). */
export const MAX_UNROLLED_FEATURES = 12;

/**
 * The fused E-step for a fit: `'generated'` (unrolled for d, compiled with `new Function`),
 * `'generic'` (plain loops), or `'auto'`: generated unless code generation is forbidden — a
 * strict Content-Security-Policy makes `new Function` throw an `EvalError` — then generic.
 * Forcing `'generated'` where it is forbidden throws an {@link InvalidOptionError}.
 * Full and tied covariances with more than {@link MAX_UNROLLED_FEATURES} features use the tiled
 * kernel in both modes: unrolled code of that size is slower, not faster.
 */
export function createFusedEStep(
  type: CovarianceType,
  d: number,
  k: number,
  mode: KernelMode = 'auto',
  compile: Compile = compileWithFunction,
): FusedEStep {
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
