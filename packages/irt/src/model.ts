import {
  type EMOptions,
  type EMResult,
  type EStepResult,
  InvalidInputError,
  InvalidOptionError,
  inspectCustom,
  NotFittedError,
  requireIterations,
  runEM,
  runEMAsync,
} from '@em/core';
import type { FlatMatrix, RandomSource } from '@em/core/numeric';
import {
  ChunkPasses,
  ChunkShapeError,
  readStepSizeOptions,
  type StreamSource,
  scaleStatistics,
  stepSize,
  stepwiseAverage,
  streamedEStep,
} from '@em/core/stream';
import { checkFit } from './consistency.js';
import { addChunk, addChunkCounts, type CountsSource, emptyCounts, probabilityTables } from './counts.js';
import { covarianceFromScores, observedCovariance, probePoints, scoreFromCounts } from './covariance.js';
import { logProbTable, marginal } from './estep.js';
import { itemResponseModelSummary } from './inspect.js';
import { information, logGuessingPrior, probs } from './items.js';
import { guessingWithinLimit, isValid, itemView, type Layout, makeLayout } from './layout.js';
import { mStep } from './mstep.js';
import type { IrtPartialFitOptions, OnlineRun } from './online.js';
import { type ResolvedIrtOptions, resolveIrtOptions } from './options.js';
import { makeQuadrature, type Quadrature } from './quadrature.js';
import {
  emptyPersonWarning,
  groupPatterns,
  judgeItems,
  MAX_CATEGORIES,
  type Patterns,
  type ResponseInput,
  resolveNames,
  resolveWeights,
  screen,
  type Tally,
  toResponseMatrix,
  validateCategories,
} from './responses.js';
import { eapScores, mapScores } from './scoring.js';
import { fromJSONObject, IRT_SCHEMA_VERSION, type IrtJSON, toJSONObject } from './serialize.js';
import { startValues } from './start.js';
import {
  type ChunkChecks,
  categoriesOf,
  type IrtStreamOptions,
  type ResponseChunk,
  readStreamOptions,
  responseChunks,
  scanResponses,
} from './stream.js';
import type {
  AbilityScores,
  FitOptions,
  IrtItemParameters,
  IrtOptions,
  IrtWarning,
  ItemParameters,
  ItemType,
  ScoreOptions,
} from './types.js';
import {
  checkShardScan,
  fromShardParams,
  type IrtShardParams,
  type IrtShardScan,
  type IrtShardStatistics,
  type IrtStatisticsSource,
  mergeScans,
  shardCounts,
  toShardParams,
} from './wire.js';

/** Everything a fitted (or loaded) model holds. */
export interface FittedState {
  layout: Layout;
  x: Float64Array;
  names: string[];
  categories: number[];
  logLikelihood: number;
  nIter: number;
  converged: boolean;
  history: number[];
  nObservations: number;
  nPersons: number;
  covariance: Float64Array | undefined;
  warnings: IrtWarning[];
}

const isDichotomous = (t: ItemType) => t !== 'graded' && t !== 'gpcm';

/**
 * An item response model fitted by marginal maximum likelihood with the Bock–Aitkin EM algorithm
 * (Bock & Aitkin 1981): ability θ ~ N(0, 1) is integrated out by quadrature (21 Gauss–Hermite points
 * by default, as in R's ltm), identical response patterns are grouped, and missing responses simply
 * drop out of a person's likelihood. The E-step computes, for every item, category and quadrature
 * node, the expected number of persons there; the M-step is a Newton solve per item. SQUAREM
 * acceleration (from `@em/core`) is on by default.
 *
 * After `fit`: item parameters in slope–intercept form (`items`) and discrimination–difficulty form
 * (`irtParameters()`), standard errors from the observed information, log-likelihood, AIC and BIC,
 * `warnings`; then EAP and MAP abilities (`scores`), item and test information, expected scores and
 * category probabilities at any θ, and `toJSON` for scoring elsewhere without refitting.
 *
 * @example
 * ```ts
 * import { ItemResponseModel, LSAT } from '@em/irt';
 * const model = new ItemResponseModel({ itemType: '2PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies });
 * model.logLikelihood; // ≈ -2466.653 (ltm: ltm(LSAT ~ z1))
 * model.irtParameters()[0]; // ≈ { name: 'Item 1', discrimination: 0.826, difficulties: [-3.359], guessing: 0 } (ltm: 0.8254, -3.3597)
 * model.scores([[1, 1, 1, 1, 1]]).theta[0]; // EAP ability of a perfect score ≈ 0.66
 * ```
 */
export class ItemResponseModel {
  /** The options after defaults. */
  readonly options: ResolvedIrtOptions;
  private state: FittedState | undefined;
  /** The running averages of `partialFit` (stepwise EM), while its parameters are the model's. */
  private online: OnlineRun | undefined;

  /** @param options See {@link IrtOptions}; everything is validated here. */
  constructor(options?: IrtOptions) {
    this.options = resolveIrtOptions(options);
  }

  /**
   * Builds a model from known item parameters (slope–intercept form), for scoring or simulation
   * without fitting: an item bank calibrated elsewhere, or the true parameters of a simulation.
   *
   * @example
   * ```ts
   * import { ItemResponseModel } from '@em/irt';
   * const bank = ItemResponseModel.fromItems('2PL', [
   *   { slope: 1.2, intercepts: [0.5] },
   *   { slope: 0.8, intercepts: [-1] },
   * ]);
   * bank.probabilities(0, 0)[0]; // ≈ [0.3775, 0.6225]: P(wrong), P(right) at θ = 0
   * ```
   */
  static fromItems(
    itemType: ItemType,
    items: readonly { slope?: number; intercepts: readonly number[]; guessing?: number; name?: string }[],
    options?: Omit<IrtOptions, 'itemType'>,
  ): ItemResponseModel {
    if (!Array.isArray(items) || items.length === 0)
      throw new InvalidInputError('items', 'a non-empty array of item parameters', items);
    const json: IrtJSON = {
      format: '@em/irt',
      version: IRT_SCHEMA_VERSION,
      itemType,
      quadrature: {
        rule: options?.quadrature ?? 'gauss-hermite',
        points: options?.quadraturePoints ?? 21,
      },
      fixedSlope: options?.fixedSlope ?? 1,
      guessingPrior: options?.guessingPrior ?? { alpha: 5, beta: 17 },
      items: items.map((item, j) => ({
        name: item?.name ?? `Item ${j + 1}`,
        nCategories: (item?.intercepts?.length ?? 0) + 1,
        excluded: false,
        slope: itemType === 'Rasch' ? (options?.fixedSlope ?? 1) : (item?.slope as number),
        intercepts: item?.intercepts as number[],
        guessing: item?.guessing ?? 0,
      })),
      fit: { logLikelihood: null, nIter: 0, converged: false, nObservations: 0, nPersons: 0, history: [] },
      covariance: null,
      warnings: [],
    };
    if (itemType === '1PL') {
      const slopes = items.map((item) => item?.slope);
      if (slopes.some((s) => s !== slopes[0]))
        throw new InvalidInputError('items', "one common slope for '1PL'", slopes, { column: 0 });
    }
    return ItemResponseModel.fromJSON(json);
  }

