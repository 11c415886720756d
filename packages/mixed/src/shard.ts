// The worker half of a streamed or sharded mixed-model fit (one grouping factor, alone or with factors
// nested in it to any depth): a pass over a source of chunks that hands each (outer) group's cross-products to the
// per-group kernel, and the four kinds of statistics a coordinator asks for. Everything that
// crosses the wire is plain JSON.
import { InvalidInputError } from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import { ChunkPasses, ChunkShapeError, chunkFactory, type StreamSource } from '@em/core/stream';
import { foldGroupStats, GroupBlock, type GroupCross, groupPrecision } from './group-block.js';
import {
  type EffectSums,
  factorGroup,
  groupCondVar,
  groupEffects,
  groupEmStats,
  reduceGroup,
} from './group-kernel.js';
import { GroupSplitError } from './group-split-error.js';
import { levelLabel } from './table.js';

/**
 * A factor nested in the one before it (in the group, for the first) in {@link MixedChunk.nested}: each
 * row's level and the factor's random-effect covariates.
 *
 * @example
 * ```ts
 * import type { MixedNestedFactor } from '@em/mixed';
 * const school: MixedNestedFactor = { levels: ['s1', 's1', 's2'] };
 * ```
 */
export interface MixedNestedFactor {
  /**
   * Each row's level within its level of the factor before (school within region). Levels are named
   * as lme4 names them: `school:region`, then `class:school:region`; the same label under two parents
   * is two levels.
   */
  levels: ArrayLike<string | number | boolean>;
  /** The factor's random-effect covariates, rows × q (default a random intercept). */
  Z?: DataInput;
}

/**
 * One chunk of a streamed mixed-model fit: rows of the matrix form y = Xβ + Zb + ε with one grouping
 * factor, alone or with factors nested in it: one (lme4's `(1 | group/inner)`: `inner` in every
 * chunk) or a chain of any depth (`(1 | region/school/class)`: `nested`, outermost first).
 * A group's rows must be consecutive in the source (they may run on into the next chunk); the rows of
 * a nested level need not be, within their group.
 *
 * @example
 * ```ts
 * import type { MixedChunk } from '@em/mixed';
 * const chunk: MixedChunk = { y: [1.2, 1.9, 3.1], X: [[1, 0], [1, 1], [1, 0]], groups: ['a', 'a', 'b'] };
 * ```
 */
export interface MixedChunk {
  /** Responses, one per row. */
  y: DataInput;
  /** Fixed-effects covariates, rows × p (include a column of ones for an intercept). */
  X: DataInput;
  /** Each row's group (level of the grouping factor). */
  groups: ArrayLike<string | number | boolean>;
  /** Random-effect covariates, rows × q (default one column of ones: a random intercept). */
  Z?: DataInput;
  /**
   * Each row's level of a factor nested in its group (class within school), in every chunk or in
   * none. Levels are named `inner:group` as lme4 names them; the same inner label in two groups is
   * two levels.
   */
  inner?: ArrayLike<string | number | boolean>;
  /** The nested factor's random-effect covariates, rows × q₂ (default a random intercept). */
  innerZ?: DataInput;
  /**
   * Factors nested in the group, each in the one before (`inner` is short for one of them): in every
   * chunk or in none, and not with `inner`.
   */
  nested?: readonly MixedNestedFactor[];
}

/**
 * One nested factor's part of a {@link MixedShardScan} (present when the chunks have `inner` or `nested`).
 *
 * @example
 * ```ts
 * import type { MixedInnerScan } from '@em/mixed';
 * const inner: MixedInnerScan = { terms: 1, levels: ['a:A', 'b:A'], counts: [2, 1], zz: [3] };
 * ```
 */
export interface MixedInnerScan {
  /** Random-effect terms q₂ (columns of `innerZ`, or of the nested factor's `Z`). */
  terms: number;
  /** The shard's levels of the factor (`inner:group`, `class:school:region`), in the order they come. */
  levels: string[];
  /** Rows of each nested level. */
  counts: number[];
  /** Σ z² of each of the nested factor's terms. */
  zz: number[];
}

