import { InvalidOptionError, validateEMOptions } from '@em/core';
import { MAX_CATEGORIES } from './responses.js';
import type { BetaPrior, IrtOptions, ItemType, QuadratureRule } from './types.js';

/**
 * {@link IrtOptions} after defaults, as {@link ItemResponseModel.options} reports them.
 *
 * @example
 * ```ts
 * import { ItemResponseModel } from '@em/irt';
 * new ItemResponseModel().options.quadraturePoints; // 21
 * ```
 */
export interface ResolvedIrtOptions {
  /** The item model. */
  itemType: ItemType;
  /** Quadrature points. */
  quadraturePoints: number;
  /** Quadrature rule. */
  quadrature: QuadratureRule;
  /** The Rasch slope. */
  fixedSlope: number;
  /** The 3PL guessing prior. */
  guessingPrior: BetaPrior;
  /** Categories per item, if given. */
  nCategories: number | readonly number[] | undefined;
  /** Whether missing responses are allowed. */
  missing: 'allow' | 'error';
  /** Whether `fit` computes standard errors. */
  standardErrors: boolean;
  /** EM iteration limit. */
  maxIter: number;
  /** EM tolerance. */
  tol: number;
  /** EM stopping rule. */
  stopRule: NonNullable<IrtOptions['stopRule']>;
  /** EM acceleration. */
  acceleration: NonNullable<IrtOptions['acceleration']>;
  /** Progress callback. */
  onIteration: IrtOptions['onIteration'];
  /** Cancellation. */
  signal: AbortSignal | undefined;
}

const ITEM_TYPES: readonly ItemType[] = ['Rasch', '1PL', '2PL', '3PL', 'graded', 'gpcm'];

export function resolveIrtOptions(options: IrtOptions | undefined): ResolvedIrtOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw new InvalidOptionError('options', 'an object', options);
  const o = options ?? {};
  const itemType = o.itemType ?? '2PL';
  if (!ITEM_TYPES.includes(itemType))
    throw new InvalidOptionError('itemType', ITEM_TYPES.map((t) => `'${t}'`).join(', '), itemType);
  const quadrature = o.quadrature ?? 'gauss-hermite';
  if (quadrature !== 'gauss-hermite' && quadrature !== 'rectangular')
    throw new InvalidOptionError('quadrature', "'gauss-hermite' or 'rectangular'", quadrature);
  const quadraturePoints = o.quadraturePoints ?? 21;
  const maxPoints = quadrature === 'rectangular' ? 1000 : 200;
  if (!Number.isInteger(quadraturePoints) || quadraturePoints < 2 || quadraturePoints > maxPoints)
    throw new InvalidOptionError('quadraturePoints', `an integer from 2 to ${maxPoints}`, quadraturePoints);
  const fixedSlope = o.fixedSlope ?? 1;
  if (typeof fixedSlope !== 'number' || !Number.isFinite(fixedSlope) || fixedSlope === 0)
    throw new InvalidOptionError('fixedSlope', 'a finite non-zero number', fixedSlope);
  const guessingPrior = o.guessingPrior ?? { alpha: 5, beta: 17 };
  if (
    typeof guessingPrior !== 'object' ||
    guessingPrior === null ||
    !(guessingPrior.alpha >= 1) ||
    !(guessingPrior.beta >= 1) ||
    !Number.isFinite(guessingPrior.alpha) ||
    !Number.isFinite(guessingPrior.beta)
  )
    throw new InvalidOptionError(
      'guessingPrior',
      '{ alpha, beta } with finite alpha >= 1 and beta >= 1 (so the prior has a mode)',
      guessingPrior,
    );
  const nCategories = o.nCategories;
  if (nCategories !== undefined) {
    const valid = (k: unknown) =>
      typeof k === 'number' && Number.isInteger(k) && k >= 2 && k <= MAX_CATEGORIES;
    if (Array.isArray(nCategories) ? !nCategories.every(valid) : !valid(nCategories))
      throw new InvalidOptionError(
        'nCategories',
        `an integer from 2 to ${MAX_CATEGORIES}, or an array of them`,
        nCategories,
      );
  }
  const missing = o.missing ?? 'allow';
  if (missing !== 'allow' && missing !== 'error')
    throw new InvalidOptionError('missing', "'allow' or 'error'", missing);
  const standardErrors = o.standardErrors ?? true;
  if (typeof standardErrors !== 'boolean')
    throw new InvalidOptionError('standardErrors', 'a boolean', standardErrors);
  const em = {
    maxIter: o.maxIter ?? 2000,
    tol: o.tol ?? 1e-8,
    stopRule: o.stopRule ?? 'absolute',
    acceleration: o.acceleration ?? 'squarem',
    onIteration: o.onIteration,
    signal: o.signal,
  };
  validateEMOptions(em);
  return {
    itemType,
    quadraturePoints,
    quadrature,
    fixedSlope,
    guessingPrior: { alpha: guessingPrior.alpha, beta: guessingPrior.beta },
    nCategories: Array.isArray(nCategories) ? nCategories.slice() : nCategories,
    missing,
    standardErrors,
    ...em,
  };
}
