import {
  EMError,
  InvalidInputError,
  InvalidOptionError,
  inspectCustom,
  NotFittedError,
  validateEMOptions,
} from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import { readStepSizeOptions, type StreamSource } from '@em/core/stream';
import type { Design, Factor } from './design.js';
import { chooseEngine, type Engine, type Evaluation } from './engine.js';
import {
  evaluate,
  logLikelihoodAt,
  newtonPolish,
  profiled,
  runMixedEM,
  startParams,
  thetaOf,
} from './estimate.js';
import { parseFormula } from './formula.js';
import { linearMixedModelSummary } from './inspect.js';
import { spdInverse } from './linalg.js';
import { type MixedPartialFitOptions, type OnlineRun, onlineStep } from './online.js';
import { nCovParams, type VarianceParams } from './parameters.js';
import { predictionOverflow } from './prediction-overflow.js';
import { checkDesign, type MixedWarning, makeFactor, type Relationship } from './prepare.js';
import { fitReport } from './report.js';
import {
  type MixedChunk,
  type MixedShardParams,
  type MixedShardScan,
  type MixedShardStatistics,
  mixedPasses,
  mixedShardStatistics,
  scanMixedShard,
} from './shard.js';
import { checkStateConsistency } from './state-consistency.js';
import { fitFromShards, type MixedStatisticsSource, type MixedStreamNames } from './stream-fit.js';
import { type MixedStreamOptions, readStreamOptions } from './stream-options.js';
import { formatSummary } from './summary.js';
import {
  buildColumns,
  type ColumnRecipe,
  groupLabels,
  levelLabel,
  oneOf,
  responseColumn,
  type Table,
  tableRows,
  termRecipes,
} from './table.js';

/**
 * Options of {@link LinearMixedModel}.
 *
 * @example
 * ```ts
 * import type { LinearMixedModelOptions } from '@em/mixed';
 * const options: LinearMixedModelOptions = { reml: false, acceleration: 'squarem', polish: true };
 * ```
 */
export interface LinearMixedModelOptions {
  /** REML (default, as lme4) or maximum likelihood (`false`). */
  reml?: boolean;
  /** `'squarem'` (default): SQUAREM-accelerated EM (`@em/core`); `'none'`: plain EM. */
  acceleration?: 'none' | 'squarem';
  /**
   * Finish with Newton–Raphson on the profiled likelihood (default true): EM's last digits come fast.
   * `fit.optimizer` reports what ran.
   */
  polish?: boolean;
  /** Most EM iterations (default 10 000; with SQUAREM one iteration is one extrapolation cycle). */
  maxIter?: number;
  /** EM stops when the log-likelihood changes by less than this (default 1e-9 absolute). */
  tol?: number;
  /**
   * Known covariances among the levels of a grouping factor, by factor name: the animal model's
   * relationship matrix A, so that `(1 | animal)` has covariance σ²ₐA.
   */
  relationships?: Readonly<Record<string, Relationship>>;
}

/**
 * One grouping factor of the matrix interface: each observation's level, its random-effect
 * covariates Z (default: a column of ones, a random intercept) and their covariance structure.
 *
 * @example
 * ```ts
 * import type { RandomBlock } from '@em/mixed';
 * const block: RandomBlock = {
 *   name: 'Subject', groups: ['a', 'a', 'b', 'b'], Z: [[1, 0], [1, 1], [1, 0], [1, 1]],
 *   termNames: ['(Intercept)', 'Days'],
 * };
 * ```
 */
export interface RandomBlock {
  /** The factor's name in outputs (default `g1`, `g2`, …). */
  name?: string;
  /** Each observation's level. */
  groups: ArrayLike<string | number | boolean>;
  /** n × q covariates of the level's q effects (default one column of ones). */
  Z?: DataInput;
  /** Names of the q effects (default `(Intercept)` for one column, `z1`, `z2`, … otherwise). */
  termNames?: readonly string[];
  /** `'unstructured'` (default) or `'diagonal'` (uncorrelated effects, lme4's `||`). */
  covariance?: 'unstructured' | 'diagonal';
  /** A known covariance among the levels (q = 1). */
  relationship?: Relationship;
}

/**
 * The matrix interface: y = Xβ + Σₖ Zₖbₖ + ε.
 *
 * @example
 * ```ts
 * import type { MixedMatrices } from '@em/mixed';
 * const spec: MixedMatrices = {
 *   y: [1.2, 1.9, 3.1, 3.8, 2.2, 2.4],
 *   X: [[1], [1], [1], [1], [1], [1]],
 *   random: [{ name: 'batch', groups: ['a', 'a', 'b', 'b', 'c', 'c'] }],
 * };
 * ```
 */
export interface MixedMatrices {
  /** Responses, length n. */
  y: DataInput;
  /** Fixed-effects model matrix, n × p (include a column of ones for an intercept). */
  X: DataInput;
  /** Names of X's columns (default `x1`, `x2`, …). */
  fixedNames?: readonly string[];
  /** One or more grouping factors. */
  random: readonly RandomBlock[];
}

/**
 * A fixed effect as lme4's `summary` prints it.
 *
 * @example
 * ```ts
 * import type { FixedEffect } from '@em/mixed';
 * const days: FixedEffect = { name: 'Days', estimate: 10.467, stdError: 1.546, tValue: 6.771 };
 * ```
 */
export interface FixedEffect {
  /** Column name. */
  name: string;
  /** β̂. */
  estimate: number;
  /** Standard error √(σ̂² (XᵀV̄⁻¹X)⁻¹)ⱼⱼ. */
  stdError: number;
  /** estimate / stdError. */
  tValue: number;
}

/**
 * The variance components of one grouping factor (lme4's `VarCorr`).
 *
 * @example
 * ```ts
 * import type { VarianceComponent } from '@em/mixed';
 * const vc: VarianceComponent = {
 *   group: 'Subject', terms: ['(Intercept)', 'Days'], variance: [612.1, 35.07], sd: [24.74, 5.922],
 *   correlation: [[1, 0.066], [0.066, 1]], covariance: [[612.1, 9.6], [9.6, 35.07]], relationship: false,
 * };
 * ```
 */
export interface VarianceComponent {
  /** Grouping factor. */
  group: string;
  /** Its terms. */
  terms: string[];
  /** Variance of each term. */
  variance: number[];
  /** Standard deviation of each term. */
  sd: number[];
  /** Correlations among the terms. */
  correlation: number[][];
  /** Covariance matrix Σ. */
  covariance: number[][];
  /** Whether the levels are correlated through a known relationship matrix (variance σ²ₐ of A's scale). */
  relationship: boolean;
}

/**
 * Conditional modes (BLUPs) of one factor's random effects, with their conditional standard
 * deviations (lme4's `ranef(…, condVar = TRUE)`).
 *
 * @example
 * ```ts
 * import type { RandomEffects } from '@em/mixed';
 * const re: RandomEffects = { group: 'Batch', terms: ['(Intercept)'], levels: ['A'], values: [[-17.6]], condSd: [[19.4]] };
 * ```
 */
export interface RandomEffects {
  /** Grouping factor. */
  group: string;
  /** Term names (columns of `values`). */
  terms: string[];
  /** Level labels (rows of `values`). */
  levels: string[];
  /** b̂, one row per level. */
  values: number[][];
  /** Conditional standard deviations given β̂, one row per level. */
  condSd: number[][];
}

/**
 * How the estimate was reached: EM or SQUAREM iterations, and whether Newton's method polished it.
 *
 * @example
 * ```ts
 * import type { OptimizerReport } from '@em/mixed';
 * const r: OptimizerReport = {
 *   method: 'SQUAREM', emIterations: 21, eSteps: 58, emConverged: true,
 *   polish: 'newton', polishIterations: 3, polishConverged: true,
 *   description: 'SQUAREM (21 iterations, 58 E-steps) + Newton polish (3 steps)',
 * };
 * ```
 */
export interface OptimizerReport {
  /** `'EM'` (plain) or `'SQUAREM'`. */
  method: 'EM' | 'SQUAREM';
  /** EM iterations run. */
  emIterations: number;
  /** E-steps evaluated. */
  eSteps: number;
  /** Whether EM met its tolerance. */
  emConverged: boolean;
  /** `'newton'` when the polish ran, else `'none'`. */
  polish: 'newton' | 'none';
  /** Newton steps taken. */
  polishIterations: number;
  /** Whether the polish converged. */
  polishConverged: boolean;
  /** One line for people. */
  description: string;
}