  /**
   * Fits the model to a response matrix (persons × items). Returns `this`.
   *
   * @param responses 0/1 (or 0 … K − 1) per person and item; `null`/`NaN` where not administered.
   * @param options Case weights (for a table of patterns and frequencies) and item names.
   * @throws InvalidInputError for a response outside the categories (naming the person's row and the
   *   item's column), non-finite weights, or a polytomous category nobody used.
   *
   * @example
   * ```ts
   * import { ItemResponseModel } from '@em/irt';
   * const model = new ItemResponseModel({ itemType: '1PL' }).fit([
   *   [1, 0, 0], [1, 1, 0], [0, 1, 1], [1, 1, 1], [0, 0, 1], [1, 0, 1],
   * ]);
   * model.converged; // true
   * ```
   */
  fit(responses: ResponseInput, options: FitOptions = {}): this {
    const o = this.options;
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object { weights?, itemNames? }', options);
    const X = toResponseMatrix(responses, 'responses', o.missing === 'allow');
    const weights = resolveWeights(options.weights, X.rows);
    const names = resolveNames(options.itemNames, X.cols);
    const given = o.nCategories;
    if (Array.isArray(given) && given.length !== X.cols)
      throw new InvalidOptionError('nCategories', `one number per item (${X.cols})`, given);
    const perItem: readonly number[] | undefined =
      given === undefined
        ? undefined
        : typeof given === 'number'
          ? new Array<number>(X.cols).fill(given)
          : given;
    const categories = validateCategories(X, 'responses', isDichotomous(o.itemType), perItem);
    const { active, counts, warnings } = screen(X, weights, categories, names, 'responses');
    const quadrature = makeQuadrature(o.quadrature, o.quadraturePoints);
    const Q = quadrature.nodes.length;
    const layout = makeLayout(o.itemType, active, categories, Q, o.fixedSlope);
    const nObservations = weights.reduce((s, w) => s + w, 0);
    let x = startValues(layout, counts, o.guessingPrior);
    let logLikelihood = 0;
    let run: EMResult<Float64Array> | undefined;
    let covariance: Float64Array | undefined;
    if (layout.size > 0) {
      const patterns = groupPatterns(X, weights, layout.active, layout.cell, Q);
      const { nodes } = quadrature;
      const logPrior = quadrature.weights.map(Math.log);
      const table = new Float64Array(layout.cells * Q);
      const prior = o.guessingPrior;
      const eStep = (params: Float64Array) => {
        const stats = new Float64Array(layout.cells * Q);
        logProbTable(layout, params, nodes, table);
        const ll = marginal(table, logPrior, patterns, stats);
        return { stats, logLikelihood: ll + logPriorOf(layout, params, prior) };
      };
      run = runEM({ eStep, ...this.emSteps(layout, quadrature) }, x, this.emOptions());
      requireIterations(run, 'an ItemResponseModel');
      x = run.params;
      logLikelihood = marginalLogLikelihood(layout, x, quadrature, patterns);
      if (o.standardErrors) covariance = observedCovariance(layout, x, nodes, logPrior, patterns, prior);
    }
    return this.settle(
      { layout, x, names, categories, nObservations, nPersons: X.rows, warnings },
      run,
      logLikelihood,
      covariance,
    );
  }

  /**
   * Fits the model by exact Bock–Aitkin EM over response rows read from `source` once per
   * iteration, never held whole: memory is one chunk and the expected counts (items × categories ×
   * quadrature points), whatever the number of persons. A chunk is what `fit` takes (rows of
   * responses, `null` for not administered; each row one person of weight 1). The first pass checks
   * the rows and tallies each item's categories — the start values and the screening of items come
   * from that tally, exactly as `fit` computes them, so no sample is drawn. Each E-step adds the
   * chunks' expected counts (response patterns are grouped within a chunk); the M-step and SQUAREM
   * run on the totals. A last pass computes the log-likelihood and, with `standardErrors` (default),
   * the scores at the 2p probe points of the observed information, together, so standard errors come
   * at the cost of one pass. The estimates equal `fit`'s on the concatenated chunks to about 1e-12
   * (bit for bit with one chunk): only the grouping of the sums differs.
   *
   * @throws SourceNotReReadableError (from `@em/core/stream`) when a later pass reads other rows than
   * the first (a one-shot iterator); ChunkShapeError for a chunk of another number of items, naming
   * the chunk and its row; InvalidInputError naming the chunk, the row of the whole source and the
   * column of a bad response.
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const rows = LSAT.patterns.flatMap((row, i) => new Array(LSAT.frequencies[i]).fill(row));
   * const chunks = [rows.slice(0, 400), rows.slice(400)];
   * const streamed = await new ItemResponseModel().fitStream(chunks);
   * streamed.logLikelihood; // ≈ -2466.653, as fit (ltm: ltm(LSAT ~ z1))
   * streamed.items[0]!.slope; // ≈ 0.826, as fit
   * ```
   */
  async fitStream(source: StreamSource<ResponseInput>, options: IrtStreamOptions = {}): Promise<this> {
    const { itemNames, onProgress } = readStreamOptions(options);
    const o = this.options;
    const dichotomous = isDichotomous(o.itemType);
    let checks: ChunkChecks = { allowMissing: o.missing === 'allow', dichotomous, categories: o.nCategories };
    const passes = new ChunkPasses(responseChunks(source, () => checks, onProgress));
    const scan = await scanResponses(passes);
    const quadrature = makeQuadrature(o.quadrature, o.quadraturePoints);
    const logPrior = quadrature.weights.map(Math.log);
    const Q = quadrature.nodes.length;
    return this.fitExternal(scan, itemNames, 'source', ({ layout, categories }) => {
      // Later passes hold the rows to the categories the first pass found.
      checks = { ...checks, categories };
      let table: Float64Array = new Float64Array(0);
      let tableOf: Float64Array | undefined;
      const eStep = streamedEStep<Float64Array, Float64Array, ResponseChunk>({
        passes,
        zero: () => new Float64Array(layout.cells * Q),
        accumulate: (x, chunk, total) => {
          if (x !== tableOf) [table, tableOf] = [probabilityTables(layout, [x], quadrature.nodes)[0]!, x];
          total.logLikelihood += addChunkCounts(layout, [table], logPrior, chunk.matrix, [total.stats]);
          return total;
        },
        finish: (total, x) => ({
          stats: total.stats,
          logLikelihood: total.logLikelihood + logPriorOf(layout, x, o.guessingPrior),
        }),
      });
      const counts: CountsSource = async (xs, findEmpty) => {
        const tables = probabilityTables(layout, xs, quadrature.nodes);
        const total = emptyCounts(layout, xs.length, Q);
        for await (const { chunk } of passes.next())
          addChunk(layout, tables, logPrior, chunk.matrix, chunk.row, total, findEmpty);
        return total;
      };
      return { eStep, counts };
    });
  }

