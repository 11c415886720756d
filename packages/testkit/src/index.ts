/**
 * `@em/testkit` (private): one shape for every package's adversarial suite and doc-example test.
 * See README.md.
 */
export {
  adversarialRuns,
  asyncPropertyTypedOrFinite,
  expectRefused,
  expectTypedError,
  expectTypedErrorAsync,
  expectTypedOrFinite,
  expectTypedOrFiniteAsync,
  fixSeedInCI,
  type PropertyOptions,
  propertyTypedOrFinite,
  type TypedOrFiniteOptions,
} from './adversarial.js';
export {
  extremeFinite,
  hostileMatrix,
  hostileNumber,
  hostileOptions,
  hostileSize,
  hostileString,
  hostileValue,
  hugeSize,
  type MatrixShape,
  matrixOf,
  nonFinite,
} from './arbitraries.js';
export { type Claim, checkClaim, parseClaim } from './claims.js';
export {
  type DocExample,
  type DocExamplesOptions,
  describeDocExamples,
  foreignExportsOf,
  instrument,
  readmeExamples,
  tsdocExamples,
  typeExportsOf,
} from './doc-examples.js';
export {
  type ClassifyOptions,
  classifyOutcome,
  classifyOutcomeAsync,
  describeOutcome,
  findNonFinite,
  hasControlBytes,
  isAcceptable,
  isTypedError,
  type Outcome,
  type OutcomeKind,
  preview,
} from './outcome.js';
export {
  type AdversarialCounts,
  type AdversarialRecord,
  type AdversarialRecorder,
  adversarialRecorder,
  emptyCounts,
} from './recorder.js';
export { type Json, type Tampering, tamperedJson } from './tamper.js';