/**
 * Narrow-sense heritability h² = σ²ₐ / (σ²ₐ + other variance components + σ²ₑ) with its delta-method
 * standard error from the observed information of the variance components.
 *
 * @example
 * ```ts
 * import type { Heritability } from '@em/mixed';
 * const h: Heritability = { group: 'animal', h2: 0.41, se: 0.09, varianceA: 0.41, varianceTotal: 1 };
 * ```
 */
export interface Heritability {
  /** The factor with the relationship matrix. */
  group: string;
  /** h². */
  h2: number;
  /**
   * Its delta-method standard error; `null` when the observed information of the variance components is
   * singular (a component at the boundary, or too few records to identify it), so there is none.
   */
  se: number | null;
  /** σ²ₐ. */
  varianceA: number;
  /** The phenotypic variance: every variance component plus σ²ₑ. */
  varianceTotal: number;
}

/**
 * What a fitted model holds: the `state` that {@link LinearMixedModel.toJSON} writes and
 * {@link LinearMixedModel.fromJSON} validates.
 *
 * @example
 * ```ts
 * import { LinearMixedModel, sleepstudy, type MixedModelState } from '@em/mixed';
 * const state: MixedModelState = new LinearMixedModel().fit('Reaction ~ Days + (1 | Subject)', sleepstudy).toJSON().state;
 * state.fixedNames; // ['(Intercept)', 'Days']
 * ```
 */
export interface MixedModelState {
  /** Whether REML was used. */
  reml: boolean;
  /** The formula, or null for a matrix fit. */
  formula: string | null;
  /** Number of observations. */
  n: number;
  /** Fixed-effect names. */
  fixedNames: string[];
  /** How each fixed-effect column is made from a table (null for a matrix fit). */
  fixedRecipes: ColumnRecipe[] | null;
  /** The levels of categorical fixed-effect columns seen in fitting. */
  fixedLevels: Record<string, string[]>;
  /** The grouping factors. */
  factors: {
    /** Factor name. */
    name: string;
    /** Term names. */
    terms: string[];
    /** Level labels. */
    levels: string[];
    /** Covariance structure. */
    covariance: 'unstructured' | 'diagonal';
    /** Whether a relationship matrix was given. */
    relationship: boolean;
    /** The table columns forming the groups (null for a matrix fit). */
    groupColumns: string[] | null;
    /** How the terms are made from a table (null for a matrix fit). */
    termRecipes: ColumnRecipe[] | null;
  }[];
  /** β̂. */
  beta: number[];
  /** Covariance of β̂. */
  vcov: number[][];
  /** σ̂². */
  sigma2: number;
  /** Σₖ per factor. */
  cov: number[][][];
  /** Conditional modes per factor, level × term. */
  blups: number[][][];
  /** Conditional SDs per factor, level × term. */
  condSd: number[][][];
  /** Log-likelihood (REML or ML). */
  logLik: number;
  /** Fitted values. */
  fitted: number[];
  /** Residuals. */
  residuals: number[];
  /** What ran. */
  optimizer: OptimizerReport;
  /** Warnings of the fit. */
  warnings: MixedWarning[];
  /** h² and its SE, or null. */
  heritability: Heritability | null;
}

/**
 * The JSON schema version written by {@link LinearMixedModel.toJSON}.
 *
 * @example
 * ```ts
 * import { LinearMixedModel, MIXED_SCHEMA_VERSION, sleepstudy } from '@em/mixed';
 * new LinearMixedModel().fit('Reaction ~ Days + (1 | Subject)', sleepstudy).toJSON().version === MIXED_SCHEMA_VERSION; // true
 * ```
 */
export const MIXED_SCHEMA_VERSION = 1;

/**
 * A linear mixed model y = Xβ + Zb + ε, b ~ N(0, G), ε ~ N(0, σ²I), with grouped random effects
 * (random intercepts and slopes per grouping factor, unstructured or diagonal covariances, crossed
 * and nested factors, and known relationship matrices for animal models), fitted by EM with the
 * random effects as latent data — SQUAREM-accelerated, polished by Newton's method — by REML or ML.
 * Names and outputs follow lme4.
 *
 * @example
 * ```ts
 * import { LinearMixedModel, sleepstudy } from '@em/mixed';
 * const fit = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy);
 * fit.fixedEffects()[1]!.estimate;         // ≈ 10.467 (lme4: 10.467)
 * fit.varCorr().groups[0]!.sd;             // ≈ [24.74, 5.922]
 * fit.remlCriterion;                       // ≈ 1743.63
 * ```
 */
export class LinearMixedModel {
  /** The options the model was created with. */
  readonly options: Readonly<LinearMixedModelOptions>;
  private state: MixedModelState | undefined;
  /** The running statistics of `partialFit`, kept between calls. */
  private online: OnlineRun | undefined;

  /**
   * @param options See {@link LinearMixedModelOptions}.
   * @throws InvalidOptionError on a bad option.
   */
  constructor(options: LinearMixedModelOptions = {}) {
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object', options);
    if (options.reml !== undefined && typeof options.reml !== 'boolean')
      throw new InvalidOptionError('reml', 'true or false', options.reml);
    if (options.polish !== undefined && typeof options.polish !== 'boolean')
      throw new InvalidOptionError('polish', 'true or false', options.polish);
    oneOf('acceleration', options.acceleration, ['none', 'squarem'], 'squarem');
    validateEMOptions({ maxIter: options.maxIter ?? 10_000, tol: options.tol ?? 1e-9 });
    if (
      options.relationships !== undefined &&
      (typeof options.relationships !== 'object' || options.relationships === null)
    )
      throw new InvalidOptionError(
        'relationships',
        'an object { factorName: { levels, matrix } }',
        options.relationships,
      );
    this.options = { ...options };
  }

  /**
   * Fits an lme4-style formula over a column-oriented table.
   *
   * @param formula `'response ~ fixed + (terms | group) + …'`; see {@link parseFormula}.
   * @param data Columns by name, all the same length.
   * @returns this, fitted.
   * @throws FormulaError on a syntax error or an unknown column (with its position);
   * InvalidInputError on bad values, rank-deficient fixed effects (naming the columns) or
   * unidentifiable random effects; NumericalError if the equations become singular.
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * const ml = new LinearMixedModel({ reml: false }).fit('Reaction ~ Days + (Days | Subject)', sleepstudy);
   * ml.logLikelihood; // ≈ -875.97 (lme4: -875.9697)
   * ```
   */
  fit(formula: string, data: Table): this {
    const parsed = parseFormula(formula);
    if (parsed.random.length === 0)
      throw new InvalidInputError('formula', 'at least one random-effect term such as (1 | group)', formula);
    const n = tableRows(data);
    const y = responseColumn(formula, data, parsed, n);
    const fixedRecipes = termRecipes(formula, data, parsed.fixed);
    const x = buildColumns(data, fixedRecipes, n);
    const fixedLevels: Record<string, string[]> = {};
    for (const t of parsed.fixed.terms)
      for (const ref of t) {
        const col = data[ref.name]!;
        if (typeof col[0] !== 'number') fixedLevels[ref.name] = [...new Set(Array.from(col, levelLabel))];
      }
    const relationships = this.options.relationships ?? {};
    const factors: Factor[] = [];
    const meta: MixedModelState['factors'] = [];
    for (const term of parsed.random) {
      const name = term.group.map((g) => g.name).join(':');
      const recipes = termRecipes(formula, data, term);
      const labels = groupLabels(formula, data, term.group, n);
      const rel = Object.hasOwn(relationships, name) ? relationships[name] : undefined;
      const factor = makeFactor(
        {
          name,
          terms: recipes.map((r) => r.name),
          labels,
          z: buildColumns(data, recipes, n),
          covariance: term.diagonal ? 'diagonal' : 'unstructured',
          argument: `data.${name}`,
          ...(rel ? { relationship: rel } : {}),
        },
        n,
      );
      factors.push(factor);
      meta.push({
        name,
        terms: factor.terms,
        levels: factor.levels,
        covariance: factor.covariance,
        relationship: Boolean(rel),
        groupColumns: term.group.map((g) => g.name),
        termRecipes: recipes,
      });
    }
    for (const key of Object.keys(relationships))
      if (!meta.some((f) => f.name === key))
        throw new InvalidOptionError(
          'relationships',
          `keys naming grouping factors of the formula (${meta.map((f) => f.name).join(', ')})`,
          key,
        );
    // lme4 orders the terms by decreasing number of levels.
    const order = factors
      .map((_, k) => k)
      .sort((a, b) => factors[b]!.levels.length - factors[a]!.levels.length);
    const design: Design = {
      n,
      p: fixedRecipes.length,
      y,
      x,
      fixedNames: fixedRecipes.map((r) => r.name),
      factors: order.map((k) => factors[k]!),
    };
    this.state = this.run(design, {
      formula,
      fixedRecipes,
      fixedLevels,
      factors: order.map((k) => meta[k]!),
    });
    return this;
  }