  /**
   * One pass over a part of the data (a shard), for a fit whose E-step runs where the shards are
   * (`@em/distributed`): its rows and columns and its responses tallied per item and category. The
   * start values and the screening of items come from the tally of all shards, so, unlike a mixture's
   * scan, no rows are sampled. The responses are checked as integer categories (below 100) or
   * missing, whatever this model's options: {@link ItemResponseModel.fitFromStatistics} checks the
   * tally against the fitting model's item type, categories and `missing`.
   *
   * @throws InvalidInputError naming the chunk, row and column of a response that is not a
   *   category; ChunkShapeError for a chunk of another number of items.
   * @example
   * ```ts
   * import { ItemResponseModel } from '@em/irt';
   * const scan = await new ItemResponseModel().scanShard([[[1, 0], [0, 2]], [[1, null]]]);
   * [scan.rows, scan.counts, scan.missing, scan.firstMissing]; // [3, [[1, 2], [1, 0, 1]], 1, [2, 1]]
   * ```
   */
  async scanShard(source: StreamSource<ResponseInput>): Promise<IrtShardScan> {
    const checks: ChunkChecks = { allowMissing: true, dichotomous: false, categories: undefined };
    const { rows, cols, tally } = await scanResponses(
      new ChunkPasses(responseChunks(source, () => checks, undefined)),
    );
    return {
      rows,
      cols,
      counts: tally.counts.map((c) => c.slice()),
      missing: tally.missing,
      firstMissing: tally.firstMissing ?? null,
    };
  }

  /**
   * The E-step of a part of the data (a shard) under `params` (as
   * {@link ItemResponseModel.fitFromStatistics} passes them): the expected persons at every item,
   * category and quadrature node, and the shard's log-likelihood, as plain JSON. Statistics of
   * disjoint parts add up to those of their union. `params` carry the item model and quadrature, so
   * any `ItemResponseModel` (a worker's default one) computes them.
   *
   * @throws InvalidInputError naming the field of `params` that is not an ItemResponseModel's, or the
   *   chunk, row and column of a bad response; ChunkShapeError for a chunk of another number of items.
   * @example
   * ```ts
   * import { type IrtShardParams, ItemResponseModel } from '@em/irt';
   * const params: IrtShardParams = {
   *   model: 'ItemResponseModel', itemType: '2PL', quadrature: 'gauss-hermite', quadraturePoints: 3,
   *   fixedSlope: 1, allowMissing: true, categories: [2], active: [0], x: [1, 0],
   * };
   * const part = await new ItemResponseModel().shardStatistics(params, [[[0], [1]]]);
   * [part.rows, part.stats.length]; // [2, 6]: 1 item × 2 categories × 3 nodes
   * part.stats.reduce((a, b) => a + b); // ≈ 2: every person is somewhere
   * ```
   */
  async shardStatistics(
    params: IrtShardParams,
    source: StreamSource<ResponseInput>,
  ): Promise<IrtShardStatistics> {
    const { params: p, layout, x } = fromShardParams(params);
    const quadrature = makeQuadrature(p.quadrature, p.quadraturePoints);
    const logPrior = quadrature.weights.map(Math.log);
    const cols = p.categories.length;
    const checks: ChunkChecks = {
      allowMissing: p.allowMissing,
      dichotomous: isDichotomous(p.itemType),
      categories: p.categories,
    };
    const passes = new ChunkPasses(responseChunks(source, () => checks, undefined));
    const tables = probabilityTables(layout, [x], quadrature.nodes);
    const total = emptyCounts(layout, 1, quadrature.nodes.length);
    for await (const { chunk } of passes.next()) {
      if (chunk.matrix.cols !== cols)
        throw new ChunkShapeError(chunk.index, chunk.row, cols, chunk.matrix.cols);
      addChunk(layout, tables, logPrior, chunk.matrix, chunk.row, total, true);
    }
    if (!passes.rows) throw new InvalidInputError('source', 'at least one row', 'no rows');
    return {
      rows: passes.rows,
      logLikelihood: total.logLikelihood,
      stats: Array.from(total.stats[0]!),
      emptyPersons: total.empty.count,
      firstEmpty: total.empty.first,
    };
  }

  /**
   * Fits the model by EM whose E-step adds the expected counts of the parts of the data (shards),
   * computed anywhere ({@link ItemResponseModel.shardStatistics} on worker processes or machines), in
   * the order given: the start values and item screening come from the shards' scans, the M-step
   * and SQUAREM run here. The estimates equal `fit`'s on the shards' rows in order to about 1e-12
   * (only the grouping of the sums differs). Standard errors (`standardErrors`, default) call
   * `statistics` once per probe point of the observed information (2 per parameter) after the fit.
   *
   * @throws InvalidInputError naming the scan of a shard whose responses this model cannot take (a
   *   category above its items', a missing response with `missing: 'error'`), or statistics of the
   *   wrong size or rows.
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const rows = LSAT.patterns.flatMap((row, i) => new Array(LSAT.frequencies[i]).fill(row));
   * const shards = [rows.slice(0, 300), rows.slice(300, 700), rows.slice(700)];
   * const worker = new ItemResponseModel();
   * const model = await new ItemResponseModel().fitFromStatistics({
   *   scans: await Promise.all(shards.map((shard) => worker.scanShard([shard]))),
   *   statistics: (params) => Promise.all(shards.map((shard) => worker.shardStatistics(params, [shard]))),
   * });
   * model.logLikelihood; // ≈ -2466.653, as fit
   * ```
   */
  async fitFromStatistics(
    source: IrtStatisticsSource,
    options: Pick<FitOptions, 'itemNames'> = {},
  ): Promise<this> {
    if (
      typeof source !== 'object' ||
      source === null ||
      typeof source.statistics !== 'function' ||
      !Array.isArray(source.scans) ||
      source.scans.length === 0
    )
      throw new InvalidInputError(
        'source',
        'an object { scans: a non-empty array of shard scans, statistics(params) }',
        source,
      );
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object { itemNames? }', options);
    const o = this.options;
    const scans = source.scans.map((scan, s) => this.checkScan(checkShardScan(scan, s), s));
    const merged = mergeScans(scans);
    return this.fitExternal(merged, options.itemNames, 'scans', ({ layout, categories }) => ({
      counts: shardCounts(source.statistics, scans, layout, o.quadraturePoints, (x) =>
        toShardParams(o, categories, layout, x),
      ),
    }));
  }

  /** A shard's scan against this model's options: categories of its items, missing responses. */
  private checkScan(scan: IrtShardScan, s: number): IrtShardScan {
    const o = this.options;
    const dichotomous = isDichotomous(o.itemType);
    if (o.missing === 'error' && scan.firstMissing)
      throw new InvalidInputError(
        `scans[${s}]`,
        'no missing response (missing: "error")',
        'a missing response',
        {
          row: scan.firstMissing[0],
          column: scan.firstMissing[1],
        },
      );
    scan.counts.forEach((c, j) => {
      const given = o.nCategories;
      const limit = dichotomous ? 2 : ((typeof given === 'number' ? given : given?.[j]) ?? MAX_CATEGORIES);
      let largest = c.length - 1;
      while (largest >= 0 && c[largest] === 0) largest--;
      if (largest >= limit)
        throw new InvalidInputError(
          `scans[${s}].counts[${j}]`,
          dichotomous ? 'responses 0 or 1' : `categories 0 to ${limit - 1}`,
          `a response in category ${largest}`,
          { column: j },
        );
    });
    return scan;
  }

