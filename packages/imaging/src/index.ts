/**
 * `@em/imaging`: EM for images — emission tomography reconstruction (MLEM, OSEM) on a sparse
 * parallel-beam projector, with filtered back-projection as the baseline, and Gaussian-mixture
 * segmentation of colour images.
 *
 * @packageDocumentation
 */
export type { ScanPhysics } from './data.js';
export type { FbpFilter, FbpOptions } from './fbp.js';
export { fbp } from './fbp.js';
export type { ParallelBeamGeometry, ParallelBeamOptions } from './geometry.js';
export { parallelBeam } from './geometry.js';
export type { SsimOptions } from './metrics.js';
export { rmse, ssim } from './metrics.js';
export type { MlemOptions, Reconstruction } from './mlem.js';
export { mlem, mlemModel, mlemSteps } from './mlem.js';
export type {
  MlemShardOptions,
  MlemShardScan,
  MlemShardStatistics,
  MlemStatisticsSource,
  MlemStreamOptions,
  MlemWireParams,
  StreamingMlemOptions,
} from './mlem-stream.js';
export { StreamingMlem } from './mlem-stream.js';
export type { OsemOptions, OsemStep } from './osem.js';
export { osem, osemSteps } from './osem.js';
export type { PhantomOptions } from './phantom.js';
export { disc, sheppLogan } from './phantom.js';
export type { RgbImage, Segmentation, SegmentOptions } from './segment.js';
export { segmentImage } from './segment.js';
export type { GeometryJSON } from './serialize.js';
export { GEOMETRY_FORMAT, geometryFromJSON, geometryToJSON } from './serialize.js';
export type { SimulatedScan, SimulateOptions } from './simulate.js';
export { attenuationFactors, simulateSinogram } from './simulate.js';
export type { SinogramChunk } from './sinogram-chunks.js';
export { SystemMatrix, systemMatrix } from './system-matrix.js';
export type { Grid } from './validate.js';
