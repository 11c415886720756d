// The versioned JSON form of a model, and its strict validation on load.
import { InvalidInputError } from '@em/core';
import { checkCounts, checkCovariance, isPrintable } from './consistency.js';
import { isValid, type Layout, makeLayout } from './layout.js';
import type { FittedState } from './model.js';
import type { ResolvedIrtOptions } from './options.js';
import type { IrtOptions, IrtWarning, ItemType, QuadratureRule } from './types.js';

/**
 * Version of the JSON schema written by {@link ItemResponseModel.toJSON}.
 *
 * @example
 * ```ts
 * import { IRT_SCHEMA_VERSION, ItemResponseModel, LSAT } from '@em/irt';
 * new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies }).toJSON().version === IRT_SCHEMA_VERSION; // true
 * ```
 */
export const IRT_SCHEMA_VERSION = 1;

/**
 * One item in the JSON form. Excluded items have `null` parameters.
 *
 * @example
 * ```ts
 * import type { IrtItemJSON } from '@em/irt';
 * const item: IrtItemJSON = {
 *   name: 'Item 1', nCategories: 2, excluded: false, slope: 0.83, intercepts: [2.77], guessing: 0,
 * };
 * ```
 */
export interface IrtItemJSON {
  /** Item name. */
  name: string;
  /** Number of categories. */
  nCategories: number;
  /** Left out of the fit. */
  excluded: boolean;
  /** Slope a. */
  slope: number | null;
  /** Intercepts d_1 … d_{K−1}. */
  intercepts: (number | null)[];
  /** Guessing g (3PL), else 0. */
  guessing: number | null;
  /** logit g, exactly as estimated (3PL only; makes the round trip exact). */
  logitGuessing?: number;
}

/**
 * The JSON form of an {@link ItemResponseModel}.
 *
 * @example
 * ```ts
 * import { ItemResponseModel, LSAT, type IrtJSON } from '@em/irt';
 * const json: IrtJSON = new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies }).toJSON();
 * json.items.length; // 5
 * ```
 */
export interface IrtJSON {
  /** Always `'@em/irt'`. */
  format: '@em/irt';
  /** Schema version ({@link IRT_SCHEMA_VERSION}). */
  version: number;
  /** The item model. */
  itemType: ItemType;
  /** The quadrature of the fit (also the default for EAP scoring). */
  quadrature: { rule: QuadratureRule; points: number };
  /** The Rasch slope. */
  fixedSlope: number;
  /** The 3PL guessing prior. */
  guessingPrior: { alpha: number; beta: number };
  /** Item parameters in slope–intercept form. */
  items: IrtItemJSON[];
  /** Fit statistics (`logLikelihood` null for a model built from known parameters). */
  fit: {
    logLikelihood: number | null;
    nIter: number;
    converged: boolean;
    nObservations: number;
    nPersons: number;
    history: number[];
  };
  /** Covariance of the estimates, row-major (parameters × parameters), or null. */
  covariance: number[] | null;
  /** The fit's warnings. */
  warnings: IrtWarning[];
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export function toJSONObject(s: FittedState, o: ResolvedIrtOptions): IrtJSON {
  const { layout } = s;
  const byColumn = new Map<number, number>();
  layout.active.forEach((col, j) => {
    byColumn.set(col, j);
  });
  return {
    format: '@em/irt',
    version: IRT_SCHEMA_VERSION,
    itemType: o.itemType,
    quadrature: { rule: o.quadrature, points: o.quadraturePoints },
    fixedSlope: o.fixedSlope,
    guessingPrior: { ...o.guessingPrior },
    items: s.names.map((name, col) => {
      const j = byColumn.get(col);
      const K = s.categories[col]!;
      if (j === undefined)
        return {
          name,
          nCategories: K,
          excluded: true,
          slope: null,
          intercepts: new Array(K - 1).fill(null),
          guessing: null,
        };
      const si = layout.slope[j]!;
      const gi = layout.guess[j]!;
      const item: IrtItemJSON = {
        name,
        nCategories: K,
        excluded: false,
        slope: si < 0 ? layout.fixedSlope : s.x[si]!,
        intercepts: Array.from(s.x.subarray(layout.intercept[j]!, layout.intercept[j]! + K - 1)),
        guessing: gi < 0 ? 0 : 1 / (1 + Math.exp(-s.x[gi]!)),
      };
      if (gi >= 0) item.logitGuessing = s.x[gi]!;
      return item;
    }),
    fit: {
      logLikelihood: finiteOrNull(s.logLikelihood),
      nIter: s.nIter,
      converged: s.converged,
      nObservations: s.nObservations,
      nPersons: s.nPersons,
      history: s.history.slice(),
    },
    covariance: s.covariance ? Array.from(s.covariance) : null,
    warnings: s.warnings.map((w) => ({ ...w })),
  };
}

const ITEM_TYPES: readonly ItemType[] = ['Rasch', '1PL', '2PL', '3PL', 'graded', 'gpcm'];

function fail(field: string, expected: string, received: unknown): never {
  throw new InvalidInputError(`json.${field}`, expected, received);
}

function finite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, 'a finite number', value);
  return value;
}