  /**
   * EM over data held elsewhere, from the first pass's tally: `fit`'s screening, start values, EM and
   * final log-likelihood and standard errors, with the E-step's counts from `source` (made once the
   * layout is known).
   */
  private async fitExternal(
    scan: { rows: number; cols: number; tally: Tally },
    itemNames: readonly string[] | undefined,
    name: string,
    source: (fit: { layout: Layout; categories: number[] }) => {
      eStep?: (x: Float64Array) => Promise<EStepResult<Float64Array>>;
      counts: CountsSource;
    },
  ): Promise<this> {
    const o = this.options;
    const { rows, cols, tally } = scan;
    const names = resolveNames(itemNames, cols);
    const given = o.nCategories;
    if (Array.isArray(given) && given.length !== cols)
      throw new InvalidOptionError('nCategories', `one number per item (${cols})`, given);
    const perItem =
      typeof given === 'number'
        ? new Array<number>(cols).fill(given)
        : (given as readonly number[] | undefined);
    const categories = categoriesOf(tally, isDichotomous(o.itemType), perItem);
    const { active, counts, warnings } = judgeItems(tally, categories, names, name);
    const quadrature = makeQuadrature(o.quadrature, o.quadraturePoints);
    const layout = makeLayout(o.itemType, active, categories, quadrature.nodes.length, o.fixedSlope);
    const prior = o.guessingPrior;
    const data = source({ layout, categories });
    let x = startValues(layout, counts, prior);
    let run: EMResult<Float64Array> | undefined;
    if (layout.size > 0) {
      const eStep =
        data.eStep ??
        (async (params: Float64Array) => {
          const at = await data.counts([params], false);
          return { stats: at.stats[0]!, logLikelihood: at.logLikelihood + logPriorOf(layout, params, prior) };
        });
      run = await runEMAsync({ eStep, ...this.emSteps(layout, quadrature) }, x, this.emOptions());
      requireIterations(run, 'an ItemResponseModel');
      x = run.params;
    }
    // One more pass: the log-likelihood at the estimates, the persons who answered nothing, and the
    // scores at the probe points of the standard errors.
    const { probes, steps } =
      o.standardErrors && layout.size > 0 ? probePoints(x) : { probes: [], steps: undefined };
    const last = await data.counts([x, ...probes], true);
    if (last.empty.count > 0) warnings.push(emptyPersonWarning(last.empty));
    const covariance = steps
      ? covarianceFromScores(
          probes.map((probe, i) =>
            scoreFromCounts(layout, probe, last.stats[i + 1]!, quadrature.nodes, prior),
          ),
          steps,
        )
      : undefined;
    return this.settle(
      { layout, x, names, categories, nObservations: rows, nPersons: rows, warnings },
      run,
      layout.size > 0 ? last.logLikelihood : 0,
      covariance,
    );
  }

  /**
   * One step of online (stepwise) Bock–Aitkin EM on a batch of persons (Cappé & Moulines 2009; Liang
   * & Klein 2009): the batch's expected counts at the quadrature nodes under the current item
   * parameters are mixed into running per-person averages, s ← (1 − η_t) s + η_t ŝ, with
   * η_t = (t + t0)^(−α) (`@em/core/stream`'s schedule), and one M-step runs from them (scaled to the
   * persons seen, so the 3PL prior keeps its weight) — for responses that arrive forever, or too many
   * for even one pass per iteration. The first call starts from the model's item parameters (after
   * `fit`, `fitStream`, `fromJSON`, `fromItems`) or, for a model never fitted, from the start `fit`
   * would make on this batch, whose screening then fixes the items and categories (give
   * `nCategories` for polytomous items, or every category must show in the first batch). The model
   * then holds item parameters to score and evaluate with (`marginalLogLikelihood` on held-out
   * responses), but no whole-data fit: `logLikelihood`, AIC and BIC throw `NotFittedError`,
   * `nIter` is 0 and standard errors are null.
   *
   * @throws InvalidInputError naming the row and column of a response outside the items' categories.
   * @example
   * ```ts
   * import { mulberry32 } from '@em/core/numeric';
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * // The persons in random order: batches of one response pattern each would pull the items to and fro.
   * const random = mulberry32(1);
   * const rows = LSAT.patterns
   *   .flatMap((row, i) => new Array(LSAT.frequencies[i]).fill(row))
   *   .map((row) => ({ row, key: random() }))
   *   .sort((a, b) => a.key - b.key)
   *   .map(({ row }) => row);
   * const model = new ItemResponseModel();
   * for (let pass = 0; pass < 5; pass++)
   *   for (let at = 0; at < rows.length; at += 100) model.partialFit(rows.slice(at, at + 100));
   * model.marginalLogLikelihood(rows); // ≈ -2466.93: the batch fit's is -2466.653
   * ```
   */
  partialFit(responses: ResponseInput, options?: IrtPartialFitOptions): this {
    const schedule = readStepSizeOptions(options);
    const o = this.options;
    const start = this.state ?? this.firstBatch(responses);
    const X = this.checkResponses(responses, start, o.missing === 'allow');
    const { layout } = start;
    if (layout.size === 0)
      throw new InvalidInputError('responses', 'an item with two categories used (to estimate)', 'none');
    const run = this.online?.x === start.x ? this.online : undefined;
    const quadrature = makeQuadrature(o.quadrature, o.quadraturePoints);
    const { nodes } = quadrature;
    const batch = [new Float64Array(layout.cells * nodes.length)];
    addChunkCounts(
      layout,
      probabilityTables(layout, [start.x], nodes),
      quadrature.weights.map(Math.log),
      X,
      batch,
    );
    const updates = (run?.updates ?? 0) + 1;
    const rows = (run?.rows ?? 0) + X.rows;
    const average = stepwiseAverage(run?.average, batch[0]!, X.rows, stepSize(updates, schedule));
    const x = mStep(layout, scaleStatistics(average, rows), start.x, nodes, o.guessingPrior);
    // The screening's warnings stay; those of a whole-data fit no longer apply.
    const screening = ['constant-item', 'empty-item', 'missing-responses', 'empty-person'];
    const warnings = start.warnings.filter((w) => screening.includes(w.code));
    this.state = {
      ...start,
      x,
      logLikelihood: Number.NaN,
      nIter: 0,
      converged: false,
      history: [],
      nObservations: rows,
      nPersons: rows,
      covariance: undefined,
      warnings,
    };
    warnings.push(...extremeWarnings(this.items));
    this.online = { x, updates, rows, average };
    return this;
  }

