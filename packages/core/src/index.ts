/**
 * `@em/core`: the Expectation–Maximization loop, once, for any model.
 *
 * @packageDocumentation
 */
export type { AsyncChunkedEStep, ChunkedEStep, StatsAlgebra } from './chunked.js';
export { chunkedEStep, chunkedEStepAsync, sumEStepResults } from './chunked.js';
export type { EMErrorCode, InputLocation } from './errors.js';
export {
  describeValue,
  EMError,
  InvalidInputError,
  InvalidOptionError,
  LikelihoodDecreaseError,
  ModelContractError,
  NonFiniteLogLikelihoodError,
  NotFittedError,
  NumericalError,
} from './errors.js';
export type { CheckedFitRecord, FitRecord, FitRecordOptions } from './fit-record.js';
export { checkFitRecord, requireIterations } from './fit-record.js';
export type { SummaryValue } from './inspect.js';
export { inspectCustom, modelSummary } from './inspect.js';
export { validateEMOptions } from './options.js';
export type { InitFactory, RestartOptions, RestartResult, RunSummary } from './restarts.js';
export { runEMWithRestarts, runEMWithRestartsAsync } from './restarts.js';
export { runEM } from './run-em.js';
export { runEMAsync } from './run-em-async.js';
export { emSteps, emStepsAsync } from './steps.js';
export type {
  Acceleration,
  AsyncEMModel,
  EMModel,
  EMOptions,
  EMResult,
  EStepResult,
  IterationInfo,
  LikelihoodDecrease,
  MStepContext,
  SquaremOptions,
  StopReason,
  StopRule,
} from './types.js';
export { yieldToEventLoop } from './yield.js';