  /**
   * Fits the matrix form y = Xβ + Σₖ Zₖbₖ + ε.
   *
   * @param spec y, X (with its column names) and the grouping factors.
   * @returns this, fitted.
   * @throws InvalidInputError on shapes that do not match, non-finite values, rank-deficient X.
   *
   * @example
   * ```ts
   * import { LinearMixedModel } from '@em/mixed';
   * const fit = new LinearMixedModel().fitMatrices({
   *   y: [1.2, 1.9, 3.1, 3.8, 2.2, 2.4, 0.4, 0.9],
   *   X: [[1], [1], [1], [1], [1], [1], [1], [1]],
   *   fixedNames: ['(Intercept)'],
   *   random: [{ name: 'batch', groups: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'] }],
   * });
   * fit.fixedEffects()[0]!.estimate; // 1.9875 (the mean: balanced data)
   * ```
   */
  fitMatrices(spec: MixedMatrices): this {
    if (typeof spec !== 'object' || spec === null)
      throw new InvalidInputError('spec', 'an object { y, X, random }', spec);
    const ym = toFlatMatrix(spec.y, 'y');
    if (ym.cols !== 1) throw new InvalidInputError('y', 'one column of responses', `${ym.cols} columns`);
    const n = ym.rows;
    const xm = toFlatMatrix(spec.X, 'X');
    if (xm.rows !== n) throw new InvalidInputError('X', `${n} rows (as y)`, `${xm.rows} rows`);
    const fixedNames = names(spec.fixedNames, xm.cols, 'fixedNames', (j) => `x${j + 1}`);
    if (!Array.isArray(spec.random) || spec.random.length === 0)
      throw new InvalidInputError(
        'random',
        'a non-empty array of grouping factors { groups, Z? }',
        spec.random,
      );
    const meta: MixedModelState['factors'] = [];
    const factors = spec.random.map((block, k) => {
      const argument = `random[${k}]`;
      if (typeof block !== 'object' || block === null)
        throw new InvalidInputError(argument, 'an object { groups, Z? }', block);
      const zm =
        block.Z === undefined
          ? { data: new Float64Array(n).fill(1), rows: n, cols: 1 }
          : toFlatMatrix(block.Z, `${argument}.Z`);
      if (zm.rows !== n) throw new InvalidInputError(`${argument}.Z`, `${n} rows (as y)`, `${zm.rows} rows`);
      const terms = names(block.termNames, zm.cols, `${argument}.termNames`, (j) =>
        zm.cols === 1 ? '(Intercept)' : `z${j + 1}`,
      );
      const name = block.name ?? `g${k + 1}`;
      if (typeof name !== 'string' || name === '')
        throw new InvalidInputError(`${argument}.name`, 'a non-empty string', name);
      if (!block.groups || typeof block.groups !== 'object')
        throw new InvalidInputError(`${argument}.groups`, 'an array of level labels', block.groups);
      const factor = makeFactor(
        {
          name,
          terms,
          labels: block.groups,
          z: Float64Array.from(zm.data),
          covariance: oneOf(
            `${argument}.covariance`,
            block.covariance,
            ['unstructured', 'diagonal'],
            'unstructured',
          ),
          argument,
          ...(block.relationship !== undefined ? { relationship: block.relationship } : {}),
        },
        n,
      );
      meta.push({
        name,
        terms,
        levels: factor.levels,
        covariance: factor.covariance,
        relationship: block.relationship !== undefined,
        groupColumns: null,
        termRecipes: null,
      });
      return factor;
    });
    const design: Design = {
      n,
      p: xm.cols,
      y: Float64Array.from(ym.data),
      x: Float64Array.from(xm.data),
      fixedNames,
      factors,
    };
    this.state = this.run(design, { formula: null, fixedRecipes: null, fixedLevels: {}, factors: meta });
    return this;
  }

  /**
   * Fits the matrix form with one grouping factor (and optionally factors nested in it: chunks with
   * `inner`, lme4's `(1 | group/inner)`, or with `nested` to any depth, `(1 | region/school/class)`)
   * from a source of chunks read again for every
   * E-step, without holding the data: memory is one chunk plus a few p × p and q × q sums (and, at
   * the end, one row of conditional modes per group). Each E-step reads the source twice — β̂ is a
   * generalised least-squares estimate over all groups, so the groups' effects need it first — and
   * the Newton polish reads it twice per likelihood it evaluates (`polish: false` to skip it). The
   * rows of a group must be consecutive (sorted by group; a group may run on into the next chunk).
   * The starting values are `fit`'s, made from exact sums over all rows (no sample needed). The
   * result equals {@link LinearMixedModel.fitMatrices} on the same rows to rounding (~1e-12: the
   * groups' sums are added in another order). With nested factors each group and all its nested
   * levels are solved as one block, as `fitMatrices` solves a chain of nested factors (bit for bit
   * from rows sorted by group). Crossed factors and relationship matrices (animal models) couple all groups and cannot be
   * streamed. Fitted values and residuals (one per row) are
   * not kept: predict them chunk by chunk with {@link LinearMixedModel.predictMatrices}.
   *
   * @param source Chunks ({@link MixedChunk}): an array, or a function returning a fresh (async)
   * iterable of them per pass.
   * @param options Names of the columns and of the factor, the covariance structure, `onProgress`.
   * @returns this, fitted.
   * @throws GroupSplitError when a group's rows are not consecutive; ChunkShapeError when a chunk's X
   * or Z has other columns than the first chunk's; SourceNotReReadableError when a pass reads other
   * rows than the first; InvalidInputError on bad values (naming chunk and row); InvalidOptionError
   * with `relationships` set.
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * // sleepstudy's rows come subject after subject: chunks of 45 rows (a subject may straddle two).
   * const rows = sleepstudy.Reaction!.length;
   * const chunks = function* () {
   *   for (let i = 0; i < rows; i += 45) {
   *     const days = sleepstudy.Days!.slice(i, i + 45) as number[];
   *     yield {
   *       y: sleepstudy.Reaction!.slice(i, i + 45) as number[],
   *       X: days.map((d) => [1, d]),
   *       Z: days.map((d) => [1, d]),
   *       groups: sleepstudy.Subject!.slice(i, i + 45) as string[],
   *     };
   *   }
   * };
   * const fit = await new LinearMixedModel().fitStream(chunks, {
   *   fixedNames: ['(Intercept)', 'Days'], name: 'Subject', termNames: ['(Intercept)', 'Days'],
   * });
   * fit.fixedEffects()[1]!.estimate; // ≈ 10.467 (lme4: 10.467)
   * fit.remlCriterion;               // ≈ 1743.63
   * ```
   *
   * @example
   * ```ts
   * import { LinearMixedModel } from '@em/mixed';
   * // A nested factor: 3 schools × 2 classes × 2 pupils, y ~ 1 + (1 | school/class).
   * const y = [5.1, 4.9, 6.2, 6.0, 3.8, 4.1, 4.9, 5.3, 7.2, 6.8, 6.1, 6.3];
   * const school = ['s1', 's1', 's1', 's1', 's2', 's2', 's2', 's2', 's3', 's3', 's3', 's3'];
   * const klass = ['a', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a', 'a', 'b', 'b'];
   * const chunks = [0, 6].map((i) => ({
   *   y: y.slice(i, i + 6), X: y.slice(i, i + 6).map(() => [1]),
   *   groups: school.slice(i, i + 6), inner: klass.slice(i, i + 6),
   * }));
   * const fit = await new LinearMixedModel().fitStream(chunks, { name: 'school', innerName: 'class:school' });
   * const memory = new LinearMixedModel().fitMatrices({
   *   y, X: y.map(() => [1]),
   *   random: [{ name: 'class:school', groups: klass.map((c, i) => `${c}:${school[i]}`) }, { name: 'school', groups: school }],
   * });
   * fit.varCorr().groups.map((g) => g.group); // ['class:school', 'school']
   * fit.logLikelihood === memory.logLikelihood; // true
   * ```
   *
   * @example
   * ```ts
   * import { LinearMixedModel } from '@em/mixed';
   * // Three levels, y ~ 1 + (1 | region/school/class): 2 regions × 2 schools × 2 classes × 2 pupils.
   * const y = [5.1, 4.9, 6.2, 6.0, 3.8, 4.1, 4.9, 5.3, 7.2, 6.8, 6.1, 6.3, 5.0, 5.6, 6.6, 7.1];
   * const region = y.map((_, i) => (i < 8 ? 'r1' : 'r2'));
   * const school = y.map((_, i) => (i % 8 < 4 ? 's1' : 's2'));
   * const klass = y.map((_, i) => (i % 4 < 2 ? 'a' : 'b'));
   * // Chunks of 6 rows cut regions, schools and classes.
   * const chunks = [0, 6, 12].map((i) => ({
   *   y: y.slice(i, i + 6), X: y.slice(i, i + 6).map(() => [1]), groups: region.slice(i, i + 6),
   *   nested: [{ levels: school.slice(i, i + 6) }, { levels: klass.slice(i, i + 6) }],
   * }));
   * const fit = await new LinearMixedModel().fitStream(chunks, {
   *   name: 'region', innerName: ['school:region', 'class:school:region'],
   * });
   * const label = (i: number) => `${school[i]}:${region[i]}`;
   * const memory = new LinearMixedModel().fitMatrices({
   *   y, X: y.map(() => [1]),
   *   random: [
   *     { name: 'class:school:region', groups: klass.map((c, i) => `${c}:${label(i)}`) },
   *     { name: 'school:region', groups: y.map((_, i) => label(i)) },
   *     { name: 'region', groups: region },
   *   ],
   * });
   * fit.ranef()[0]!.levels.length; // 8
   * fit.logLikelihood === memory.logLikelihood; // true
   * ```
   */
  async fitStream(source: StreamSource<MixedChunk>, options: MixedStreamOptions = {}): Promise<this> {
    this.requireStreamable('fitStream');
    const { onProgress, ...names } = readStreamOptions(options);
    const passes = mixedPasses(source, onProgress);
    const scan = await scanMixedShard(passes);
    this.state = await fitFromShards(this.options, {
      ...names,
      scans: [scan],
      statistics: async (params) => [await mixedShardStatistics(params, passes)],
    });
    return this;
  }