/**
 * What {@link LinearMixedModel.scanShard} returns: a shard's size, its groups and the sums over its
 * rows that the initialisation and the design checks need.
 *
 * @example
 * ```ts
 * import type { MixedShardScan } from '@em/mixed';
 * const scan: MixedShardScan = {
 *   rows: 3, fixed: 1, terms: 1, levels: ['a', 'b'], counts: [2, 1],
 *   xtx: [3], xty: [6.2], yty: 14.86, ySum: 6.2, zz: [3],
 * };
 * ```
 */
export interface MixedShardScan {
  /** Rows of the shard. */
  rows: number;
  /** Fixed effects p (columns of X). */
  fixed: number;
  /** Random-effect terms q (columns of Z). */
  terms: number;
  /** The shard's groups, in the order they come. */
  levels: string[];
  /** Rows of each group. */
  counts: number[];
  /** XᵀX, p × p row-major. */
  xtx: number[];
  /** Xᵀy. */
  xty: number[];
  /** yᵀy. */
  yty: number;
  /** Σ y. */
  ySum: number;
  /** Σ z² of each random-effect term. */
  zz: number[];
  /** The nested factors' levels and sums, outermost first, when the chunks have `inner` or `nested`. */
  nested?: MixedInnerScan[];
}

/**
 * What a coordinator asks a shard for ({@link LinearMixedModel.shardStatistics}), as JSON. Each
 * E-step takes two rounds, because β̂ is a generalised least-squares estimate over all groups:
 * `'fixed'` (each group's share of XᵀV̄⁻¹X and XᵀV̄⁻¹y, and log det Mₗ at Ψ⁻¹), then `'effects'` (each
 * group's b̂ₗ = E[bₗ | y] at β̂ and its EM statistics). `'ols'` gives the residual sum of squares of
 * the starting values, `'blups'` each group's b̂ₗ and Var(bₗ | y)/σ² at the estimate.
 *
 * @example
 * ```ts
 * import type { MixedShardParams } from '@em/mixed';
 * const params: MixedShardParams = { model: 'LinearMixedModel', phase: 'fixed', psiInverse: [2] };
 * ```
 */
export type MixedShardParams =
  | {
      /** Always `'LinearMixedModel'`. */
      model: 'LinearMixedModel';
      /** The starting values' residual sum of squares. */
      phase: 'ols';
      /** Least-squares coefficients, or null to centre on `mean`. */
      beta: number[] | null;
      /** The mean of y (used when `beta` is null). */
      mean: number;
    }
  | {
      /** Always `'LinearMixedModel'`. */
      model: 'LinearMixedModel';
      /** The groups' shares of the fixed-effect equations. */
      phase: 'fixed';
      /** Ψ⁻¹ = σ²Σ⁻¹, q × q row-major. */
      psiInverse: number[];
      /** Each nested factor's Ψ⁻¹ (q_k × q_k), outermost first (only, and always, for nested chunks). */
      nestedPsiInverse?: number[][];
    }
  | {
      /** Always `'LinearMixedModel'`. */
      model: 'LinearMixedModel';
      /** The groups' random effects and EM statistics at β̂. */
      phase: 'effects';
      /** Ψ⁻¹, q × q. */
      psiInverse: number[];
      /** Each nested factor's Ψ⁻¹ (nested chunks only). */
      nestedPsiInverse?: number[][];
      /** β̂. */
      beta: number[];
      /** σ² of the E-step. */
      sigma2: number;
      /** (XᵀV̄⁻¹X)⁻¹ for REML (β integrated out), null for ML. */
      sInverse: number[] | null;
    }
  | {
      /** Always `'LinearMixedModel'`. */
      model: 'LinearMixedModel';
      /** Each group's conditional modes and covariances. */
      phase: 'blups';
      /** Ψ⁻¹, q × q. */
      psiInverse: number[];
      /** Each nested factor's Ψ⁻¹ (nested chunks only). */
      nestedPsiInverse?: number[][];
      /** β̂. */
      beta: number[];
    };

