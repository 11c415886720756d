/**
 * `@em/core/stream`: exact EM over data read from a source once per iteration, for any model whose
 * E-step statistics add up across chunks — the passes over a re-readable source with its checks,
 * the streamed E-step, and a reservoir sample for data-driven initialisations.
 *
 * @module stream
 */
export { ChunkShapeError, SourceNotReReadableError } from './errors.js';
export type { StreamedEStep } from './estep.js';
export { streamedEStep } from './estep.js';
export { checkOnProgress, checkOptionKeys, inSourceChunk } from './option-checks.js';
export type { ChunkShape, ChunkStream, PassChunk } from './passes.js';
export { ChunkPasses } from './passes.js';
export { ReservoirSample } from './reservoir.js';
export type { StreamSource } from './source.js';
export { chunkFactory } from './source.js';
export type { StepSizeOptions } from './step-size.js';
export { readStepSizeOptions, stepSize } from './step-size.js';
export type { StepwiseStatistics } from './stepwise-average.js';
export { scaleStatistics, stepwiseAverage } from './stepwise-average.js';