  /**
   * The first pass over one shard of the data (for {@link LinearMixedModel.fitFromStatistics}): its
   * rows, its groups and the sums the starting values and the design checks need, as JSON.
   *
   * @param source The shard's chunks, as {@link LinearMixedModel.fitStream} takes them.
   * @throws as {@link LinearMixedModel.fitStream} does for bad chunks.
   *
   * @example
   * ```ts
   * import { LinearMixedModel } from '@em/mixed';
   * const scan = await new LinearMixedModel().scanShard([{ y: [1, 2, 4], X: [[1], [1], [1]], groups: ['a', 'a', 'b'] }]);
   * [scan.rows, scan.levels, scan.counts]; // [3, ['a', 'b'], [2, 1]]
   * ```
   */
  async scanShard(source: StreamSource<MixedChunk>): Promise<MixedShardScan> {
    this.requireStreamable('scanShard');
    return scanMixedShard(mixedPasses(source));
  }

  /**
   * One shard's part of an E-step (one pass over it) under `params` as
   * {@link LinearMixedModel.fitFromStatistics} sends them: sums over the shard's groups, as JSON.
   *
   * @param params {@link MixedShardParams} (plain JSON).
   * @param source The shard's chunks.
   * @throws InvalidInputError when `params` are not a LinearMixedModel's or do not match the shard's
   * columns, and as {@link LinearMixedModel.fitStream} does for bad chunks.
   *
   * @example
   * ```ts
   * import { LinearMixedModel } from '@em/mixed';
   * const shard = [{ y: [1, 3, 10], X: [[1], [1], [1]], groups: ['a', 'a', 'b'] }];
   * const part = await new LinearMixedModel().shardStatistics(
   *   { model: 'LinearMixedModel', phase: 'ols', beta: [4], mean: 0 },
   *   shard,
   * );
   * part; // { "phase": "ols", "rss": 46 }
   * ```
   */
  async shardStatistics(
    params: MixedShardParams,
    source: StreamSource<MixedChunk>,
  ): Promise<MixedShardStatistics> {
    this.requireStreamable('shardStatistics');
    return mixedShardStatistics(params, mixedPasses(source));
  }

  /**
   * Fits from statistics computed anywhere — {@link LinearMixedModel.shardStatistics} on worker
   * processes or machines, one shard each — as {@link LinearMixedModel.fitStream} fits from one
   * source: the scans merged (a group must be in one shard only), then two rounds of statistics per
   * E-step. Equal to `fitMatrices` on all the rows to rounding (the shards' sums are added shard by
   * shard).
   *
   * @param source Every shard's scan and a function giving every shard's statistics under given
   * parameters, plus the names of {@link MixedStreamNames}.
   * @returns this, fitted.
   * @throws GroupSplitError when a group is in two shards; InvalidInputError on scans or statistics
   * of the wrong shape.
   *
   * @example
   * ```ts
   * import { LinearMixedModel } from '@em/mixed';
   * const y = [1.2, 1.9, 3.1, 3.8, 2.2, 2.4, 0.4, 0.9];
   * const shards = [
   *   [{ y: y.slice(0, 4), X: [[1], [1], [1], [1]], groups: ['a', 'a', 'b', 'b'] }],
   *   [{ y: y.slice(4), X: [[1], [1], [1], [1]], groups: ['c', 'c', 'd', 'd'] }],
   * ];
   * const worker = new LinearMixedModel();
   * const scans = await Promise.all(shards.map((shard) => worker.scanShard(shard)));
   * const fit = await new LinearMixedModel().fitFromStatistics({
   *   scans,
   *   statistics: (params) => Promise.all(shards.map((shard) => worker.shardStatistics(params, shard))),
   * });
   * fit.fixedEffects()[0]!.estimate; // ≈ 1.9875 (the mean: balanced data)
   * ```
   */
  async fitFromStatistics(source: MixedStatisticsSource): Promise<this> {
    this.requireStreamable('fitFromStatistics');
    this.state = await fitFromShards(this.options, source);
    return this;
  }

