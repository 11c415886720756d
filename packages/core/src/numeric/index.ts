/**
 * `@em/core/numeric`: the numeric layer every `@em/*` model shares — the one data converter and the
 * flat matrix shape, log-sum-exp, stable logistic functions and a seeded generator. No dependencies.
 *
 * @module numeric
 */
export type {
  DataInput,
  FlatMatrix,
  FlatMatrixLike,
  MatrixLike,
  NumericArray,
  ToFlatMatrixOptions,
} from './flat-matrix.js';
export { isFlatMatrix, toFlatMatrix, toRows } from './flat-matrix.js';
export type { NormalizeLogRowsOptions } from './log-sum-exp.js';
export { logSumExp, logSumExpRows, normalizeLogRows } from './log-sum-exp.js';
export { log1pExp, logSigmoid, sigmoid } from './log1p-exp.js';
export type { RandomSource } from './random.js';
export { mulberry32 } from './random.js';
