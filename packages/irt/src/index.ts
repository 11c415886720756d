/**
 * `@em/irt`: item response theory by marginal maximum likelihood (Bock–Aitkin EM) — Rasch/1PL, 2PL,
 * 3PL, graded response and generalised partial credit models; EAP and MAP abilities; item and test
 * information; models that save to JSON and score new test takers without refitting.
 *
 * @packageDocumentation
 */
export { LSAT } from './lsat.js';
export { ItemResponseModel } from './model.js';
export type { IrtPartialFitOptions } from './online.js';
export type { ResolvedIrtOptions } from './options.js';
export type { Quadrature } from './quadrature.js';
export { gaussHermite, rectangularQuadrature } from './quadrature.js';
export type { ResponseInput } from './responses.js';
export type { IrtItemJSON, IrtJSON } from './serialize.js';
export { IRT_SCHEMA_VERSION } from './serialize.js';
export type { IrtStreamOptions } from './stream.js';
export type {
  AbilityScores,
  BetaPrior,
  FitOptions,
  IrtItemParameters,
  IrtOptions,
  IrtWarning,
  ItemParameters,
  ItemType,
  QuadratureRule,
  ScoreOptions,
} from './types.js';
export type { IrtShardParams, IrtShardScan, IrtShardStatistics, IrtStatisticsSource } from './wire.js';
