/**
 * `@em/mixed`: linear mixed models and variance components by EM — random intercepts and slopes,
 * crossed and nested factors, ML and REML, lme4-style formulas, and animal models with a
 * relationship matrix for heritability.
 *
 * @packageDocumentation
 */
export { sleepstudy } from './datasets.js';
export type { FormulaName, FormulaTerms, ParsedFormula, RandomTerm } from './formula.js';
export { FormulaError, parseFormula } from './formula.js';
export { GroupSplitError } from './group-split-error.js';
export type {
  FixedEffect,
  Heritability,
  LinearMixedModelOptions,
  MixedMatrices,
  MixedModelState,
  OptimizerReport,
  RandomBlock,
  RandomEffects,
  VarianceComponent,
} from './model.js';
export { LinearMixedModel, MIXED_SCHEMA_VERSION } from './model.js';
export type { MixedPartialFitOptions } from './online.js';
export type { Pedigree } from './pedigree.js';
export { additiveRelationship } from './pedigree.js';
export type { MixedWarning, Relationship } from './prepare.js';
export type {
  MixedChunk,
  MixedInnerScan,
  MixedNestedFactor,
  MixedShardParams,
  MixedShardScan,
  MixedShardStatistics,
} from './shard.js';
export type { MixedStatisticsSource, MixedStreamNames } from './stream-fit.js';
export type { MixedStreamOptions } from './stream-options.js';
export type { ColumnPart, ColumnRecipe, Table } from './table.js';
