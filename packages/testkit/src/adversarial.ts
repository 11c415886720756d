// The assertions of the adversarial suites: every call given hostile input ends in a typed error or a
// finite result (and, where the suite says so, a consistent one); each outcome is counted for the report.
import fc from 'fast-check';
import {
  type ClassifyOptions,
  classifyOutcome,
  classifyOutcomeAsync,
  describeOutcome,
  hasControlBytes,
  isAcceptable,
  isTypedError,
  type Outcome,
} from './outcome.js';
import type { AdversarialRecorder } from './recorder.js';

/**
 * fast-check runs per property: few and replayable in CI (test/setup.ts fixes the seed there), more
 * locally to keep exploring. `ADVERSARIAL_RUNS` overrides both (e.g. a long local hunt).
 */
export function adversarialRuns(ci = 40, local = 150): number {
  const forced = Number(process.env.ADVERSARIAL_RUNS);
  if (Number.isInteger(forced) && forced > 0) return forced;
  return process.env.CI ? ci : local;
}

/** Options of the assertions: how to classify, and a consistency check of finite results. */
export interface TypedOrFiniteOptions<T = unknown> extends ClassifyOptions {
  /** Extra checks of a finite result (throw, e.g. with `expect`, when it is inconsistent). */
  check?: (value: T) => void;
}

function verdict(outcome: Outcome, input: unknown, check: ((value: never) => void) | undefined): void {
  if (!isAcceptable(outcome)) throw new Error(describeOutcome(outcome, input));
  if (outcome.kind === 'typed-error') {
    const { message } = outcome.error as Error;
    if (!message) throw new Error(`typed error without a message${describeOutcome(outcome, input)}`);
    if (hasControlBytes(message))
      throw new Error(`typed error echoes raw control bytes: ${JSON.stringify(message.slice(0, 200))}`);
  } else check?.(outcome.value as never);
}

/** Runs `fn`, records its outcome, and fails unless it is a typed error or a finite (checked) result. */
export function expectTypedOrFinite<T>(
  recorder: AdversarialRecorder,
  fn: () => T,
  options: TypedOrFiniteOptions<T> = {},
  input?: unknown,
): Outcome {
  const outcome = classifyOutcome(fn, options);
  recorder.record(outcome);
  verdict(outcome, input, options.check);
  return outcome;
}

/** {@link expectTypedOrFinite} for promises; one not settled within `hangMs` is a hang. */
export async function expectTypedOrFiniteAsync<T>(
  recorder: AdversarialRecorder,
  fn: () => Promise<T>,
  options: TypedOrFiniteOptions<T> = {},
  input?: unknown,
): Promise<Outcome> {
  const outcome = await classifyOutcomeAsync(fn, options);
  recorder.record(outcome);
  verdict(outcome, input, options.check);
  return outcome;
}

/**
 * A regression case that must be refused: fails unless `fn` throws a typed error whose message contains
 * every string in `mentions` (the parameter's name, say). Returns the error for further checks.
 */
export function expectTypedError(
  recorder: AdversarialRecorder,
  fn: () => unknown,
  mentions: readonly string[] = [],
  options: ClassifyOptions = {},
): Error {
  const outcome = classifyOutcome(fn, options);
  recorder.record(outcome);
  if (outcome.kind !== 'typed-error')
    throw new Error(`expected a typed error, got ${describeOutcome(outcome)}`);
  verdict(outcome, undefined, undefined);
  const error = outcome.error as Error;
  for (const m of mentions)
    if (!error.message.includes(m)) throw new Error(`typed error does not mention ${m}: ${error.message}`);
  return error;
}

/** {@link expectTypedError} for promises. */
export async function expectTypedErrorAsync(
  recorder: AdversarialRecorder,
  fn: () => Promise<unknown>,
  mentions: readonly string[] = [],
  options: ClassifyOptions = {},
): Promise<Error> {
  const outcome = await classifyOutcomeAsync(fn, options);
  recorder.record(outcome);
  if (outcome.kind !== 'typed-error')
    throw new Error(`expected a typed error, got ${describeOutcome(outcome)}`);
  verdict(outcome, undefined, undefined);
  const error = outcome.error as Error;
  for (const m of mentions)
    if (!error.message.includes(m)) throw new Error(`typed error does not mention ${m}: ${error.message}`);
  return error;
}

/**
 * A serialized model with a contradiction (or any document that must not load): fails unless `load`
 * throws a typed error mentioning `field`. Counted as a contradiction refused or accepted.
 */
export function expectRefused(recorder: AdversarialRecorder, load: () => unknown, field?: string): Error {
  let thrown: unknown;
  try {
    load();
  } catch (error) {
    thrown = error;
  }
  const refused = isTypedError(thrown) && (field === undefined || thrown.message.includes(field));
  recorder.recordContradiction(refused);
  if (thrown === undefined) throw new Error(`contradictory input accepted${field ? ` (${field})` : ''}`);
  if (!isTypedError(thrown)) throw thrown;
  if (!refused) throw new Error(`refused without naming ${field}: ${thrown.message}`);
  return thrown;
}

export interface PropertyOptions<T> extends TypedOrFiniteOptions<T> {
  /** fast-check runs; default {@link adversarialRuns}(). */
  numRuns?: number;
}

/**
 * The suite's property: for every input `arbitrary` draws, `run(input)` ends in a typed error or a finite
 * (checked) result. Seeds come from fast-check's global configuration (fixed in CI by test/setup.ts).
 */
export function propertyTypedOrFinite<I, T>(
  recorder: AdversarialRecorder,
  arbitrary: fc.Arbitrary<I>,
  run: (input: I) => T,
  options: PropertyOptions<T> = {},
): void {
  fc.assert(
    fc.property(arbitrary, (input) => {
      expectTypedOrFinite(recorder, () => run(input), options, input);
    }),
    { numRuns: options.numRuns ?? adversarialRuns(), includeErrorInReport: true },
  );
}

/** {@link propertyTypedOrFinite} for async calls (a promise not settled within `hangMs` is a hang). */
export async function asyncPropertyTypedOrFinite<I, T>(
  recorder: AdversarialRecorder,
  arbitrary: fc.Arbitrary<I>,
  run: (input: I) => Promise<T>,
  options: PropertyOptions<T> = {},
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      await expectTypedOrFiniteAsync(recorder, () => run(input), options, input);
    }),
    { numRuns: options.numRuns ?? adversarialRuns(), includeErrorInReport: true },
  );
}

/** For test/setup.ts: CI replays one fixed seed so a run's result does not depend on luck. */
export function fixSeedInCI(seed = 20_261_127): void {
  if (process.env.CI) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