  /**
   * One step of online (stepwise) EM on a batch of whole groups, by maximum likelihood (Cappé &
   * Moulines 2009; Liang & Klein 2009): the groups are the independent units, so the batch's
   * per-group statistics under the current parameters (E[bbᵀ], XᵀX, Xᵀ(y − Zb̂), E‖y − Zb‖², rows)
   * are mixed into running averages, s ← (1 − η_t) s + η_t ŝ with η_t = (t + t0)^(−α), and the
   * M-step runs from them: for data that arrives forever or is too large for one pass per iteration.
   * Needs `reml: false` (REML's likelihood is not a sum over groups, so it has no stepwise form). The
   * first call starts from the fitted parameters (after `fit`, `fitStream`, `fromJSON`) or, for a
   * model never fitted, from the start `fit` would make on this batch. Each batch must hold whole
   * groups (a group split between two batches counts as two groups). Afterwards `logLikelihood` is
   * the batch's log-likelihood under the parameters it started from, `ranef()` the batch's groups.
   *
   * @param batch A {@link MixedChunk} of whole groups.
   * @param options The step sizes (α, t0).
   * @returns this, updated.
   * @throws InvalidOptionError with `reml` not false, or a relationship matrix; InvalidInputError on
   * bad rows, columns other than the fitted ones, or batches that do not identify β.
   *
   * @example
   * ```ts
   * import { LinearMixedModel } from '@em/mixed';
   * // 400 groups of 6 rows: y = 2 + x + b + e, b ~ N(0, 4), e ~ N(0, 1), in batches of 50 groups.
   * let seed = 1;
   * const normal = () => {
   *   const u = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
   *   return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
   * };
   * const batches = Array.from({ length: 8 }, (_, k) => {
   *   const y: number[] = [], X: number[][] = [], groups: string[] = [];
   *   for (let g = 0; g < 50; g++) {
   *     const b = 2 * normal();
   *     for (let j = 0; j < 6; j++) {
   *       const x = j - 2.5;
   *       y.push(2 + x + b + normal());
   *       X.push([1, x]);
   *       groups.push(`${k}-${g}`);
   *     }
   *   }
   *   return { y, X, groups };
   * });
   * const model = new LinearMixedModel({ reml: false });
   * for (let pass = 0; pass < 3; pass++) for (const batch of batches) model.partialFit(batch);
   * model.fixedEffects()[1]!.estimate;  // ≈ 1.0 (to ±0.05)
   * model.varCorr().groups[0]!.sd[0];    // ≈ 2.0 (to ±0.3)
   * model.sigma;                         // ≈ 1.0 (to ±0.1)
   * ```
   */
  partialFit(batch: MixedChunk, options?: MixedPartialFitOptions): this {
    const schedule = readStepSizeOptions(options);
    this.requireStreamable('partialFit');
    if (this.options.reml !== false)
      throw new InvalidOptionError(
        'reml',
        'false for partialFit (online EM maximises the likelihood, a sum over groups; the REML likelihood is not one)',
        this.options.reml,
      );
    const run = this.online !== undefined && this.online.state === this.state ? this.online : undefined;
    const step = onlineStep(batch, this.state, run, schedule);
    this.online = step.run;
    this.state = step.state;
    return this;
  }

  /** Streaming needs groups that are independent of each other: no relationship matrix. */
  private requireStreamable(method: string): void {
    if (this.options.relationships !== undefined)
      throw new InvalidOptionError(
        'relationships',
        `no relationship matrix for ${method}() (an animal model couples all groups: fit it in memory)`,
        this.options.relationships,
      );
  }

  private run(
    d: Design,
    meta: Pick<MixedModelState, 'formula' | 'fixedRecipes' | 'fixedLevels' | 'factors'>,
  ): MixedModelState {
    const warnings: MixedWarning[] = [];
    checkDesign(d, warnings);
    const reml = this.options.reml ?? true;
    const acceleration = this.options.acceleration ?? 'squarem';
    const engine = chooseEngine(d);
    const em = runMixedEM(engine, d, reml, startParams(d), {
      maxIter: this.options.maxIter ?? 10_000,
      tol: this.options.tol ?? 1e-9,
      acceleration,
    });
    let params = em.params;
    let ev: Evaluation;
    let logLik: number;
    let polishIterations = 0;
    let polishConverged = false;
    const polish = this.options.polish ?? true;
    if (polish) {
      const result = newtonPolish(engine, d, reml, thetaOf(params, d));
      const at = profiled(engine, d, reml, result.theta);
      polishIterations = result.iterations;
      polishConverged = result.converged;
      if (!at)
        throw new EMError('NUMERICAL', 'The Newton polish left the parameter space; fit with polish: false.');
      params = { sigma2: at.sigma2, cov: at.psi.map((c) => c.map((v) => v * at.sigma2)) };
      ev = at.ev;
      logLik = at.logLik;
    } else {
      ev = evaluate(engine, d, params, 'at the final estimate');
      logLik = logLikelihoodAt(ev, params.sigma2, d, reml);
    }
    const optimizer = fitReport(em, polish, polishIterations, polishConverged, d.factors, params, warnings);
    return {
      ...meta,
      reml,
      n: d.n,
      fixedNames: d.fixedNames,
      ...outputs(engine, d, params, ev),
      logLik,
      optimizer,
      warnings,
      heritability: heritability(engine, d, reml, params),
    };
  }

  /** The state, with its per-row outputs: a streamed fit does not keep them. */
  private perRow(method: string): MixedModelState {
    const s = this.fitted(method);
    if (s.fitted.length === 0)
      throw new EMError(
        'INVALID_INPUT',
        `${method}() of a streamed fit: one value per row is not kept; compute them chunk by chunk with predictMatrices().`,
      );
    return s;
  }

  private fitted(method: string): MixedModelState {
    if (!this.state) throw new NotFittedError('LinearMixedModel', method);
    return this.state;
  }

  /** Whether REML was used. */
  get reml(): boolean {
    return this.fitted('reml').reml;
  }

  /** Log-likelihood at the estimate (the REML log-likelihood for REML fits; lme4's `logLik`). */
  get logLikelihood(): number {
    return this.fitted('logLikelihood').logLik;
  }

  /**
   * −2 × the REML log-likelihood (lme4's "REML criterion at convergence").
   *
   * @throws InvalidOptionError naming `reml` for an ML fit (lme4 prints NaN): use `deviance`.
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).remlCriterion; // ≈ 1743.628
   * ```
   */
  get remlCriterion(): number {
    const s = this.fitted('remlCriterion');
    if (!s.reml)
      throw new InvalidOptionError(
        'reml',
        'true for remlCriterion (this is an ML fit)',
        false,
        'Use deviance.',
      );
    return -2 * s.logLik;
  }

  /**
   * −2 × the log-likelihood (lme4's `deviance` of an ML fit).
   *
   * @throws InvalidOptionError naming `reml` for a REML fit (lme4 prints NaN): use `remlCriterion`.
   */
  get deviance(): number {
    const s = this.fitted('deviance');
    if (s.reml)
      throw new InvalidOptionError(
        'reml',
        'false for deviance (this is a REML fit)',
        true,
        'Use remlCriterion.',
      );
    return -2 * s.logLik;
  }

  /** Number of observations. */
  get nObs(): number {
    return this.fitted('nObs').n;
  }

  /** Residual standard deviation σ̂ (lme4's `sigma`). */
  get sigma(): number {
    return Math.sqrt(this.fitted('sigma').sigma2);
  }

  /** What ran: EM or SQUAREM, and the Newton polish. */
  get optimizer(): OptimizerReport {
    return this.fitted('optimizer').optimizer;
  }

  /** Warnings of the fit: singular (boundary) fits, single-observation levels, non-convergence. */
  get warnings(): MixedWarning[] {
    return this.fitted('warnings').warnings.map((w) => ({ ...w }));
  }

  /**
   * Number of estimated parameters (fixed effects, covariance parameters and σ²), lme4's `df`.
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).nParameters(); // 6
   * ```
   */
  nParameters(): number {
    const s = this.fitted('nParameters');
    return (
      s.fixedNames.length +
      s.factors.reduce(
        (acc, f) => acc + nCovParams({ q: f.terms.length, covariance: f.covariance } as Factor),
        0,
      ) +
      1
    );
  }

  /**
   * Akaike's information criterion −2ℓ + 2k (of the REML log-likelihood for REML fits, as lme4).
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * new LinearMixedModel({ reml: false }).fit('Reaction ~ Days + (Days | Subject)', sleepstudy).aic(); // ≈ 1763.94
   * ```
   */
  aic(): number {
    return -2 * this.logLikelihood + 2 * this.nParameters();
  }

  /**
   * Schwarz's criterion −2ℓ + k log n.
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * new LinearMixedModel({ reml: false }).fit('Reaction ~ Days + (Days | Subject)', sleepstudy).bic(); // ≈ 1783.1
   * ```
   */
  bic(): number {
    return -2 * this.logLikelihood + this.nParameters() * Math.log(this.nObs);
  }

  /**
   * Fixed effects with standard errors and t values (lme4's `summary(fit)$coefficients`).
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * const [intercept] = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).fixedEffects();
   * intercept; // ≈ { "name": "(Intercept)", "estimate": 251.405, "stdError": 6.825, "tValue": 36.838 }
   * ```
   */
  fixedEffects(): FixedEffect[] {
    const s = this.fitted('fixedEffects');
    return s.fixedNames.map((name, j) => {
      const estimate = s.beta[j]!;
      const stdError = Math.sqrt(s.vcov[j]![j]!);
      return { name, estimate, stdError, tValue: estimate / stdError };
    });
  }