  /** The state `fit` would start from on the first batch of `partialFit`: screening and start values. */
  private firstBatch(responses: ResponseInput): FittedState {
    const o = this.options;
    const X = toResponseMatrix(responses, 'responses', o.missing === 'allow');
    const given = o.nCategories;
    if (Array.isArray(given) && given.length !== X.cols)
      throw new InvalidOptionError('nCategories', `one number per item (${X.cols})`, given);
    const perItem =
      typeof given === 'number'
        ? new Array<number>(X.cols).fill(given)
        : (given as readonly number[] | undefined);
    const categories = validateCategories(X, 'responses', isDichotomous(o.itemType), perItem);
    const names = resolveNames(undefined, X.cols);
    const weights = new Float64Array(X.rows).fill(1);
    const { active, counts, warnings } = screen(X, weights, categories, names, 'responses');
    const layout = makeLayout(o.itemType, active, categories, o.quadraturePoints, o.fixedSlope);
    return {
      layout,
      x: startValues(layout, counts, o.guessingPrior),
      names,
      categories,
      logLikelihood: Number.NaN,
      nIter: 0,
      converged: false,
      history: [],
      nObservations: 0,
      nPersons: 0,
      covariance: undefined,
      warnings,
    };
  }

  /**
   * Ability estimates for response rows read from `source` chunk by chunk, as
   * {@link ItemResponseModel.scores} gives them for each chunk: persons are scored independently, so
   * memory is one chunk whatever the source's size. Yields one {@link AbilityScores} per chunk, in order.
   *
   * @throws InvalidInputError naming the chunk, the row of the whole source and the column of a bad
   *   response; ChunkShapeError for a chunk of another number of items.
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const model = new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies });
   * for await (const { theta } of model.scoreStream([[[0, 0, 0, 0, 0]], [[1, 1, 1, 1, 1]]])) console.log(theta[0]);
   * // ≈ -1.90, then ≈ 0.66: model.scores(…) of each chunk
   * ```
   */
  async *scoreStream(
    source: StreamSource<ResponseInput>,
    options: ScoreOptions = {},
  ): AsyncGenerator<AbilityScores> {
    const s = this.fitted('scoreStream');
    const checks: ChunkChecks = {
      allowMissing: true,
      dichotomous: isDichotomous(this.options.itemType),
      categories: s.categories,
    };
    const cols = s.categories.length;
    for await (const { chunk } of new ChunkPasses(responseChunks(source, () => checks, undefined)).next()) {
      if (chunk.matrix.cols !== cols)
        throw new ChunkShapeError(chunk.index, chunk.row, cols, chunk.matrix.cols);
      yield this.scores(chunk.matrix, options);
    }
  }

  /** The M-step and the vector form of the parameters, shared by every way of fitting. */
  private emSteps(layout: Layout, quadrature: Quadrature) {
    const prior = this.options.guessingPrior;
    return {
      mStep: (stats: Float64Array, x: Float64Array) => mStep(layout, stats, x, quadrature.nodes, prior),
      pack: (x: Float64Array) => Float64Array.from(x),
      unpack: (v: Float64Array) =>
        isValid(layout, v) && guessingWithinLimit(layout, v) ? Float64Array.from(v) : undefined,
    };
  }

  /** The options of `runEM` from the model's. */
  private emOptions(): EMOptions<Float64Array> {
    const o = this.options;
    const onIteration = o.onIteration;
    return {
      maxIter: o.maxIter,
      tol: o.tol,
      stopRule: o.stopRule,
      acceleration: o.acceleration,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(onIteration
        ? {
            onIteration: (info) =>
              onIteration({ iteration: info.iteration, logLikelihood: info.logLikelihood }),
          }
        : {}),
    };
  }

  /** Stores a fit's result, with its warnings (after the data's: not converged, singular, extreme). */
  private settle(
    fit: Pick<
      FittedState,
      'layout' | 'x' | 'names' | 'categories' | 'nObservations' | 'nPersons' | 'warnings'
    >,
    run: EMResult<Float64Array> | undefined,
    logLikelihood: number,
    covariance: Float64Array | undefined,
  ): this {
    const o = this.options;
    const { warnings } = fit;
    if (run && !run.converged)
      warnings.push({
        code: 'not-converged',
        message: `EM stopped (${run.stopReason}) after ${run.nIter} iterations before the log-likelihood changed by less than tol = ${o.tol}; raise maxIter or tol.`,
      });
    if (run && o.standardErrors && !covariance)
      warnings.push({
        code: 'singular-information',
        message:
          'The observed information matrix is not positive definite, so standard errors are null: some parameter is not identified by these data (too few persons, or an item with an extreme estimate).',
      });
    this.state = {
      ...fit,
      logLikelihood,
      nIter: run?.nIter ?? 0,
      converged: run?.converged ?? true,
      history: run?.history ?? [],
      covariance,
    };
    this.online = undefined;
    warnings.push(...extremeWarnings(this.items));
    return this;
  }

  private fitted(method: string): FittedState {
    if (!this.state) throw new NotFittedError('ItemResponseModel', method);
    return this.state;
  }

  /** The state of a model fitted to data: one built by `fromItems` has no likelihood to report. */
  private fitStatistics(method: string): FittedState {
    const s = this.fitted(method);
    if (!Number.isFinite(s.logLikelihood)) throw new NotFittedError('ItemResponseModel', method);
    return s;
  }

  /**
   * Each item's parameters in slope–intercept form (mirt's `a1`, `d`, `g`); `null` for excluded items
   * (`excluded: true`), which have no estimates.
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const model = new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies });
   * model.items[0]!.slope;      // ≈ 0.7551: the common discrimination
   * model.items[0]!.intercepts; // ≈ [2.73]
   * ```
   */
  get items(): ItemParameters[] {
    const s = this.fitted('items');
    const byColumn = new Map<number, number>();
    s.layout.active.forEach((col, j) => {
      byColumn.set(col, j);
    });
    return s.names.map((name, col) => {
      const j = byColumn.get(col);
      const K = s.categories[col]!;
      if (j === undefined)
        return {
          name,
          slope: null,
          intercepts: new Array<null>(K - 1).fill(null),
          guessing: null,
          nCategories: K,
          excluded: true,
        };
      const view = itemView(s.layout, s.x, j);
      return {
        name,
        slope: view.a,
        intercepts: Array.from(s.x.subarray(view.dOff, view.dOff + K - 1)),
        guessing: view.g,
        nCategories: K,
        excluded: false,
      };
    });
  }

  /**
   * Each item's parameters in discrimination–difficulty form, as ltm prints them (`IRT.param = TRUE`):
   * b = −d/a (graded: one per threshold; gpcm: step difficulties −(d_k − d_{k−1})/a).
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const model = new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies });
   * model.irtParameters().map((item) => item.difficulties[0]); // ≈ [-3.6153, -1.3224, -0.3176, -1.7301, -2.7802]
   * ```
   */
  irtParameters(): IrtItemParameters[] {
    const gpcm = this.options.itemType === 'gpcm';
    return this.items.map((item) => {
      const a = item.slope;
      if (item.excluded || a === null)
        return {
          name: item.name,
          discrimination: null,
          difficulties: item.intercepts.map(() => null),
          guessing: null,
        };
      const d = item.intercepts as number[];
      return {
        name: item.name,
        discrimination: a,
        difficulties: d.map((dk, k) => (gpcm ? -(dk - (k === 0 ? 0 : d[k - 1]!)) / a : -dk / a)),
        guessing: item.guessing,
      };
    });
  }

