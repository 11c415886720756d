import { checkFitRecord, type FitRecord, InvalidInputError } from '@em/core';
import type { HiddenMarkovModelOptions, HmmParameters } from './types.js';

/**
 * The `format` field of {@link HiddenMarkovModelJSON}.
 *
 * @example
 * ```ts
 * import { HMM_FORMAT } from '@em/hmm';
 * HMM_FORMAT; // 'em-hmm'
 * ```
 */
export const HMM_FORMAT = 'em-hmm';

/**
 * The schema version written by `toJSON` and required by `fromJSON`.
 *
 * @example
 * ```ts
 * import { HMM_SCHEMA_VERSION } from '@em/hmm';
 * HMM_SCHEMA_VERSION; // 1
 * ```
 */
export const HMM_SCHEMA_VERSION = 1;

/**
 * A hidden Markov model as JSON: `HiddenMarkovModel.toJSON()` writes it, `fromJSON` reads it.
 *
 * @example
 * ```ts
 * import type { HiddenMarkovModelJSON } from '@em/hmm';
 * const json: HiddenMarkovModelJSON = {
 *   format: 'em-hmm', version: 1,
 *   options: { nStates: 1, emission: 'poisson' },
 *   parameters: { startProb: [1], transMat: [[1]], lambdas: [[3]] },
 * };
 * ```
 */
export interface HiddenMarkovModelJSON {
  /** Always `'em-hmm'`. */
  format: typeof HMM_FORMAT;
  /** Schema version ({@link HMM_SCHEMA_VERSION}). */
  version: number;
  /** The model's options (without parameters and callbacks). */
  options: Omit<
    HiddenMarkovModelOptions,
    | 'startProb'
    | 'transMat'
    | 'emissionProb'
    | 'means'
    | 'covars'
    | 'weights'
    | 'lambdas'
    | 'onIteration'
    | 'signal'
  >;
  /** The parameters. */
  parameters: HmmParameters;
  /** Summary of the fit that produced the parameters, if any. */
  fit?: {
    /** Whether it converged. */
    converged: boolean;
    /** Iterations of the kept run. */
    nIter: number;
    /** Final log-likelihood (`null` when not finite). */
    logLikelihood: number | null;
    /** Log-likelihood per iteration. */
    history: number[];
  };
}

/** `maxIter` when the options leave it out (see `resolveOptions`). */
const DEFAULT_MAX_ITER = 100;

const PARAMETER_KEYS = [
  'startProb',
  'transMat',
  'emissionProb',
  'means',
  'covars',
  'weights',
  'lambdas',
] as const;

/** Parses and checks the envelope; the options and parameters are checked by the constructor. */
export function readJSON(input: unknown): {
  options: HiddenMarkovModelOptions;
  fit: { converged: boolean; nIter: number; logLikelihood: number; history: number[] } | undefined;
} {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch {
      throw new InvalidInputError('json', 'a JSON string written by HiddenMarkovModel.toJSON()', input);
    }
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(json))
    throw new InvalidInputError('json', 'an object written by HiddenMarkovModel.toJSON()', json);
  if (json.format !== HMM_FORMAT) throw new InvalidInputError('json.format', `'${HMM_FORMAT}'`, json.format);
  if (json.version !== HMM_SCHEMA_VERSION)
    throw new InvalidInputError('json.version', String(HMM_SCHEMA_VERSION), json.version);
  if (!isObject(json.options)) throw new InvalidInputError('json.options', 'an object', json.options);
  if (!isObject(json.parameters))
    throw new InvalidInputError('json.parameters', 'an object', json.parameters);
  const options: Record<string, unknown> = { ...json.options };
  // Callbacks, signals and threads belong to a run, not to a saved model.
  for (const key of ['onIteration', 'signal', 'workers', ...PARAMETER_KEYS]) {
    if (key in options)
      throw new InvalidInputError(`json.options.${key}`, 'no such field in options', options[key]);
  }
  for (const key of Object.keys(json.parameters)) {
    if (!(PARAMETER_KEYS as readonly string[]).includes(key))
      throw new InvalidInputError(`json.parameters.${key}`, 'no such parameter', json.parameters[key]);
    options[key] = json.parameters[key];
  }
  // The initial values are the fitted parameters; nothing is initialised on a later fit unless asked.
  let fit: ReturnType<typeof readJSON>['fit'];
  if (json.fit !== undefined) {
    const f = json.fit;
    if (!isObject(f)) throw new InvalidInputError('json.fit', 'an object', f);
    const maxIter = typeof options.maxIter === 'number' ? options.maxIter : DEFAULT_MAX_ITER;
    fit = checkFitRecord(f as unknown as FitRecord, { field: 'json.fit', maxIter });
  }
  return { options: options as HiddenMarkovModelOptions, fit };
}