  /**
   * Covariance matrix of the fixed effects (lme4's `vcov`).
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).vcov()[1]![1]; // ≈ 2.39 (= 1.546²)
   * ```
   */
  vcov(): number[][] {
    return this.fitted('vcov').vcov.map((r) => [...r]);
  }

  /**
   * Variance components: per factor the variances, SDs and correlations, and the residual (lme4's
   * `VarCorr`).
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * const vc = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).varCorr();
   * vc.groups[0]!.correlation[0]![1]; // ≈ 0.066
   * vc.residual.sd;                   // ≈ 25.59
   * ```
   */
  varCorr(): { groups: VarianceComponent[]; residual: { variance: number; sd: number } } {
    const s = this.fitted('varCorr');
    const groups = s.factors.map((f, k) => {
      const c = s.cov[k]!;
      const q = f.terms.length;
      const sd = c.map((row, a) => Math.sqrt(row[a]!));
      return {
        group: f.name,
        terms: [...f.terms],
        variance: c.map((row, a) => row[a]!),
        sd,
        correlation: Array.from({ length: q }, (_, a) =>
          // A zero variance leaves the correlation undefined (lme4 prints NaN): reported as 0.
          Array.from({ length: q }, (_, e) =>
            a === e ? 1 : sd[a]! * sd[e]! > 0 ? c[a]![e]! / (sd[a]! * sd[e]!) : 0,
          ),
        ),
        covariance: c.map((r) => [...r]),
        relationship: f.relationship,
      };
    });
    return { groups, residual: { variance: s.sigma2, sd: Math.sqrt(s.sigma2) } };
  }

  /**
   * Conditional modes (BLUPs) of the random effects with their conditional SDs (lme4's `ranef`).
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * const [subject] = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).ranef();
   * subject!.levels[0];  // '308'
   * subject!.values[0];  // ≈ [2.26, 9.20]
   * ```
   */
  ranef(): RandomEffects[] {
    const s = this.fitted('ranef');
    return s.factors.map((f, k) => ({
      group: f.name,
      terms: [...f.terms],
      levels: [...f.levels],
      values: s.blups[k]!.map((r) => [...r]),
      condSd: s.condSd[k]!.map((r) => [...r]),
    }));
  }

  /**
   * Fitted values Xβ̂ + Zb̂ of the data the model was fitted to (lme4's `fitted`).
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).fittedValues()[0]; // ≈ 253.66
   * ```
   */
  fittedValues(): number[] {
    return [...this.perRow('fittedValues').fitted];
  }

  /**
   * Residuals y − Xβ̂ − Zb̂ (lme4's `residuals`).
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).residuals()[0]; // ≈ -4.10
   * ```
   */
  residuals(): number[] {
    return [...this.perRow('residuals').residuals];
  }

  /**
   * Whether the fit is on the boundary: a variance (relative to σ²) of 1e-8 or less, or a perfect
   * correlation (lme4's `isSingular`, tolerance 1e-4 on the relative Cholesky factor).
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).isSingular(); // false
   * ```
   */
  isSingular(): boolean {
    return this.fitted('isSingular').warnings.some((w) => w.code === 'singular');
  }

  /**
   * Heritability h² and its standard error, for a model with a relationship matrix whose factors all
   * have one term; `undefined` otherwise. The standard error is `null` when the information of the
   * variance components is singular (σ²ₐ estimated at 0, say).
   *
   * @example
   * ```ts
   * import { additiveRelationship, LinearMixedModel } from '@em/mixed';
   * const pedigree = { id: ['s', 'd', 'o1', 'o2'], sire: [null, null, 's', 's'], dam: [null, null, 'd', 'd'] };
   * const A = additiveRelationship(pedigree);
   * A.matrix[2]![3]; // 0.5 (full sibs)
   * // with many records: new LinearMixedModel({ relationships: { animal: A } }).fit('y ~ 1 + (1 | animal)', data).heritability()
   * ```
   */
  heritability(): Heritability | undefined {
    const h = this.fitted('heritability').heritability;
    return h ? { ...h } : undefined;
  }

  /**
   * Predictions for new data of a formula fit: Xβ̂ + Zb̂ (`random: true`, default) or Xβ̂ (`random:
   * false`, lme4's `re.form = NA`). Levels not seen in fitting are an error unless `allowNewLevels`
   * (then their random effects are 0, as lme4's `allow.new.levels`). A prediction past ±1.8e308 is a
   * NumericalError naming the row and the estimate that took it there, not Infinity.
   *
   * @param data A table with the fixed-effect and grouping columns (the response is not needed).
   * @param options `random`, `allowNewLevels`.
   * @returns One prediction per row.
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * const fit = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy);
   * fit.predict({ Days: [10], Subject: ['308'] });                    // ≈ [450.33]
   * fit.predict({ Days: [10], Subject: ['new'] }, { random: false });  // ≈ [356.08]
   * ```
   */
  predict(data: Table, options: { random?: boolean; allowNewLevels?: boolean } = {}): number[] {
    const s = this.fitted('predict');
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object { random?, allowNewLevels? }', options);
    if (!s.fixedRecipes)
      throw new EMError('INVALID_INPUT', 'This model was fitted with fitMatrices(): use predictMatrices().');
    const n = tableRows(data);
    for (const [col, levels] of Object.entries(s.fixedLevels)) {
      const values = data[col];
      if (!values)
        throw new InvalidInputError('data', `a column named ${JSON.stringify(col)}`, 'no such column');
      for (let i = 0; i < n; i++)
        if (!levels.includes(levelLabel(values[i])))
          throw new InvalidInputError(
            `data.${col}`,
            `one of the fitted levels (${levels.join(', ')})`,
            values[i],
            { row: i },
          );
    }
    const X = buildColumns(data, s.fixedRecipes, n);
    const random = options.random ?? true;
    const blocks = random
      ? s.factors.map((f) => ({
          groups: groupLabels(
            f.name,
            data,
            f.groupColumns!.map((name) => ({ name, position: 0 })),
            n,
          ),
          Z: buildColumns(data, f.termRecipes!, n),
        }))
      : [];
    return this.combine(s, n, X, blocks, options.allowNewLevels ?? false);
  }

  /**
   * Predictions for the matrix interface: X (n × p) and, to include random effects, each factor's
   * groups and Z in the order of `random` at fit time. A prediction past ±1.8e308 is a NumericalError
   * naming the row and the estimate, as in {@link LinearMixedModel.predict}.
   *
   * @example
   * ```ts
   * import { LinearMixedModel } from '@em/mixed';
   * const fit = new LinearMixedModel().fitMatrices({
   *   y: [1.2, 1.9, 3.1, 3.8, 2.2, 2.4, 0.4, 0.9], X: [[1], [1], [1], [1], [1], [1], [1], [1]],
   *   random: [{ groups: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'] }],
   * });
   * fit.predictMatrices({ X: [[1]] }); // [1.9875]
   * ```
   */
  predictMatrices(spec: {
    X: DataInput;
    random?: readonly { groups: ArrayLike<string | number | boolean>; Z?: DataInput }[];
    allowNewLevels?: boolean;
  }): number[] {
    const s = this.fitted('predictMatrices');
    if (typeof spec !== 'object' || spec === null)
      throw new InvalidInputError('spec', 'an object { X, random?, allowNewLevels? }', spec);
    if (spec.random !== undefined && !Array.isArray(spec.random))
      throw new InvalidInputError('random', 'an array of { groups, Z? }', spec.random);
    if (spec.allowNewLevels !== undefined && typeof spec.allowNewLevels !== 'boolean')
      throw new InvalidOptionError('allowNewLevels', 'true or false', spec.allowNewLevels);
    const xm = toFlatMatrix(spec.X, 'X');
    if (xm.cols !== s.fixedNames.length)
      throw new InvalidInputError('X', `${s.fixedNames.length} columns`, `${xm.cols} columns`);
    const n = xm.rows;
    const blocks = (spec.random ?? []).map((b, k) => {
      const q = s.factors[k]?.terms.length ?? 1;
      if (typeof b !== 'object' || b === null || !isArrayLike(b.groups) || b.groups.length !== n)
        throw new InvalidInputError(`random[${k}]`, `{ groups: ${n} labels (one per row of X), Z? }`, b);
      const Z =
        b.Z === undefined ? new Float64Array(n * q).fill(1) : toFlatMatrix(b.Z, `random[${k}].Z`).data;
      if (Z.length !== n * q)
        throw new InvalidInputError(
          `random[${k}].Z`,
          `${n} rows × ${q} columns (the terms of the factor)`,
          Z.length,
        );
      return { groups: Array.from(b.groups, levelLabel), Z };
    });
    if (blocks.length > 0 && blocks.length !== s.factors.length)
      throw new InvalidInputError(
        'random',
        `${s.factors.length} grouping factors (as fitted) or none`,
        blocks.length,
      );
    return this.combine(s, n, xm.data, blocks, spec.allowNewLevels ?? false);
  }