  /**
   * Standard errors of the parameters, from the inverse of the observed information (the Hessian of the
   * marginal log-likelihood, by central differences of its exact gradient), in slope–intercept form or
   * (`'irt'`) discrimination–difficulty form by the delta method. Fixed parameters have SE 0, excluded
   * items `null`. Every estimated parameter's SE is `null` when the fit was made with
   * `standardErrors: false` or the information is singular (see the `singular-information` warning).
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const model = new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies });
   * model.standardErrors('irt')[0]!.difficulties[0]; // ≈ 0.3266 (ltm)
   * model.standardErrors('irt')[0]!.discrimination;  // ≈ 0.0694 (ltm)
   * ```
   */
  standardErrors(form: 'slope-intercept'): ItemParameters[];
  standardErrors(form: 'irt'): IrtItemParameters[];
  standardErrors(): ItemParameters[];
  standardErrors(
    form: 'slope-intercept' | 'irt' = 'slope-intercept',
  ): ItemParameters[] | IrtItemParameters[] {
    const s = this.fitted('standardErrors');
    const items = this.items;
    const { layout } = s;
    const n = layout.size;
    const cov = s.covariance;
    const byColumn = new Map<number, number>();
    layout.active.forEach((col, j) => {
      byColumn.set(col, j);
    });
    // Variance of a linear combination Σ c_i x_i of the parameters.
    const se = (c: Map<number, number>): number | null => {
      if (c.size === 0) return 0;
      if (!cov) return null;
      let v = 0;
      for (const [i, ci] of c) for (const [k, ck] of c) v += ci * ck * cov[i * n + k]!;
      return Math.sqrt(Math.max(0, v));
    };
    const gpcm = this.options.itemType === 'gpcm';
    const out = items.map((item, col): ItemParameters | IrtItemParameters => {
      const j = byColumn.get(col);
      const K = item.nCategories;
      if (j === undefined) {
        const none = new Array<null>(K - 1).fill(null);
        return form === 'irt'
          ? { name: item.name, discrimination: null, difficulties: none, guessing: null }
          : { ...item, slope: null, intercepts: none, guessing: null };
      }
      // An estimated item: its parameters are numbers.
      const a = item.slope!;
      const intercepts = item.intercepts as number[];
      const guessing = item.guessing!;
      const slopeIndex = layout.slope[j]!;
      const slopeTerm = (coef: number) => (slopeIndex >= 0 ? new Map([[slopeIndex, coef]]) : new Map());
      const at = layout.intercept[j]!;
      const gi = layout.guess[j]!;
      const logitSE = gi < 0 ? 0 : se(new Map([[gi, 1]]));
      const guessingSE = logitSE === null ? null : guessing * (1 - guessing) * logitSE;
      if (form === 'slope-intercept') {
        return {
          ...item,
          slope: se(slopeTerm(1)),
          intercepts: intercepts.map((_, k) => se(new Map([[at + k, 1]]))),
          guessing: guessingSE,
        };
      }
      const difficulties = intercepts.map((d, k) => {
        // b = −(d_k − d_{k−1})/a (gpcm) or −d_k/a: gradient −1/a, [+1/a], (d_k − d_{k−1})/a².
        const previous = gpcm && k > 0 ? intercepts[k - 1]! : 0;
        const c = slopeTerm((d - previous) / (a * a));
        c.set(at + k, -1 / a);
        if (gpcm && k > 0) c.set(at + k - 1, 1 / a);
        return se(c);
      });
      return { name: item.name, discrimination: se(slopeTerm(1)), difficulties, guessing: guessingSE };
    });
    return out as ItemParameters[] | IrtItemParameters[];
  }

  /**
   * The covariance matrix of the estimated parameters (inverse observed information) with the
   * parameter names, in the order `pack` uses: per item its slope, intercepts and logit-guessing, the
   * 1PL's common slope last. `undefined` when not computed or singular.
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const model = new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies });
   * model.covariance()!.names; // ['Item 1.d1', …, 'Item 5.d1', 'a']
   * ```
   */
  covariance(): { names: string[]; matrix: number[][] } | undefined {
    const s = this.fitted('covariance');
    if (!s.covariance) return undefined;
    const { layout } = s;
    const names = new Array<string>(layout.size);
    layout.active.forEach((col, j) => {
      const item = s.names[col]!;
      if (layout.slope[j]! >= 0) names[layout.slope[j]!] = layout.itemType === '1PL' ? 'a' : `${item}.a`;
      for (let k = 0; k < layout.K[j]! - 1; k++) names[layout.intercept[j]! + k] = `${item}.d${k + 1}`;
      if (layout.guess[j]! >= 0) names[layout.guess[j]!] = `${item}.logit(g)`;
    });
    const n = layout.size;
    const matrix = Array.from({ length: n }, (_, i) => Array.from(s.covariance!.subarray(i * n, i * n + n)));
    return { names, matrix };
  }

  /**
   * The marginal log-likelihood at the estimates (without the 3PL's guessing prior).
   *
   * @throws NotFittedError for a model built by `fromItems` (no data, no likelihood); so do `aic` and `bic`.
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies }).logLikelihood; // ≈ -2466.938
   * ```
   */
  get logLikelihood(): number {
    return this.fitStatistics('logLikelihood').logLikelihood;
  }

  /**
   * Whether EM converged (the change of log-likelihood fell below `tol`).
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies }).converged; // true
   * ```
   */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  /**
   * EM iterations run (SQUAREM cycles when accelerated).
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * new ItemResponseModel({ acceleration: 'none' }).fit(LSAT.patterns, { weights: LSAT.frequencies }).nIter; // about 70 (9 with SQUAREM)
   * ```
   */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /**
   * The (penalised, for the 3PL) log-likelihood at each EM iteration: never decreasing.
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const { history } = new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies });
   * history.at(-1)! >= history[0]!; // true
   * ```
   */
  get history(): number[] {
    return this.fitted('history').history.slice();
  }

  /**
   * What the fit noticed but did not stop for: excluded items (everyone right or wrong, or nobody
   * answered), persons with no responses, missing responses, non-convergence, extreme estimates,
   * singular information. Each names the item and/or person.
   *
   * @example
   * ```ts
   * import { ItemResponseModel } from '@em/irt';
   * const model = new ItemResponseModel().fit([[1, 0], [1, 1], [1, 0], [1, 1]]);
   * model.warnings.map((w) => w.code); // ['constant-item', …]
   * ```
   */
  get warnings(): IrtWarning[] {
    return this.fitted('warnings').warnings.map((w) => ({ ...w }));
  }

  /**
   * Number of estimated parameters (what AIC and BIC count).
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies }).nParameters(); // 6
   * ```
   */
  nParameters(): number {
    return this.fitted('nParameters').layout.size;
  }

  /**
   * Akaike's information criterion, −2ℓ + 2p (lower is better).
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies }).aic(); // ≈ 4945.875
   * ```
   */
  aic(): number {
    const s = this.fitStatistics('aic');
    return -2 * s.logLikelihood + 2 * s.layout.size;
  }