/**
 * A shard's answer to {@link MixedShardParams}, as JSON: sums over its groups (or, for `'blups'`, one
 * entry per group).
 *
 * @example
 * ```ts
 * import type { MixedShardStatistics } from '@em/mixed';
 * const part: MixedShardStatistics = { phase: 'effects', r2: -40.2, penalty: 1.5, trace: 0.4, acc: [2.1] };
 * ```
 */
export type MixedShardStatistics =
  | {
      /** `'ols'`. */
      phase: 'ols';
      /** Σ (y − Xβ)², or Σ (y − mean)². */
      rss: number;
    }
  | {
      /** `'fixed'`. */
      phase: 'fixed';
      /** Whether some group's ZₗᵀZₗ + Ψ⁻¹ is not positive definite. */
      singular: boolean;
      /** Σ log det Mₗ. */
      logDetM: number;
      /** −Σ (ZₗᵀXₗ)ᵀMₗ⁻¹ZₗᵀXₗ, lower triangle, p × p. */
      s: number[];
      /** −Σ (ZₗᵀXₗ)ᵀMₗ⁻¹Zₗᵀyₗ. */
      rhs: number[];
    }
  | {
      /** `'effects'`. */
      phase: 'effects';
      /** −Σ b̂ₗᵀZₗᵀyₗ. */
      r2: number;
      /** Σ b̂ₗᵀΨ⁻¹b̂ₗ. */
      penalty: number;
      /** Σ tr(Ψ⁻¹Cₗ). */
      trace: number;
      /** Σ b̂ₗb̂ₗᵀ + σ²Cₗ, q × q. */
      acc: number[];
      /** The same sums over each nested factor's levels, q_k × q_k, outermost first (nested chunks only). */
      nestedAcc?: number[][];
    }
  | {
      /** `'blups'`. */
      phase: 'blups';
      /** The shard's groups, in order. */
      levels: string[];
      /** b̂ₗ of each, q numbers per group. */
      b: number[];
      /** Mₗ⁻¹ of each, q × q per group. */
      condVar: number[];
      /** Each nested factor's levels' conditional modes and covariances, the same way (nested chunks only). */
      nested?: {
        /** The shard's levels of the factor (`inner:group`), in order. */
        levels: string[];
        /** b̂ of each, q_k numbers per level. */
        b: number[];
        /** Var(b | y)/σ² of each, q_k × q_k per level. */
        condVar: number[];
      }[];
    };

/** A chunk read and checked: its rows as typed arrays, where it is in the source. */
interface ReadChunk {
  rows: number;
  p: number;
  q: number;
  y: Float64Array;
  x: Float64Array;
  z: Float64Array;
  labels: string[];
  /** The nested factors, outermost first: each row's label, the factor's Z (rows × q); none without. */
  nested: { q: number; z: Float64Array; labels: string[] }[];
  /** The field that gave them (`inner` or `nested`), undefined without. */
  nestedField: 'inner' | 'nested' | undefined;
  index: number;
  row: number;
}

/** Runs `read`, re-throwing its InvalidInputError as one about the chunk, at the source's row. */
function inChunk<T>(index: number, row: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidInputError && !(error instanceof ChunkShapeError))
      throw new InvalidInputError(`source chunk ${index}.${error.argument}`, error.expected, error.received, {
        row: error.row === undefined ? row : row + error.row,
        column: error.column,
      });
    throw error;
  }
}

