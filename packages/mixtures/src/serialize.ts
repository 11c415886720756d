import { checkFitRecord, InvalidInputError } from '@em/core';
import type { FitState, WeightedParams } from './mixture-base.js';

/**
 * Version of the JSON written by `toJSON`; `fromJSON` reads this version.
 *
 * @example
 * ```ts
 * import { MIXTURES_SCHEMA_VERSION, PoissonMixture } from '@em/mixtures';
 * new PoissonMixture().fit([[1], [2]]).toJSON().version === MIXTURES_SCHEMA_VERSION; // true
 * ```
 */
export const MIXTURES_SCHEMA_VERSION = 1;

/**
 * The JSON shape every mixture's `toJSON` returns: plain numbers and arrays, so `JSON.stringify` then
 * `fromJSON` gives back the same model exactly.
 *
 * @example
 * ```ts
 * import { BernoulliMixture, type MixtureJSON } from '@em/mixtures';
 * const json: MixtureJSON = new BernoulliMixture({ nComponents: 2 }).fit([[1, 0], [0, 1], [1, 1]]).toJSON();
 * json.kind; // 'BernoulliMixture'
 * ```
 */
export interface MixtureJSON {
  /** Always `'em-mixtures'`. */
  format: 'em-mixtures';
  /** The class that wrote it. */
  kind: string;
  /** {@link MIXTURES_SCHEMA_VERSION} when it was written. */
  version: number;
  /** The model's serialisable options. */
  options: Record<string, unknown>;
  /** Mixing weights. */
  weights: number[];
  /** The component parameters, by name (model-specific). */
  params: Record<string, unknown>;
  /** How the fit ended. */
  fit: { converged: boolean; nIter: number; lowerBound: number | null; history: (number | null)[] };
}

const where = (field: string) => `json.${field}`;

/** `maxIter` when the options leave it out (see `resolveBase`). */
const DEFAULT_MAX_ITER = 100;

export function readEnvelope(json: unknown, kind: string): MixtureJSON {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch {
      throw new InvalidInputError('json', 'a JSON object written by toJSON', json);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InvalidInputError('json', 'an object written by toJSON', json);
  const j = json as Partial<MixtureJSON>;
  if (j.format !== 'em-mixtures') throw new InvalidInputError(where('format'), "'em-mixtures'", j.format);
  if (j.kind !== kind) throw new InvalidInputError(where('kind'), `'${kind}'`, j.kind);
  if (j.version !== MIXTURES_SCHEMA_VERSION)
    throw new InvalidInputError(where('version'), String(MIXTURES_SCHEMA_VERSION), j.version);
  for (const key of ['options', 'params', 'fit'] as const) {
    const v = j[key];
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new InvalidInputError(where(key), 'an object', v);
  }
  return j as MixtureJSON;
}

export function finiteArray(field: string, value: unknown, length?: number): Float64Array {
  if (!Array.isArray(value)) throw new InvalidInputError(where(field), 'an array of numbers', value);
  if (length !== undefined && value.length !== length)
    throw new InvalidInputError(where(field), `an array of length ${length}`, value);
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidInputError(`${where(field)}[${i}]`, 'a finite number', v);
    out[i] = v;
  }
  return out;
}

export function readWeights(json: MixtureJSON): Float64Array {
  const weights = finiteArray('weights', json.weights);
  if (weights.length < 1) throw new InvalidInputError(where('weights'), 'at least one weight', json.weights);
  checkSimplex('weights', weights, 0, weights.length);
  return weights;
}

/** values[start..end) are in [0, 1] and sum to 1 (within 1e-9). */
export function checkSimplex(field: string, values: Float64Array, start: number, end: number): void {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1))
      throw new InvalidInputError(`${where(field)}[${i}]`, 'a probability in [0, 1]', v);
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-9)
    throw new InvalidInputError(where(field), 'probabilities summing to 1', `values summing to ${sum}`);
}

export function flatMatrix(
  field: string,
  value: unknown,
  rows: number,
  cols?: number,
): { data: Float64Array; cols: number } {
  if (!Array.isArray(value) || value.length !== rows)
    throw new InvalidInputError(where(field), `an array of ${rows} rows`, value);
  const width = cols ?? (Array.isArray(value[0]) ? value[0].length : -1);
  if (width < 1) throw new InvalidInputError(`${where(field)}[0]`, 'a non-empty array of numbers', value[0]);
  const data = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) data.set(finiteArray(`${field}[${r}]`, value[r], width), r * width);
  return { data, cols: width };
}

export function readFit<P extends WeightedParams>(json: MixtureJSON, params: P): FitState<P> {
  const fit = json.fit;
  const maxIter = typeof json.options.maxIter === 'number' ? json.options.maxIter : DEFAULT_MAX_ITER;
  const record = checkFitRecord(
    { ...fit, logLikelihood: fit.lowerBound },
    { field: where('fit'), logLikelihoodName: 'lowerBound', maxIter },
  );
  const { converged, nIter, history, logLikelihood } = record;
  return { params, converged, nIter, lowerBound: logLikelihood, history };
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export function writeEnvelope<P extends WeightedParams>(
  kind: string,
  options: Record<string, unknown>,
  state: FitState<P>,
  params: Record<string, unknown>,
): MixtureJSON {
  return {
    format: 'em-mixtures',
    kind,
    version: MIXTURES_SCHEMA_VERSION,
    options,
    weights: Array.from(state.params.weights),
    params,
    fit: {
      converged: state.converged,
      nIter: state.nIter,
      lowerBound: finiteOrNull(state.lowerBound),
      history: state.history.map(finiteOrNull),
    },
  };
}

export function rowsOf(data: Float64Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
}