  /**
   * The Bayesian information criterion, −2ℓ + p log n with n the number of persons (total weight), as ltm.
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, { weights: LSAT.frequencies }).bic(); // ≈ 4975.322
   * ```
   */
  bic(): number {
    const s = this.fitStatistics('bic');
    return -2 * s.logLikelihood + s.layout.size * Math.log(s.nObservations);
  }

  /**
   * Ability estimates for response patterns, with the fitted (or loaded) item parameters — no refit,
   * so a browser can score a test taker from a saved model. EAP: posterior mean and SD on the quadrature
   * grid; MAP: posterior mode (N(0, 1) prior) and 1/√(−d²log posterior/dθ²), ltm's `"EB"` method.
   * Missing responses are skipped; responses to excluded items are ignored.
   *
   * @param responses Rows of responses (same items, same order as the fit).
   * @throws InvalidInputError for a row with the wrong number of items or a response outside the categories.
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const model = new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies });
   * const { theta, se } = model.scores([[0, 0, 0, 0, 0], [1, 1, 1, 1, 1]], { method: 'MAP' });
   * // theta ≈ [-1.895, 0.606], se ≈ [0.795, 0.855] (ltm's factor.scores)
   * ```
   */
  scores(responses: ResponseInput, options: ScoreOptions = {}): AbilityScores {
    const s = this.fitted('scores');
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object { method?, quadraturePoints? }', options);
    const method = options.method ?? 'EAP';
    if (method !== 'EAP' && method !== 'MAP')
      throw new InvalidOptionError('method', "'EAP' or 'MAP'", method);
    const X = this.checkResponses(responses, s);
    const points = options.quadraturePoints ?? this.options.quadraturePoints;
    const quadrature = makeQuadrature(this.options.quadrature, points);
    const eap = eapScores(s.layout, s.x, X, quadrature);
    if (method === 'EAP') return { method, ...eap };
    return { method, ...mapScores(s.layout, s.x, X, eap.theta) };
  }

  /**
   * The marginal log-likelihood of response patterns under the current item parameters (ability
   * integrated over N(0, 1) with the model's quadrature): Σ_i w_i log ∫ Π_j P(y_ij | θ) φ(θ) dθ. One
   * call is one E-step without the statistics — the floor of any marginal-likelihood method's cost.
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const model = new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies });
   * model.marginalLogLikelihood(LSAT.patterns, { weights: LSAT.frequencies }); // = model.logLikelihood
   * ```
   */
  marginalLogLikelihood(responses: ResponseInput, options: Pick<FitOptions, 'weights'> = {}): number {
    const s = this.fitted('marginalLogLikelihood');
    const X = this.checkResponses(responses, s);
    const weights = resolveWeights(options?.weights, X.rows);
    const quadrature = makeQuadrature(this.options.quadrature, this.options.quadraturePoints);
    const patterns = groupPatterns(X, weights, s.layout.active, s.layout.cell, quadrature.nodes.length);
    return marginalLogLikelihood(s.layout, s.x, quadrature, patterns);
  }

  private checkResponses(responses: ResponseInput, s: FittedState, allowMissing = true): FlatMatrix {
    const X = toResponseMatrix(responses, 'responses', allowMissing);
    if (X.cols !== s.names.length)
      throw new InvalidInputError('responses', `rows of ${s.names.length} responses (one per item)`, X.cols, {
        row: 0,
      });
    validateCategories(X, 'responses', isDichotomous(this.options.itemType), s.categories);
    return X;
  }