/** A chunk read and checked (errors name `source chunk <index>` and the row of the source). */
export function readChunk(chunk: MixedChunk, index: number, row: number): ReadChunk {
  return inChunk(index, row, () => {
    if (typeof chunk !== 'object' || chunk === null)
      throw new InvalidInputError('chunk', 'an object { y, X, groups, Z? }', chunk, { row: 0 });
    const ym = toFlatMatrix(chunk.y, 'y');
    if (ym.cols !== 1) throw new InvalidInputError('y', 'one response per row', `${ym.cols} columns`);
    const n = ym.rows;
    const xm = toFlatMatrix(chunk.X, 'X');
    if (xm.rows !== n) throw new InvalidInputError('X', `${n} rows (as y)`, `${xm.rows} rows`);
    const groups = chunk.groups;
    if (!isArrayLike(groups) || groups.length !== n)
      throw new InvalidInputError('groups', `${n} group labels (as y)`, groups);
    const labels = Array.from(groups as ArrayLike<unknown>, (v, i) => {
      if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))))
        throw new InvalidInputError('groups', 'a level (string, finite number or boolean)', v, { row: i });
      return levelLabel(v);
    });
    const zm =
      chunk.Z === undefined
        ? { data: new Float64Array(n).fill(1), rows: n, cols: 1 }
        : toFlatMatrix(chunk.Z, 'Z');
    if (zm.rows !== n) throw new InvalidInputError('Z', `${n} rows (as y)`, `${zm.rows} rows`);
    return {
      rows: n,
      p: xm.cols,
      q: zm.cols,
      y: ym.data,
      x: xm.data,
      z: zm.data,
      labels,
      nested: readNested(chunk, n),
      nestedField: chunk.nested !== undefined ? 'nested' : chunk.inner !== undefined ? 'inner' : undefined,
      index,
      row,
    };
  });
}

/** One nested factor's labels and Z, checked (errors name `levels` and `z` as given). */
function readFactor(
  given: unknown,
  zGiven: DataInput | undefined,
  n: number,
  levels: string,
  z: string,
): ReadChunk['nested'][number] {
  if (!isArrayLike(given) || given.length !== n)
    throw new InvalidInputError(levels, `${n} nested level labels (as y)`, given);
  const labels = Array.from(given as ArrayLike<unknown>, (v, i) => {
    if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))))
      throw new InvalidInputError(levels, 'a level (string, finite number or boolean)', v, { row: i });
    return levelLabel(v);
  });
  const zm =
    zGiven === undefined ? { data: new Float64Array(n).fill(1), rows: n, cols: 1 } : toFlatMatrix(zGiven, z);
  if (zm.rows !== n) throw new InvalidInputError(z, `${n} rows (as y)`, `${zm.rows} rows`);
  return { q: zm.cols, z: zm.data, labels };
}