  private combine(
    s: MixedModelState,
    n: number,
    X: Float64Array,
    blocks: { groups: string[]; Z: Float64Array }[],
    allowNewLevels: boolean,
  ): number[] {
    const p = s.fixedNames.length;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let a = 0; a < p; a++) v += X[i * p + a]! * s.beta[a]!;
      out[i] = v;
    }
    blocks.forEach((b, k) => {
      const f = s.factors[k]!;
      const q = f.terms.length;
      if (b.Z.length !== n * q)
        throw new InvalidInputError(`random[${k}].Z`, `${n} × ${q} values`, `${b.Z.length} values`);
      const index = new Map(f.levels.map((l, i) => [l, i]));
      for (let i = 0; i < n; i++) {
        const l = index.get(b.groups[i]!);
        if (l === undefined) {
          if (allowNewLevels) continue;
          throw new InvalidInputError(
            `groups of ${f.name}`,
            'a level seen in fitting (or allowNewLevels: true)',
            b.groups[i],
            { row: i },
          );
        }
        const bl = s.blups[k]![l]!;
        for (let a = 0; a < q; a++) out[i]! += b.Z[i * q + a]! * bl[a]!;
      }
    });
    for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) throw predictionOverflow(s, i, X, blocks);
    return out;
  }

  /**
   * lme4's `summary` as text: the criterion, scaled residuals, random effects, fixed effects and
   * the estimation method.
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * console.log(new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy).summary());
   * // Linear mixed model fit by REML
   * // Formula: Reaction ~ Days + (Days | Subject)
   * // …
   * ```
   */
  summary(): string {
    const s = this.fitted('summary');
    return formatSummary({
      reml: s.reml,
      formula: s.formula,
      logLik: s.logLik,
      aic: this.aic(),
      bic: this.bic(),
      residuals: s.residuals,
      sigma: Math.sqrt(s.sigma2),
      varCorr: this.varCorr(),
      nLevels: s.factors.map((f) => [f.name, f.levels.length]),
      n: s.n,
      fixed: this.fixedEffects(),
      optimizer: s.optimizer.description,
      warnings: s.warnings,
    });
  }

  /**
   * One line for people: the formula, REML or ML, whether fitted and, once fitted, the observations and log-likelihood. `console.log(model)` prints the same.
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * const model = new LinearMixedModel();
   * String(model); // "LinearMixedModel { reml: true, fitted: false }"
   * console.log(model.fit('Reaction ~ Days + (Days | Subject)', sleepstudy));
   * // LinearMixedModel { formula: 'Reaction ~ Days + (Days | Subject)', reml: true, nObs: 180, fitted: true, logLikelihood: -871.814 }
   * ```
   */
  toString(): string {
    return linearMixedModelSummary(this.options, this.state);
  }

  /** What Node's `util.inspect` (and so `console.log`) prints: {@link LinearMixedModel.toString}. */
  [inspectCustom](): string {
    return this.toString();
  }

  /**
   * The fitted model as plain JSON (exact: numbers round-trip through `JSON.stringify`).
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * const fit = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy);
   * const copy = LinearMixedModel.fromJSON(JSON.stringify(fit));
   * copy.predict({ Days: [3], Subject: ['309'] })[0] === fit.predict({ Days: [3], Subject: ['309'] })[0]; // true
   * ```
   */
  toJSON(): { version: number; options: LinearMixedModelOptions; state: MixedModelState } {
    const s = this.fitted('toJSON');
    const { relationships, ...options } = this.options;
    return { version: MIXED_SCHEMA_VERSION, options, state: structuredClone(s) };
  }

  /**
   * Restores a model written by {@link LinearMixedModel.toJSON}, checking that its parts agree.
   *
   * @param json The object, or its JSON text.
   * @throws InvalidInputError naming the first field that is missing or inconsistent.
   *
   * @example
   * ```ts
   * import { LinearMixedModel, sleepstudy } from '@em/mixed';
   * const fit = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy);
   * LinearMixedModel.fromJSON(fit.toJSON()).fixedEffects()[1]!.estimate; // ≈ 10.467
   * ```
   */
  static fromJSON(json: unknown): LinearMixedModel {
    let value = json;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        throw new InvalidInputError('json', 'valid JSON text', json);
      }
    }
    const v = value as { version?: unknown; options?: unknown; state?: unknown };
    if (typeof v !== 'object' || v === null)
      throw new InvalidInputError('json', 'an object from toJSON()', value);
    if (v.version !== MIXED_SCHEMA_VERSION)
      throw new InvalidInputError('json.version', `${MIXED_SCHEMA_VERSION}`, v.version);
    const model = new LinearMixedModel((v.options ?? {}) as LinearMixedModelOptions);
    model.state = validateState(v.state);
    if (model.options.reml !== undefined && model.options.reml !== model.state.reml)
      throw new InvalidInputError(
        'json.state.reml',
        `options.reml (${model.options.reml})`,
        model.state.reml,
      );
    return model;
  }
}

function names(
  given: readonly string[] | undefined,
  count: number,
  argument: string,
  fallback: (j: number) => string,
) {
  if (given === undefined) return Array.from({ length: count }, (_, j) => fallback(j));
  if (!Array.isArray(given) || given.length !== count || !given.every((g) => typeof g === 'string'))
    throw new InvalidInputError(argument, `${count} names`, given);
  return [...given];
}

function outputs(engine: Engine, d: Design, params: VarianceParams, ev: Evaluation) {
  const { n, p, factors } = d;
  const sInv = ev.sInverse();
  const vcov = Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, c) => params.sigma2 * sInv[a * p + c]!),
  );
  const cond = ev.condVar();
  const blups = factors.map((f, k) =>
    Array.from({ length: f.levels.length }, (_, l) =>
      Array.from({ length: f.q }, (_, a) => ev.b[engine.offsets[k]! + l * f.q + a]!),
    ),
  );
  const condSd = factors.map((f, k) =>
    cond[k]!.map((c) => Array.from({ length: f.q }, (_, a) => Math.sqrt(params.sigma2 * c[a * f.q + a]!))),
  );
  const fitted = new Array<number>(n);
  const residuals = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let a = 0; a < p; a++) v += d.x[i * p + a]! * ev.beta[a]!;
    factors.forEach((f, k) => {
      const o = engine.offsets[k]! + f.index[i]! * f.q;
      for (let a = 0; a < f.q; a++) v += f.z[i * f.q + a]! * ev.b[o + a]!;
    });
    fitted[i] = v;
    residuals[i] = d.y[i]! - v;
  }
  return {
    beta: Array.from(ev.beta),
    vcov,
    sigma2: params.sigma2,
    cov: params.cov.map((c, k) => {
      const q = factors[k]!.q;
      return Array.from({ length: q }, (_, a) => Array.from(c.subarray(a * q, (a + 1) * q)));
    }),
    blups,
    condSd,
    fitted,
    residuals,
  };
}

/**
 * h² and its delta-method SE: the observed information of (σ²₁, …, σ²ₖ, σ²ₑ) by central differences of
 * the log-likelihood (REML or ML, as fitted) on the natural scale.
 */