  private thetaArray(theta: number | ArrayLike<number>): Float64Array {
    const values = typeof theta === 'number' ? [theta] : theta;
    if (typeof values !== 'object' || values === null || typeof values.length !== 'number')
      throw new InvalidInputError('theta', 'a number or an array of numbers', theta);
    if (!Number.isInteger(values.length) || values.length > MAX_THETA)
      throw new InvalidInputError('theta', `at most ${MAX_THETA} ability values`, values.length);
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 1e6)
        throw new InvalidInputError('theta', 'an ability value between -1e6 and 1e6', v, { row: i });
      out[i] = v;
    }
    return out;
  }

  private itemIndex(s: FittedState, item: number): number | undefined {
    if (!Number.isInteger(item) || item < 0 || item >= s.names.length)
      throw new InvalidInputError('item', `an item index from 0 to ${s.names.length - 1}`, item);
    const j = s.layout.active.indexOf(item);
    return j < 0 ? undefined : j;
  }

  /**
   * Category probabilities P(Y = k | θ) of one item (its item characteristic curves): one array of K
   * probabilities per θ.
   *
   * @throws InvalidInputError naming `item` for an excluded item: it has no parameters, so no curve.
   *
   * @example
   * ```ts
   * import { ItemResponseModel } from '@em/irt';
   * const model = ItemResponseModel.fromItems('2PL', [{ slope: 1, intercepts: [0] }]);
   * model.probabilities([0, 2], 0); // ≈ [[0.5, 0.5], [0.1192, 0.8808]]
   * ```
   */
  probabilities(theta: number | ArrayLike<number>, item: number): number[][] {
    const s = this.fitted('probabilities');
    const t = this.thetaArray(theta);
    const j = this.itemIndex(s, item);
    const K = s.categories[item]!;
    if (j === undefined)
      throw new InvalidInputError(
        'item',
        `an item that was fitted (item ${item} was excluded: see the constant-item warning)`,
        item,
      );
    const view = itemView(s.layout, s.x, j);
    const p = new Float64Array(K);
    return Array.from(t, (value) => {
      probs(view, value, p);
      return Array.from(p);
    });
  }

  /**
   * Fisher information of one item at each θ: Σ_k P_k′(θ)²/P_k(θ) (a²P(1 − P) for the 2PL). 0 for an
   * excluded item.
   *
   * @example
   * ```ts
   * import { ItemResponseModel } from '@em/irt';
   * const model = ItemResponseModel.fromItems('2PL', [{ slope: 2, intercepts: [0] }]);
   * model.itemInformation([0], 0)[0]; // 1 = 2² · ½ · ½
   * ```
   */
  itemInformation(theta: number | ArrayLike<number>, item: number): Float64Array {
    const s = this.fitted('itemInformation');
    const t = this.thetaArray(theta);
    const j = this.itemIndex(s, item);
    const out = new Float64Array(t.length);
    if (j === undefined) return out;
    const view = itemView(s.layout, s.x, j);
    const K = s.categories[item]!;
    const p = new Float64Array(K);
    const dp = new Float64Array(K);
    for (let i = 0; i < t.length; i++) out[i] = information(view, t[i]!, p, dp);
    return out;
  }

  /**
   * Test information at each θ: the sum of the item informations (1/I(θ) bounds the variance of an
   * ability estimate from these items).
   *
   * @example
   * ```ts
   * import { ItemResponseModel } from '@em/irt';
   * const model = ItemResponseModel.fromItems('2PL', [{ slope: 2, intercepts: [0] }, { slope: 1, intercepts: [0] }]);
   * model.testInformation([0])[0]; // 1.25
   * ```
   */
  testInformation(theta: number | ArrayLike<number>): Float64Array {
    const s = this.fitted('testInformation');
    const t = this.thetaArray(theta);
    const out = new Float64Array(t.length);
    for (let item = 0; item < s.names.length; item++) {
      const info = this.itemInformation(t, item);
      for (let i = 0; i < t.length; i++) out[i]! += info[i]!;
    }
    return out;
  }

  /**
   * Expected test score at each θ: Σ_items Σ_k k·P_k(θ) (the test characteristic curve; the expected
   * number correct for dichotomous items). Excluded items count 0.
   *
   * @example
   * ```ts
   * import { ItemResponseModel } from '@em/irt';
   * const model = ItemResponseModel.fromItems('2PL', [{ slope: 1, intercepts: [0] }, { slope: 1, intercepts: [0] }]);
   * model.expectedScore([0])[0]; // 1
   * ```
   */
  expectedScore(theta: number | ArrayLike<number>): Float64Array {
    const s = this.fitted('expectedScore');
    const t = this.thetaArray(theta);
    const out = new Float64Array(t.length);
    s.layout.active.forEach((col, j) => {
      const view = itemView(s.layout, s.x, j);
      const p = new Float64Array(s.categories[col]!);
      for (let i = 0; i < t.length; i++) {
        probs(view, t[i]!, p);
        for (let k = 1; k < p.length; k++) out[i]! += k * p[k]!;
      }
    });
    return out;
  }

  /**
   * Draws responses for persons of the given abilities from the model (for simulation studies and
   * tests). Excluded items come out as `null`.
   *
   * @param theta One ability per person.
   * @param random Uniform [0, 1) numbers: `Math.random`, `mulberry32(seed)` from `@em/core/numeric`,
   *   or `createRandom(seed).random` from `@em/sampling`.
   *
   * @example
   * ```ts
   * import { mulberry32 } from '@em/core/numeric';
   * import { ItemResponseModel } from '@em/irt';
   * const model = ItemResponseModel.fromItems('2PL', [{ slope: 1, intercepts: [0] }]);
   * model.simulate([-1, 0, 1], mulberry32(1)); // [[0], [1], [1]], say: three persons, one item
   * ```
   */
  simulate(theta: ArrayLike<number>, random: RandomSource): (number | null)[][] {
    const s = this.fitted('simulate');
    if (typeof random !== 'function')
      throw new InvalidOptionError('random', 'a function returning [0, 1)', random);
    const t = this.thetaArray(theta);
    const views = s.names.map((_, col) => {
      const j = s.layout.active.indexOf(col);
      return j < 0 ? undefined : itemView(s.layout, s.x, j);
    });
    return Array.from(t, (value) =>
      views.map((view, col) => {
        if (!view) return null;
        const p = new Float64Array(s.categories[col]!);
        probs(view, value, p);
        let u = random();
        for (let k = 0; k < p.length - 1; k++) {
          u -= p[k]!;
          if (u < 0) return k;
        }
        return p.length - 1;
      }),
    );
  }

  /**
   * One line for people: the item model, the quadrature, whether fitted and, once fitted, the numbers of items and persons, the iterations and the marginal log-likelihood. `console.log(model)` prints the same.
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const model = new ItemResponseModel({ itemType: '1PL' });
   * String(model); // "ItemResponseModel { itemType: '1PL', quadraturePoints: 21, fitted: false }"
   * console.log(model.fit(LSAT.patterns, { weights: LSAT.frequencies }));
   * // ItemResponseModel { itemType: '1PL', quadraturePoints: 21, nItems: 5, nPersons: 1000, fitted: true, converged: true, nIter: 6, logLikelihood: -2466.94 }
   * ```
   */
  toString(): string {
    return itemResponseModelSummary(this.options, this.state);
  }

  /** What Node's `util.inspect` (and so `console.log`) prints: {@link ItemResponseModel.toString}. */
  [inspectCustom](): string {
    return this.toString();
  }

  /**
   * The fitted model as a plain, versioned JSON object: options, item parameters, fit statistics,
   * covariance and warnings. `JSON.stringify(model)` calls it.
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const model = new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies });
   * const saved = JSON.stringify(model);
   * ItemResponseModel.fromJSON(saved).scores([[1, 0, 1, 1, 1]]).theta; // same as model.scores(…)
   * ```
   */
  toJSON(): IrtJSON {
    return toJSONObject(this.fitted('toJSON'), this.options);
  }

  /**
   * Restores a model saved with {@link ItemResponseModel.toJSON} (a JSON string or the parsed object),
   * validating every field: a wrong version, item type, category count, non-finite parameter,
   * disordered graded thresholds or a covariance of the wrong size throws an `InvalidInputError`
   * naming the field (for example `json.items[2].intercepts`).
   *
   * @example
   * ```ts
   * import { ItemResponseModel, LSAT } from '@em/irt';
   * const saved = JSON.stringify(new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies }));
   * const model = ItemResponseModel.fromJSON(saved);
   * model.logLikelihood; // ≈ -2466.653
   * ```
   */
  static fromJSON(json: string | object): ItemResponseModel {
    const { options, state } = fromJSONObject(json);
    checkFit(state, state.layout.size, logPriorOf(state.layout, state.x, options.guessingPrior!));
    const model = new ItemResponseModel(options);
    model.state = state;
    return model;
  }
}

/** Most abilities one call evaluates: the results are allocated up front. */
const MAX_THETA = 1 << 24;

/** The log of the 3PL guessing prior at x (0 for other models). */
function logPriorOf(layout: Layout, x: Float64Array, prior: { alpha: number; beta: number }): number {
  let total = 0;
  for (let j = 0; j < layout.guess.length; j++) {
    const gi = layout.guess[j]!;
    if (gi >= 0) total += logGuessingPrior(x[gi]!, prior);
  }
  return total;
}

function marginalLogLikelihood(
  layout: Layout,
  x: Float64Array,
  quadrature: Quadrature,
  patterns: Patterns,
): number {
  const Q = quadrature.nodes.length;
  const table = new Float64Array(layout.cells * Q);
  logProbTable(layout, x, quadrature.nodes, table);
  return marginal(table, quadrature.weights.map(Math.log), patterns);
}

/** Warnings for estimates so large that the item is nearly a step function or off the ability scale. */
function extremeWarnings(items: ItemParameters[]): IrtWarning[] {
  const out: IrtWarning[] = [];
  items.forEach((item, j) => {
    if (item.excluded || item.slope === null) return;
    const a = item.slope;
    const b = (item.intercepts as number[]).map((d) => -d / a);
    if (Math.abs(a) > 10 || b.some((v) => Math.abs(v) > 10))
      out.push({
        code: 'extreme-estimate',
        item: j,
        message: `${item.name}: slope ${a.toPrecision(4)}, difficulties ${b.map((v) => v.toPrecision(4)).join(', ')} — the data barely bound this item (near-perfect separation or almost no variation); its estimates and standard errors are unreliable.`,
      });
  });
  return out;
}