/** The nested factors of a chunk (`inner`, or `nested`), checked; none when it has neither. */
function readNested(chunk: MixedChunk, n: number): ReadChunk['nested'] {
  if (chunk.nested !== undefined) {
    if (chunk.inner !== undefined || chunk.innerZ !== undefined)
      throw new InvalidInputError('inner', 'no inner with nested (one or the other)', 'inner');
    if (!Array.isArray(chunk.nested) || chunk.nested.length === 0)
      throw new InvalidInputError(
        'nested',
        'a non-empty array of nested factors { levels, Z? }',
        chunk.nested,
      );
    return chunk.nested.map((factor: MixedNestedFactor, k) => {
      if (typeof factor !== 'object' || factor === null)
        throw new InvalidInputError(`nested[${k}]`, 'a nested factor { levels, Z? }', factor);
      return readFactor(factor.levels, factor.Z, n, `nested[${k}].levels`, `nested[${k}].Z`);
    });
  }
  if (chunk.inner === undefined) {
    if (chunk.innerZ !== undefined)
      throw new InvalidInputError('innerZ', 'no innerZ without inner (the nested levels)', 'innerZ');
    return [];
  }
  return [readFactor(chunk.inner, chunk.innerZ, n, 'inner', 'innerZ')];
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** The source's passes, chunk by chunk as checked {@link ReadChunk}s (an empty chunk is skipped). */
export function mixedPasses(
  source: StreamSource<MixedChunk>,
  onProgress?: (pass: number, rows: number, totalRows: number | undefined) => void,
): ChunkPasses<ReadChunk> {
  const chunks = chunkFactory(source);
  return new ChunkPasses<ReadChunk>({
    chunks: async function* () {
      let index = 0;
      let row = 0;
      for await (const chunk of chunks()) {
        const y = (chunk as MixedChunk | null)?.y;
        if (isArrayLike(y) && y.length === 0) {
          index++;
          continue;
        }
        const read = readChunk(chunk, index, row);
        yield read;
        row += read.rows;
        index++;
      }
    },
    shape: (chunk) => ({ rows: chunk.rows, cols: chunk.p }),
    ...(onProgress ? { onChunk: onProgress } : {}),
  });
}

/**
 * One pass: each row handed to `visitRow`, and each group's cross-products ZₗᵀZₗ, ZₗᵀXₗ, Zₗᵀyₗ
 * (summed row by row, as the in-memory engine sums them; with nested factors, over the group's own
 * effects and its nested levels' together) to `visitGroup` when the group ends. A group seen again
 * after another began is a {@link GroupSplitError}; a chunk whose Z (or a nested factor's) has another
 * width, a ChunkShapeError, and nested factors other than the first chunk's an InvalidInputError.
 * `start` is called with p, q and the nested factors' q (outermost first; none without) once the
 * first chunk is read.
 */
export async function eachGroup(
  passes: ChunkPasses<ReadChunk>,
  visit: {
    start?: (p: number, q: number, nestedQ: number[]) => void;
    row?: (chunk: ReadChunk, i: number) => void;
    group: (label: string, cross: GroupCross) => void;
  },
): Promise<{ p: number; q: number; nestedQ: number[] }> {
  let p = -1;
  let q = -1;
  let nestedQ: number[] = [];
  // How the first chunk gave its nested factors, to name the field in a later chunk that lacks them.
  let field = 'inner';
  let block: GroupBlock | undefined;
  let current: string | undefined;
  const finished = new Set<string>();
  const labelsOf: string[] = [];
  let zs: Float64Array[] = [];
  for await (const { chunk } of passes.next()) {
    const depths = chunk.nested.length;
    if (q < 0) {
      p = chunk.p;
      q = chunk.q;
      nestedQ = chunk.nested.map((f) => f.q);
      field = chunk.nestedField ?? 'inner';
      block = new GroupBlock(p, [q, ...nestedQ]);
      visit.start?.(p, q, nestedQ);
    } else if (chunk.q !== q) throw new ChunkShapeError(chunk.index, chunk.row, q, chunk.q);
    else if (depths !== nestedQ.length)
      throw new InvalidInputError(
        `source chunk ${chunk.index}.${chunk.nestedField ?? field}`,
        nestedQ.length === 0
          ? 'no nested labels (as the first chunk)'
          : `nested level labels of ${nestedQ.length} factor(s) (as the first chunk)`,
        chunk.nestedField ?? 'undefined',
        { row: chunk.row },
      );
    else
      chunk.nested.forEach((f, k) => {
        if (f.q !== nestedQ[k]) throw new ChunkShapeError(chunk.index, chunk.row, nestedQ[k]!, f.q);
      });
    const { x, y, labels, nested } = chunk;
    zs = [chunk.z, ...nested.map((f) => f.z)];
    for (let i = 0; i < chunk.rows; i++) {
      const label = labels[i]!;
      if (label !== current) {
        if (current !== undefined) {
          visit.group(current, block!.finish());
          finished.add(current);
        }
        if (finished.has(label)) throw new GroupSplitError(label, { chunk: chunk.index, row: chunk.row + i });
        current = label;
        block!.reset();
      }
      // lme4's labels: `inner:group`, then `class:school:region`.
      let parent = label;
      for (let k = 0; k < depths; k++) {
        parent = `${nested[k]!.labels[i]!}:${parent}`;
        labelsOf[k] = parent;
      }
      block!.add(zs, i, x, y[i]!, labelsOf);
      visit.row?.(chunk, i);
    }
  }
  if (current !== undefined) visit.group(current, block!.finish());
  if (q < 0) throw new InvalidInputError('source', 'at least one row', 'no rows');
  return { p, q, nestedQ };
}

/** The first pass over a shard: its groups and the sums over its rows. */
export async function scanMixedShard(passes: ChunkPasses<ReadChunk>): Promise<MixedShardScan> {
  let xtx = new Float64Array(0);
  let xty = new Float64Array(0);
  let zz = new Float64Array(0);
  let yty = 0;
  let ySum = 0;
  const levels: string[] = [];
  const counts: number[] = [];
  let nested: { terms: number; levels: string[]; counts: number[]; zz: Float64Array }[] = [];
  let count = 0;
  const { p, q } = await eachGroup(passes, {
    start(p, q, nestedQ) {
      xtx = new Float64Array(p * p);
      xty = new Float64Array(p);
      zz = new Float64Array(q);
      nested = nestedQ.map((terms) => ({ terms, levels: [], counts: [], zz: new Float64Array(terms) }));
    },
    row({ x, y, z, p, q, nested: factors }, i) {
      // In the order of the in-memory fit's sums (startParams, checkDesign, the engine).
      const yi = y[i]!;
      yty += yi * yi;
      ySum += yi;
      for (let a = 0; a < p; a++) {
        const xa = x[i * p + a]!;
        xty[a]! += xa * yi;
        for (let c = 0; c <= a; c++) xtx[a * p + c]! += xa * x[i * p + c]!;
      }
      for (let a = 0; a < q; a++) zz[a]! += z[i * q + a]! ** 2;
      factors.forEach((f, k) => {
        const sums = nested[k]!.zz;
        for (let a = 0; a < f.q; a++) sums[a]! += f.z[i * f.q + a]! ** 2;
      });
      count++;
    },
    group(label, cross) {
      levels.push(label);
      counts.push(count);
      count = 0;
      for (const level of cross.nested) {
        nested[level.depth - 1]!.levels.push(level.label);
        nested[level.depth - 1]!.counts.push(level.rows);
      }
    },
  });
  for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) xtx[c * p + a] = xtx[a * p + c]!;
  const scan: MixedShardScan = {
    rows: passes.rows!,
    fixed: p,
    terms: q,
    levels,
    counts,
    xtx: Array.from(xtx),
    xty: Array.from(xty),
    yty,
    ySum,
    zz: Array.from(zz),
  };
  if (nested.length > 0) scan.nested = nested.map((f) => ({ ...f, zz: Array.from(f.zz) }));
  return scan;
}