function heritability(engine: Engine, d: Design, reml: boolean, params: VarianceParams): Heritability | null {
  const k = d.factors.findIndex((f) => f.relationship);
  if (k < 0 || d.factors.some((f) => f.q !== 1)) return null;
  const v = [...params.cov.map((c) => c[0]!), params.sigma2];
  const K = v.length;
  const f = (w: number[]) => {
    const p: VarianceParams = { sigma2: w[K - 1]!, cov: w.slice(0, K - 1).map((x) => Float64Array.of(x)) };
    return logLikelihoodAt(evaluate(engine, d, p, 'for the heritability SE'), p.sigma2, d, reml);
  };
  const h = v.map((x) => 1e-3 * x);
  const f0 = f(v);
  const H = new Float64Array(K * K);
  const at = (i: number, di: number, j: number, dj: number) => {
    const w = [...v];
    w[i]! += di;
    w[j]! += dj;
    return f(w);
  };
  for (let i = 0; i < K; i++) {
    H[i * K + i] = (at(i, h[i]!, i, 0) - 2 * f0 + at(i, -h[i]!, i, 0)) / h[i]! ** 2;
    for (let j = 0; j < i; j++) {
      const x =
        (at(i, h[i]!, j, h[j]!) -
          at(i, h[i]!, j, -h[j]!) -
          at(i, -h[i]!, j, h[j]!) +
          at(i, -h[i]!, j, -h[j]!)) /
        (4 * h[i]! * h[j]!);
      H[i * K + j] = x;
      H[j * K + i] = x;
    }
  }
  const info = H.map((x) => -x);
  const cov = spdInverse(info, K);
  const total = v.reduce((s, x) => s + x, 0);
  const h2 = v[k]! / total;
  const g = v.map((_, i) => (i === k ? (total - v[k]!) / total ** 2 : -v[k]! / total ** 2));
  let se: number | null = null;
  if (cov) {
    let varH = 0;
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) varH += g[i]! * cov[i * K + j]! * g[j]!;
    // A negative variance from rounding of a near-singular inverse is no standard error either.
    se = varH >= 0 && Number.isFinite(varH) ? Math.sqrt(varH) : null;
  }
  return { group: d.factors[k]!.name, h2, se, varianceA: v[k]!, varianceTotal: total };
}

function validateState(raw: unknown): MixedModelState {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new InvalidInputError(`json.state.${field}`, expected, got);
  };
  if (typeof raw !== 'object' || raw === null) return fail('', 'an object', raw);
  const s = raw as MixedModelState;
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  const numArray = (x: unknown, len: number) => Array.isArray(x) && x.length === len && x.every(finite);
  if (typeof s.reml !== 'boolean') fail('reml', 'true or false', s.reml);
  if (!Number.isInteger(s.n) || s.n < 1) fail('n', 'a positive integer', s.n);
  if (!Array.isArray(s.fixedNames) || !s.fixedNames.every((x) => typeof x === 'string'))
    fail('fixedNames', 'an array of strings', s.fixedNames);
  const p = s.fixedNames.length;
  if (!numArray(s.beta, p)) fail('beta', `${p} finite numbers (one per fixed effect)`, s.beta);
  if (!Array.isArray(s.vcov) || s.vcov.length !== p || !s.vcov.every((r) => numArray(r, p)))
    fail('vcov', `a ${p} × ${p} matrix of finite numbers`, s.vcov);
  if (!finite(s.sigma2) || s.sigma2 <= 0) fail('sigma2', 'a positive number', s.sigma2);
  if (!finite(s.logLik)) fail('logLik', 'a finite number', s.logLik);
  if (!Array.isArray(s.factors) || s.factors.length === 0) fail('factors', 'a non-empty array', s.factors);
  s.factors.forEach((f, k) => {
    if (typeof f !== 'object' || f === null) fail(`factors[${k}]`, 'an object', f);
    if (typeof f.name !== 'string') fail(`factors[${k}].name`, 'a string', f.name);
    if (!Array.isArray(f.terms) || f.terms.length === 0 || !f.terms.every((t) => typeof t === 'string'))
      fail(`factors[${k}].terms`, 'a non-empty array of strings', f.terms);
    if (!Array.isArray(f.levels) || f.levels.length === 0 || !f.levels.every((t) => typeof t === 'string'))
      fail(`factors[${k}].levels`, 'a non-empty array of strings', f.levels);
    if (f.covariance !== 'unstructured' && f.covariance !== 'diagonal')
      fail(`factors[${k}].covariance`, "'unstructured' or 'diagonal'", f.covariance);
    const q = f.terms.length;
    const L = f.levels.length;
    const c = s.cov?.[k];
    if (!Array.isArray(c) || c.length !== q || !c.every((r) => numArray(r, q)))
      fail(`cov[${k}]`, `a ${q} × ${q} matrix (the terms of ${f.name})`, c);
    const b = s.blups?.[k];
    if (!Array.isArray(b) || b.length !== L || !b.every((r) => numArray(r, q)))
      fail(`blups[${k}]`, `${L} rows of ${q} numbers (levels × terms of ${f.name})`, b);
    const sd = s.condSd?.[k];
    if (!Array.isArray(sd) || sd.length !== L || !sd.every((r) => numArray(r, q)))
      fail(`condSd[${k}]`, `${L} rows of ${q} numbers`, sd);
  });
  const recipes = (x: unknown, field: string, count: number) => {
    if (!Array.isArray(x) || x.length !== count) return fail(field, `${count} column recipes`, x);
    x.forEach((r: ColumnRecipe, j) => {
      if (typeof r !== 'object' || r === null || typeof r.name !== 'string' || !Array.isArray(r.parts))
        fail(`${field}[${j}]`, 'a recipe { name, parts }', r);
      r.parts.forEach((part, t) => {
        if (
          typeof part !== 'object' ||
          part === null ||
          typeof part.column !== 'string' ||
          !(part.kind === 'numeric' || (part.kind === 'level' && typeof part.level === 'string'))
        )
          fail(
            `${field}[${j}].parts[${t}]`,
            "{ column, kind: 'numeric' } or { column, kind: 'level', level }",
            part,
          );
      });
    });
  };
  if (s.fixedRecipes !== null) recipes(s.fixedRecipes, 'fixedRecipes', p);
  if (s.fixedRecipes !== null)
    s.factors.forEach((f, k) => {
      recipes(f.termRecipes, `factors[${k}].termRecipes`, f.terms.length);
      if (
        !Array.isArray(f.groupColumns) ||
        f.groupColumns.length === 0 ||
        !f.groupColumns.every((c) => typeof c === 'string')
      )
        fail(`factors[${k}].groupColumns`, 'a non-empty array of column names', f.groupColumns);
    });
  if (typeof s.fixedLevels !== 'object' || s.fixedLevels === null || Array.isArray(s.fixedLevels))
    fail('fixedLevels', 'an object { column: levels[] }', s.fixedLevels);
  for (const [col, levels] of Object.entries(s.fixedLevels))
    if (!Array.isArray(levels) || !levels.every((l) => typeof l === 'string'))
      fail(`fixedLevels.${col}`, 'an array of level labels', levels);
  if (s.formula !== null && typeof s.formula !== 'string') fail('formula', 'a string or null', s.formula);
  // A streamed fit keeps no per-row outputs: both empty.
  const kept = Array.isArray(s.fitted) && s.fitted.length > 0 ? s.n : 0;
  if (!numArray(s.fitted, kept))
    fail('fitted', `${s.n} finite numbers (or none, for a streamed fit)`, s.fitted);
  if (!numArray(s.residuals, kept)) fail('residuals', `${kept} finite numbers (as fitted)`, s.residuals);
  if (
    !Array.isArray(s.warnings) ||
    !s.warnings.every(
      (w) =>
        typeof w === 'object' && w !== null && typeof w.code === 'string' && typeof w.message === 'string',
    )
  )
    fail('warnings', 'an array of { code, message }', s.warnings);
  if (typeof s.optimizer !== 'object' || s.optimizer === null || typeof s.optimizer.description !== 'string')
    fail('optimizer', 'an object with a description', s.optimizer);
  if (s.heritability !== null && (typeof s.heritability !== 'object' || !finite(s.heritability?.h2)))
    fail('heritability', 'null or { group, h2, se, varianceA, varianceTotal }', s.heritability);
  checkStateConsistency(s);
  return structuredClone(s);
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}
