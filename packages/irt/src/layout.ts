// Where each item's parameters live in the one parameter vector that EM and SQUAREM work on.
import { GUESSING_LOGIT_LIMIT, type ItemView, type Kind } from './items.js';
import type { ItemType } from './types.js';

/**
 * The parameter vector holds, for each estimated item in turn, its own slope (2PL, 3PL, graded,
 * gpcm), its K − 1 intercepts and, for the 3PL, logit g; the 1PL's common slope comes last, and the
 * Rasch slope is a constant outside the vector.
 */
export interface Layout {
  itemType: ItemType;
  kind: Kind;
  /** Columns of the estimated items (the others are excluded). */
  active: Int32Array;
  /** Categories of each estimated item. */
  K: Int32Array;
  /** Index of each estimated item's slope in the vector, or −1 when fixed. */
  slope: Int32Array;
  /** Index of each estimated item's first intercept. */
  intercept: Int32Array;
  /** Index of each estimated item's logit g, or −1. */
  guess: Int32Array;
  /** Offset of each estimated item's first cell (category 0, node 0) in the statistics table. */
  cell: Int32Array;
  /** Length of the parameter vector. */
  size: number;
  /** Total categories over estimated items (the table has `cells × Q` entries). */
  cells: number;
  fixedSlope: number;
}

export function kindOf(itemType: ItemType): Kind {
  if (itemType === '3PL') return 'guessing';
  if (itemType === 'graded') return 'graded';
  if (itemType === 'gpcm') return 'gpcm';
  return 'logistic';
}

export function makeLayout(
  itemType: ItemType,
  active: readonly number[],
  categories: readonly number[],
  Q: number,
  fixedSlope: number,
): Layout {
  const J = active.length;
  const layout: Layout = {
    itemType,
    kind: kindOf(itemType),
    active: Int32Array.from(active),
    K: new Int32Array(J),
    slope: new Int32Array(J),
    intercept: new Int32Array(J),
    guess: new Int32Array(J).fill(-1),
    cell: new Int32Array(J),
    size: 0,
    cells: 0,
    fixedSlope,
  };
  let index = 0;
  let cell = 0;
  for (let j = 0; j < J; j++) {
    const K = categories[active[j]!]!;
    layout.K[j] = K;
    layout.slope[j] = itemType === 'Rasch' || itemType === '1PL' ? -1 : index++;
    layout.intercept[j] = index;
    index += K - 1;
    if (itemType === '3PL') layout.guess[j] = index++;
    layout.cell[j] = cell * Q;
    cell += K;
  }
  if (itemType === '1PL') {
    const common = index++;
    layout.slope.fill(common);
  }
  layout.size = index;
  layout.cells = cell;
  return layout;
}

/** The slope of estimated item j under parameters x. */
export function slopeOf(layout: Layout, x: Float64Array, j: number): number {
  const s = layout.slope[j]!;
  return s < 0 ? layout.fixedSlope : x[s]!;
}

/** A view of estimated item j for the kernels. */
export function itemView(layout: Layout, x: Float64Array, j: number): ItemView {
  const g = layout.guess[j]!;
  return {
    kind: layout.kind,
    K: layout.K[j]!,
    a: slopeOf(layout, x, j),
    d: x,
    dOff: layout.intercept[j]!,
    g: g < 0 ? 0 : 1 / (1 + Math.exp(-x[g]!)),
  };
}

/** Whether x is a valid parameter value: finite, and graded intercepts strictly decreasing. */
export function isValid(layout: Layout, x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  if (layout.kind !== 'graded') return true;
  for (let j = 0; j < layout.K.length; j++) {
    const start = layout.intercept[j]!;
    for (let k = 1; k < layout.K[j]! - 1; k++) if (!(x[start + k]! < x[start + k - 1]!)) return false;
  }
  return true;
}

/** Whether every 3PL logit g lies within the M-step's bound (SQUAREM extrapolations may leave it). */
export function guessingWithinLimit(layout: Layout, x: Float64Array): boolean {
  for (const gi of layout.guess) if (gi >= 0 && !(Math.abs(x[gi]!) <= GUESSING_LOGIT_LIMIT)) return false;
  return true;
}