/** Parameters beyond this are not estimates of anything (and would overflow information at large θ). */
const LIMIT = 1e8;

function bounded(field: string, value: unknown): number {
  const v = finite(field, value);
  if (Math.abs(v) > LIMIT) fail(field, `a number with |x| <= ${LIMIT}`, v);
  return v;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fromJSONObject(input: string | object): { options: IrtOptions; state: FittedState } {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch {
      throw new InvalidInputError('json', 'a JSON string made by ItemResponseModel.toJSON', input);
    }
  }
  if (!isObject(json))
    throw new InvalidInputError('json', 'an object made by ItemResponseModel.toJSON', json);
  if (json.format !== '@em/irt') fail('format', "'@em/irt'", json.format);
  if (json.version !== IRT_SCHEMA_VERSION) fail('version', String(IRT_SCHEMA_VERSION), json.version);
  const itemType = json.itemType as ItemType;
  if (!ITEM_TYPES.includes(itemType)) fail('itemType', ITEM_TYPES.join(', '), json.itemType);
  const quadrature = json.quadrature;
  if (!isObject(quadrature)) fail('quadrature', '{ rule, points }', quadrature);
  const rule = quadrature.rule as QuadratureRule;
  if (rule !== 'gauss-hermite' && rule !== 'rectangular')
    fail('quadrature.rule', "'gauss-hermite' or 'rectangular'", quadrature.rule);
  const points = quadrature.points;
  if (
    typeof points !== 'number' ||
    !Number.isInteger(points) ||
    points < 2 ||
    points > (rule === 'rectangular' ? 1000 : 200)
  )
    fail('quadrature.points', 'an integer number of quadrature points', points);
  const fixedSlope = finite('fixedSlope', json.fixedSlope);
  if (fixedSlope === 0) fail('fixedSlope', 'a non-zero number', 0);
  const prior = json.guessingPrior;
  if (!isObject(prior)) fail('guessingPrior', '{ alpha, beta }', prior);
  const alpha = finite('guessingPrior.alpha', prior.alpha);
  const beta = finite('guessingPrior.beta', prior.beta);
  if (alpha < 1) fail('guessingPrior.alpha', 'a number >= 1', alpha);
  if (beta < 1) fail('guessingPrior.beta', 'a number >= 1', beta);

  const items = json.items;
  if (!Array.isArray(items) || items.length === 0) fail('items', 'a non-empty array of items', items);
  const dichotomous = itemType !== 'graded' && itemType !== 'gpcm';
  const names: string[] = [];
  const categories: number[] = [];
  const active: number[] = [];
  items.forEach((item: unknown, col) => {
    const f = `items[${col}]`;
    if (!isObject(item)) fail(f, 'an item object', item);
    if (typeof item.name !== 'string' || !isPrintable(item.name))
      fail(`${f}.name`, 'a string without control characters', item.name);
    const K = item.nCategories;
    if (typeof K !== 'number' || !Number.isInteger(K) || K < 2 || K > 100 || (dichotomous && K !== 2))
      fail(`${f}.nCategories`, dichotomous ? '2' : 'an integer from 2 to 100', K);
    if (typeof item.excluded !== 'boolean') fail(`${f}.excluded`, 'a boolean', item.excluded);
    if (!Array.isArray(item.intercepts) || item.intercepts.length !== K - 1)
      fail(`${f}.intercepts`, `an array of ${K - 1} numbers`, item.intercepts);
    names.push(item.name);
    categories.push(K);
    if (!item.excluded) active.push(col);
  });
  const Q = points;
  const layout: Layout = makeLayout(itemType, active, categories, Q, fixedSlope);
  const x = new Float64Array(layout.size);
  active.forEach((col, j) => {
    const f = `items[${col}]`;
    const item = items[col] as Record<string, unknown> & { intercepts: unknown[] };
    const slope = bounded(`${f}.slope`, item.slope);
    if (slope === 0) fail(`${f}.slope`, 'a non-zero number', slope);
    const si = layout.slope[j]!;
    if (si < 0) {
      if (slope !== fixedSlope) fail(`${f}.slope`, `the fixed Rasch slope ${fixedSlope}`, slope);
    } else if (itemType === '1PL' && j > 0) {
      if (slope !== x[si]) fail(`${f}.slope`, `the common 1PL slope ${x[si]}`, slope);
    } else x[si] = slope;
    item.intercepts.forEach((d, k) => {
      x[layout.intercept[j]! + k] = bounded(`${f}.intercepts[${k}]`, d);
    });
    const gi = layout.guess[j]!;
    if (gi >= 0) {
      const g = finite(`${f}.guessing`, item.guessing);
      if (!(g > 0 && g < 1)) fail(`${f}.guessing`, 'a number strictly between 0 and 1', g);
      if (item.logitGuessing === undefined) x[gi] = Math.log(g / (1 - g));
      else {
        const gamma = bounded(`${f}.logitGuessing`, item.logitGuessing);
        if (Math.abs(1 / (1 + Math.exp(-gamma)) - g) > 1e-12)
          fail(`${f}.guessing`, `σ(logitGuessing) = ${1 / (1 + Math.exp(-gamma))}`, g);
        x[gi] = gamma;
      }
    } else if (item.guessing !== 0) fail(`${f}.guessing`, `0 for itemType '${itemType}'`, item.guessing);
  });
  if (!isValid(layout, x)) {
    const bad = active.find((_, j) => {
      const at = layout.intercept[j]!;
      for (let k = 1; k < layout.K[j]! - 1; k++) if (!(x[at + k]! < x[at + k - 1]!)) return true;
      return false;
    });
    fail(
      `items[${bad}].intercepts`,
      'strictly decreasing intercepts (graded thresholds in order)',
      'disordered',
    );
  }

  const fit = json.fit;
  if (!isObject(fit)) fail('fit', 'an object', fit);
  const logLikelihood =
    fit.logLikelihood === null ? Number.NaN : finite('fit.logLikelihood', fit.logLikelihood);
  const nIter = fit.nIter;
  if (typeof nIter !== 'number' || !Number.isInteger(nIter) || nIter < 0)
    fail('fit.nIter', 'an integer >= 0', nIter);
  if (typeof fit.converged !== 'boolean') fail('fit.converged', 'a boolean', fit.converged);
  const nObservations = finite('fit.nObservations', fit.nObservations);
  if (nObservations < 0) fail('fit.nObservations', 'a number >= 0', nObservations);
  const nPersons = fit.nPersons;
  if (typeof nPersons !== 'number' || !Number.isInteger(nPersons) || nPersons < 0)
    fail('fit.nPersons', 'an integer >= 0', nPersons);
  if (!Array.isArray(fit.history)) fail('fit.history', 'an array of numbers', fit.history);
  const history = fit.history.map((v: unknown, i: number) => finite(`fit.history[${i}]`, v));
  checkCounts(nObservations, nPersons, fit.logLikelihood !== null);

  let covariance: Float64Array | undefined;
  if (json.covariance !== null && json.covariance !== undefined) {
    const c = json.covariance;
    if (!Array.isArray(c) || c.length !== layout.size * layout.size)
      fail('covariance', `null or an array of ${layout.size * layout.size} numbers`, c);
    covariance = Float64Array.from(c, (v: unknown, i: number) => finite(`covariance[${i}]`, v));
    checkCovariance(covariance, layout.size);
  }
  const warnings = json.warnings ?? [];
  if (!Array.isArray(warnings)) fail('warnings', 'an array', warnings);
  const cleanWarnings = warnings.map((w: unknown, i: number): IrtWarning => {
    if (!isObject(w) || typeof w.code !== 'string' || typeof w.message !== 'string')
      fail(`warnings[${i}]`, '{ code, message }', w);
    // Keys copied in their saved order, so a round trip is byte-exact.
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(w)) {
      if (key === 'code' || key === 'message') out[key] = w[key];
      else if (key === 'item' || key === 'person') {
        const index = w[key];
        const count = key === 'item' ? items.length : nPersons;
        if (!(Number.isInteger(index) && (index as number) >= 0 && (index as number) < count))
          fail(`warnings[${i}].${key}`, `an index in 0…${count - 1}`, index);
        out[key] = index;
      }
    }
    return out as unknown as IrtWarning;
  });
  return {
    options: {
      itemType,
      quadrature: rule,
      quadraturePoints: points,
      fixedSlope,
      guessingPrior: { alpha, beta },
    },
    state: {
      layout,
      x,
      names,
      categories,
      logLikelihood,
      nIter,
      converged: fit.converged,
      history,
      nObservations,
      nPersons,
      covariance,
      warnings: cleanWarnings,
    },
  };
}