const PHASES = ['ols', 'fixed', 'effects', 'blups'];

function numbers(value: unknown, name: string, length?: number): Float64Array {
  if (
    !Array.isArray(value) ||
    (length !== undefined && value.length !== length) ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  )
    throw new InvalidInputError(
      name,
      length === undefined ? 'an array of finite numbers' : `an array of ${length} finite numbers`,
      value,
    );
  return Float64Array.from(value);
}

/** {@link MixedShardParams} read into typed arrays. */
type ReadParams =
  | { phase: 'ols'; beta: Float64Array | undefined; mean: number }
  | { phase: 'fixed'; psiInverse: Float64Array }
  | {
      phase: 'effects';
      psiInverse: Float64Array;
      beta: Float64Array;
      sigma2: number;
      sInverse: Float64Array | undefined;
    }
  | { phase: 'blups'; psiInverse: Float64Array; beta: Float64Array };

/**
 * The parameters a coordinator sent, checked against the shard's p, q and nested factors' q;
 * `nestedPsiInverse` (each nested factor's Ψ⁻¹, outermost first) is kept in `nested`.
 */
function readParams(
  raw: unknown,
  p: number,
  q: number,
  nestedQ: number[],
): ReadParams & { nested?: Float64Array[] } {
  const read = readOuterParams(raw, p, q);
  if (read.phase === 'ols') return read;
  const given = (raw as Record<string, unknown>).nestedPsiInverse;
  if (nestedQ.length === 0) {
    if (given !== undefined)
      throw new InvalidInputError('params.nestedPsiInverse', 'none (the shard has no nested factor)', given);
    return read;
  }
  if (!Array.isArray(given) || given.length !== nestedQ.length)
    throw new InvalidInputError(
      'params.nestedPsiInverse',
      `one Ψ⁻¹ per nested factor (${nestedQ.length})`,
      given,
    );
  return {
    ...read,
    nested: nestedQ.map((qk, k) => numbers(given[k], `params.nestedPsiInverse[${k}]`, qk * qk)),
  };
}

function readOuterParams(raw: unknown, p: number, q: number): ReadParams {
  const params = raw as Record<string, unknown> | null;
  if (typeof params !== 'object' || params === null || params.model !== 'LinearMixedModel')
    throw new InvalidInputError(
      'params',
      "parameters of a LinearMixedModel ({ model: 'LinearMixedModel', phase, … })",
      params?.model ?? params,
    );
  const phase = params.phase as string;
  if (!PHASES.includes(phase)) throw new InvalidInputError('params.phase', PHASES.join(', '), phase);
  const vector = (key: string, length: number) => numbers(params[key], `params.${key}`, length);
  if (phase === 'ols') {
    const mean = numbers([params.mean], 'params.mean')[0]!;
    return { phase: 'ols', beta: params.beta === null ? undefined : vector('beta', p), mean };
  }
  const psiInverse = vector('psiInverse', q * q);
  if (phase === 'fixed') return { phase: 'fixed', psiInverse };
  const beta = vector('beta', p);
  if (phase === 'blups') return { phase: 'blups', psiInverse, beta };
  const sigma2 = numbers([params.sigma2], 'params.sigma2')[0]!;
  if (!(sigma2 > 0)) throw new InvalidInputError('params.sigma2', 'a positive number', sigma2);
  const sInverse = params.sInverse === null ? undefined : vector('sInverse', p * p);
  return { phase: 'effects', psiInverse, beta, sigma2, sInverse };
}

/** One shard's statistics under `raw` (see {@link MixedShardParams}), one pass over it. */
export async function mixedShardStatistics(
  raw: unknown,
  passes: ChunkPasses<ReadChunk>,
): Promise<MixedShardStatistics> {
  let params: (ReadParams & { nested?: Float64Array[] }) | undefined;
  // Scratch of the kernel, grown to the largest group's m (q + the q of each of its nested levels).
  let size = -1;
  let chol = new Float64Array(0);
  let u = new Float64Array(0);
  let h = new Float64Array(0);
  let col = new Float64Array(0);
  let b = new Float64Array(0);
  let cl = new Float64Array(0);
  let pinvScratch = new Float64Array(0);
  let groupAcc = new Float64Array(0);
  let s = new Float64Array(0);
  let rhs = new Float64Array(0);
  let acc = new Float64Array(0);
  let accs: Float64Array[] = [];
  let rss = 0;
  let logDetM = 0;
  let singular = false;
  const sums: EffectSums = { r2: 0, penalty: 0, trace: 0 };
  const levels: string[] = [];
  const blups: number[] = [];
  const condVar: number[] = [];
  let nestedBlups: { levels: string[]; b: number[]; condVar: number[] }[] = [];
  let p = 0;
  let q = 0;
  let qs: number[] = [];
  const grow = (m: number) => {
    if (m <= size) return;
    size = m;
    chol = new Float64Array(m * m);
    u = new Float64Array(m);
    h = new Float64Array(m * p);
    col = new Float64Array(m);
    b = new Float64Array(m);
    cl = new Float64Array(m * m);
    pinvScratch = new Float64Array(m * m);
    groupAcc = new Float64Array(m * m);
  };
  const view = (a: Float64Array, length: number) => a.subarray(0, length);
  await eachGroup(passes, {
    start(cols, terms, nestedQ) {
      p = cols;
      q = terms;
      qs = [q, ...nestedQ];
      params = readParams(raw, p, q, nestedQ);
      grow(q);
      s = new Float64Array(p * p);
      rhs = new Float64Array(p);
      acc = new Float64Array(q * q);
      accs = qs.map((qk) => new Float64Array(qk * qk));
      nestedBlups = nestedQ.map(() => ({ levels: [], b: [], condVar: [] }));
    },
    row({ x, y }, i) {
      if (params!.phase !== 'ols') return;
      const { beta, mean } = params!;
      let e = y[i]!;
      if (beta) for (let a = 0; a < p; a++) e -= x[i * p + a]! * beta[a]!;
      else e -= mean;
      rss += e * e;
    },
    group(label, { m, ztz, ztx, zty, nested }) {
      const pr = params!;
      if (pr.phase === 'ols' || singular) return;
      grow(m);
      const [cm, um, hm, bm, clm] = [
        view(chol, m * m),
        view(u, m),
        view(h, m * p),
        view(b, m),
        view(cl, m * m),
      ];
      // One factor: Ψ⁻¹ itself (the very numbers of the in-memory block engine).
      const pinv =
        qs.length > 1
          ? groupPrecision(qs, m, [pr.psiInverse, ...pr.nested!], nested, pinvScratch)
          : pr.psiInverse;
      const logDet = factorGroup(m, p, ztz, ztx, zty, pinv, cm, um, hm, col);
      if (logDet === undefined) {
        singular = true;
        return;
      }
      if (pr.phase === 'fixed') {
        logDetM += logDet;
        reduceGroup(m, p, ztx, um, hm, s, rhs);
        return;
      }
      groupEffects(m, p, um, hm, zty, pr.beta, pinv, bm, sums);
      if (pr.phase === 'effects') {
        if (qs.length === 1) {
          groupEmStats(m, p, cm, hm, bm, pr.sigma2, pr.sInverse, pinv, acc, clm, sums);
          return;
        }
        // The group's m × m statistics, then its diagonal blocks added to each factor's sum.
        const ga = view(groupAcc, m * m);
        ga.fill(0);
        groupEmStats(m, p, cm, hm, bm, pr.sigma2, pr.sInverse, pinv, ga, clm, sums);
        foldGroupStats(qs, m, nested, ga, [acc, ...accs.slice(1)]);
        return;
      }
      groupCondVar(cm, m, clm);
      levels.push(label);
      for (let a = 0; a < q; a++) {
        blups.push(bm[a]!);
        for (let c = 0; c < q; c++) condVar.push(clm[a * m + c]!);
      }
      let o = q;
      for (const level of nested) {
        const qk = qs[level.depth]!;
        const into = nestedBlups[level.depth - 1]!;
        into.levels.push(level.label);
        for (let a = 0; a < qk; a++) {
          into.b.push(bm[o + a]!);
          for (let c = 0; c < qk; c++) into.condVar.push(clm[(o + a) * m + o + c]!);
        }
        o += qk;
      }
    },
  });
  const read = params!;
  if (singular && read.phase !== 'fixed' && read.phase !== 'ols')
    throw new InvalidInputError(
      'params.psiInverse',
      'a Ψ⁻¹ at which every group’s ZᵀZ + Ψ⁻¹ is positive definite',
      Array.from(read.psiInverse),
    );
  const out: MixedShardStatistics =
    read.phase === 'ols'
      ? { phase: 'ols', rss }
      : read.phase === 'fixed'
        ? {
            phase: 'fixed',
            singular,
            logDetM: singular ? 0 : logDetM,
            s: Array.from(s),
            rhs: Array.from(rhs),
          }
        : read.phase === 'effects'
          ? {
              phase: 'effects',
              r2: sums.r2,
              penalty: sums.penalty,
              trace: sums.trace,
              acc: Array.from(acc),
              ...(qs.length > 1 ? { nestedAcc: accs.slice(1).map((a) => Array.from(a)) } : {}),
            }
          : { phase: 'blups', levels, b: blups, condVar, ...(qs.length > 1 ? { nested: nestedBlups } : {}) };
  // Parameters far out of range (β of 1e200, say) overflow the sums: an error, never Infinity or NaN.
  const values = Object.values(out).flatMap((v) => (Array.isArray(v) ? v : [v]));
  if (out.phase === 'effects' && out.nestedAcc) values.push(...out.nestedAcc.flat());
  if (out.phase === 'blups' && out.nested) for (const f of out.nested) values.push(...f.b, ...f.condVar);
  if (values.some((v) => typeof v === 'number' && !Number.isFinite(v)))
    throw new InvalidInputError('params', 'parameters at which the statistics are finite numbers', raw);
  return out;
}
