// The coordinator half of a streamed or sharded mixed-model fit: the shards' scans merged, the
// starting values, EM (SQUAREM) and the Newton polish with every E-step's sums gathered from the
// shards in two rounds, and the model's state from the merged answers.
import { EMError, InvalidInputError, NumericalError, runEMAsync } from '@em/core';
import type { Factor } from './design.js';
import {
  type DesignShape,
  eStepResult,
  logLikelihoodAt,
  newtonSteps,
  psiOf,
  thetaOf,
  varianceSteps,
} from './estimate.js';
import { GroupSplitError } from './group-split-error.js';
import { cholesky, cholSolve, logDetFromCholesky, spdInverseFromCholesky } from './linalg.js';
import type { LinearMixedModelOptions, MixedModelState } from './model.js';
import { relativePrecisions, type VarianceParams } from './parameters.js';
import { checkDesignSums, type MixedWarning } from './prepare.js';
import { fitReport } from './report.js';
import type { MixedShardParams, MixedShardScan, MixedShardStatistics } from './shard.js';
import { sortLevels } from './table.js';

/**
 * Names and covariance structure of a streamed or sharded fit (what `fitMatrices` takes with the
 * data): the columns of X, the grouping factor and its terms.
 *
 * @example
 * ```ts
 * import type { MixedStreamNames } from '@em/mixed';
 * const names: MixedStreamNames = { fixedNames: ['(Intercept)', 'Days'], name: 'Subject', termNames: ['(Intercept)', 'Days'] };
 * ```
 */
export interface MixedStreamNames {
  /** Names of X's columns (default `x1`, `x2`, …). */
  fixedNames?: readonly string[];
  /** The grouping factor's name (default `g1`). */
  name?: string;
  /** Names of Z's columns (default `(Intercept)` for one column, `z1`, `z2`, … otherwise). */
  termNames?: readonly string[];
  /** `'unstructured'` (default) or `'diagonal'` covariance of a group's effects. */
  covariance?: 'unstructured' | 'diagonal';
  /**
   * The nested factor's name, when the chunks have `inner` (default `g2:` and the factor's name), or
   * one name per nested factor of `nested`, outermost first (default `g2:g1`, `g3:g2:g1`, …).
   */
  innerName?: string | readonly string[];
  /** Names of `innerZ`'s columns (defaults as `termNames`), or one list per nested factor. */
  innerTermNames?: readonly string[] | readonly (readonly string[])[];
  /** Covariance of a nested level's effects (default `'unstructured'`), or one per nested factor. */
  innerCovariance?: 'unstructured' | 'diagonal' | readonly ('unstructured' | 'diagonal')[];
}

/**
 * Where {@link LinearMixedModel.fitFromStatistics} gets its data: every shard's scan, in shard order,
 * and every shard's statistics under given parameters (in the same order), computed anywhere.
 *
 * @example
 * ```ts
 * import type { MixedStatisticsSource } from '@em/mixed';
 * const source: MixedStatisticsSource = { scans: [], statistics: async () => [], name: 'batch' };
 * ```
 */
export interface MixedStatisticsSource extends MixedStreamNames {
  /** {@link LinearMixedModel.scanShard} of every shard, in shard order. */
  scans: readonly MixedShardScan[];
  /** {@link LinearMixedModel.shardStatistics} of every shard under `params`, in shard order. */
  statistics: (
    params: MixedShardParams,
  ) => Promise<readonly MixedShardStatistics[]> | readonly MixedShardStatistics[];
}

/** The scans added up: sizes, sums, and each group's rows (a group in two shards is an error). */
function mergeScans(scans: readonly MixedShardScan[]) {
  if (!Array.isArray(scans) || scans.length === 0)
    throw new InvalidInputError('source.scans', 'a non-empty array of shard scans', scans);
  const first = scans[0]!;
  const p = (first as MixedShardScan | null)?.fixed as number;
  const q = (first as MixedShardScan | null)?.terms as number;
  // Sizes checked before anything is allocated from them (a scan holds p² numbers).
  if (!Number.isSafeInteger(p) || p < 1 || !Array.isArray(first.xtx) || first.xtx.length !== p * p)
    throw new InvalidInputError(
      'source.scans[0].fixed',
      'the columns of X (p, with p × p numbers in xtx)',
      p,
    );
  if (!Number.isSafeInteger(q) || q < 1 || !Array.isArray(first.zz) || first.zz.length !== q)
    throw new InvalidInputError('source.scans[0].terms', 'the columns of Z (q, with q numbers in zz)', q);
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const numbers = (v: unknown, length: number) => Array.isArray(v) && v.length === length && v.every(finite);
  let n = 0;
  let yty = 0;
  let ySum = 0;
  const shardOf = new Map<string, number>();
  const counts = new Map<string, number>();
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const zz = new Float64Array(q);
  const firstNested = (first as MixedShardScan).nested as unknown;
  if (
    firstNested !== undefined &&
    (!Array.isArray(firstNested) ||
      firstNested.length === 0 ||
      !firstNested.every((f) => typeof f === 'object' && f !== null))
  )
    throw new InvalidInputError(
      'source.scans[0].nested',
      'the nested factors [{ terms, levels, counts, zz }, …]',
      firstNested,
    );
  const nestedQ = ((firstNested as { terms: unknown }[] | undefined) ?? []).map((f, k) => {
    if (!Number.isSafeInteger(f.terms) || (f.terms as number) < 1)
      throw new InvalidInputError(
        `source.scans[0].nested[${k}].terms`,
        'the columns of its Z (≥ 1)',
        f.terms,
      );
    return f.terms as number;
  });
  const nestedCounts = nestedQ.map(() => new Map<string, number>());
  const nestedZz = nestedQ.map((qk) => new Float64Array(qk));
  scans.forEach((scan, j) => {
    const at = `source.scans[${j}]`;
    if (typeof scan !== 'object' || scan === null) throw new InvalidInputError(at, 'a shard scan', scan);
    if (!Number.isSafeInteger(scan.rows) || scan.rows < 1)
      throw new InvalidInputError(`${at}.rows`, 'a positive integer', scan.rows);
    if (scan.fixed !== p)
      throw new InvalidInputError(`${at}.fixed`, `${p} columns of X (as shard 0)`, scan.fixed);
    if (scan.terms !== q)
      throw new InvalidInputError(`${at}.terms`, `${q} columns of Z (as shard 0)`, scan.terms);
    if (!numbers(scan.xtx, p * p))
      throw new InvalidInputError(`${at}.xtx`, `${p * p} finite numbers`, scan.xtx);
    if (!numbers(scan.xty, p)) throw new InvalidInputError(`${at}.xty`, `${p} finite numbers`, scan.xty);
    if (!numbers(scan.zz, q)) throw new InvalidInputError(`${at}.zz`, `${q} finite numbers`, scan.zz);
    if (!finite(scan.yty) || !finite(scan.ySum))
      throw new InvalidInputError(`${at}.yty`, 'finite yty and ySum', scan.yty);
    if (
      !Array.isArray(scan.levels) ||
      !Array.isArray(scan.counts) ||
      scan.levels.length !== scan.counts.length ||
      !scan.levels.every((l: unknown) => typeof l === 'string') ||
      !scan.counts.every((c: unknown) => Number.isSafeInteger(c) && (c as number) > 0)
    )
      throw new InvalidInputError(`${at}.levels`, 'group labels with a positive row count each', scan.levels);
    scan.levels.forEach((label: string, i: number) => {
      const before = shardOf.get(label);
      if (before !== undefined) throw new GroupSplitError(label, { shard: j, firstShard: before });
      shardOf.set(label, j);
      counts.set(label, scan.counts[i]!);
    });
    const nested = scan.nested as MixedShardScan['nested'] | null | undefined;
    if ((nested === undefined) !== (nestedQ.length === 0) || (nested && nested.length !== nestedQ.length))
      throw new InvalidInputError(
        `${at}.nested`,
        nestedQ.length === 0
          ? 'no nested factor (as shard 0)'
          : `${nestedQ.length} nested factors (as shard 0)`,
        nested,
      );
    nestedQ.forEach((qk, k) => {
      const f = nested![k];
      const where = `${at}.nested[${k}]`;
      if (typeof f !== 'object' || f === null || f.terms !== qk)
        throw new InvalidInputError(`${where}.terms`, `${qk} columns of its Z (as shard 0)`, f?.terms);
      if (!numbers(f.zz, qk)) throw new InvalidInputError(`${where}.zz`, `${qk} finite numbers`, f.zz);
      if (
        !Array.isArray(f.levels) ||
        !Array.isArray(f.counts) ||
        f.levels.length !== f.counts.length ||
        !f.levels.every((l: unknown) => typeof l === 'string') ||
        !f.counts.every((c: unknown) => Number.isSafeInteger(c) && (c as number) > 0)
      )
        throw new InvalidInputError(
          `${where}.levels`,
          'nested level labels with a positive row count each',
          f.levels,
        );
      f.levels.forEach((label: string, i: number) => {
        // `inner:group` labels are unique unless labels themselves hold ':' ambiguously.
        if (nestedCounts[k]!.has(label))
          throw new InvalidInputError(`${where}.levels`, 'distinct nested levels', label);
        nestedCounts[k]!.set(label, f.counts[i]!);
      });
      for (let t = 0; t < qk; t++) nestedZz[k]![t]! += f.zz[t]!;
    });
    n += scan.rows;
    yty += scan.yty;
    ySum += scan.ySum;
    for (let t = 0; t < p * p; t++) xtx[t]! += scan.xtx[t]!;
    for (let t = 0; t < p; t++) xty[t]! += scan.xty[t]!;
    for (let t = 0; t < q; t++) zz[t]! += scan.zz[t]!;
  });
  return {
    n,
    p,
    q,
    yty,
    ySum,
    xtx,
    xty,
    zz,
    counts,
    shards: scans.length,
    nestedQ,
    nestedZz,
    nestedCounts,
  };
}

/** A shard's statistics checked: the phase asked for, finite numbers, arrays of the right lengths. */
function checkPart(
  part: MixedShardStatistics,
  phase: string,
  j: number,
  p: number,
  q: number,
  nestedQ: number[],
): void {
  const at = `statistics(params)[${j}]`;
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new InvalidInputError(`${at}${field}`, expected, got);
  };
  if (typeof part !== 'object' || part === null || part.phase !== phase)
    fail('', `statistics of phase '${phase}'`, part);
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const vector = (v: unknown, field: string, length: number) => {
    if (!Array.isArray(v) || v.length !== length || !v.every(finite))
      fail(`.${field}`, `${length} finite numbers`, v);
  };
  const scalar = (v: unknown, field: string) => {
    if (!finite(v)) fail(`.${field}`, 'a finite number', v);
  };
  if (part.phase === 'ols') scalar(part.rss, 'rss');
  else if (part.phase === 'fixed') {
    if (typeof part.singular !== 'boolean') fail('.singular', 'true or false', part.singular);
    scalar(part.logDetM, 'logDetM');
    vector(part.s, 's', p * p);
    vector(part.rhs, 'rhs', p);
  } else if (part.phase === 'effects') {
    for (const key of ['r2', 'penalty', 'trace'] as const) scalar(part[key], key);
    vector(part.acc, 'acc', q * q);
    if (nestedQ.length > 0) {
      if (!Array.isArray(part.nestedAcc) || part.nestedAcc.length !== nestedQ.length)
        fail('.nestedAcc', `${nestedQ.length} arrays (one per nested factor)`, part.nestedAcc);
      nestedQ.forEach((qk, k) => {
        vector(part.nestedAcc![k], `nestedAcc[${k}]`, qk * qk);
      });
    }
  } else {
    const L = Array.isArray(part.levels) ? part.levels.length : -1;
    if (L < 0 || !part.levels.every((l: unknown) => typeof l === 'string'))
      fail('.levels', 'an array of group labels', part.levels);
    vector(part.b, 'b', L * q);
    vector(part.condVar, 'condVar', L * q * q);
    if (nestedQ.length > 0 && (!Array.isArray(part.nested) || part.nested.length !== nestedQ.length))
      fail('.nested', `${nestedQ.length} nested factors' modes`, part.nested);
    nestedQ.forEach((qk, k) => {
      const f = part.nested![k];
      const L2 = Array.isArray(f?.levels) ? f.levels.length : -1;
      if (L2 < 0 || !f!.levels.every((l: unknown) => typeof l === 'string'))
        fail(`.nested[${k}].levels`, 'an array of nested level labels', f?.levels);
      vector(f!.b, `nested[${k}].b`, L2 * qk);
      vector(f!.condVar, `nested[${k}].condVar`, L2 * qk * qk);
    });
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

/** The nested factors' names, term names and covariances (one per depth, outermost first), checked. */
function nestedOptions(source: MixedStreamNames, depths: number, name: string) {
  const { innerName, innerTermNames, innerCovariance } = source;
  // One nested factor may take each option as a single value; more take one per factor.
  const single = depths === 1;
  const perDepth = <T>(
    given: unknown,
    isOne: (v: unknown) => boolean,
    argument: string,
  ): (T | undefined)[] => {
    if (given === undefined) return new Array(depths).fill(undefined);
    if (single && isOne(given)) return [given as T];
    if (!Array.isArray(given) || given.length !== depths)
      throw new InvalidInputError(argument, `one entry per nested factor (${depths})`, given);
    return given as T[];
  };
  const isNames = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const namesOf = perDepth<string>(innerName, (v) => typeof v === 'string', 'innerName');
  const termsOf = perDepth<readonly string[]>(
    innerTermNames,
    (v) => isNames(v) && !(Array.isArray(v) && v.length > 0 && Array.isArray(v[0])),
    'innerTermNames',
  );
  const covOf = perDepth<'unstructured' | 'diagonal'>(
    innerCovariance,
    (v) => typeof v === 'string',
    'innerCovariance',
  );
  let parent = name;
  return namesOf.map((given, k) => {
    const argument = single ? '' : `[${k}]`;
    parent = given ?? `g${k + 2}:${parent}`;
    if (typeof parent !== 'string' || parent === '')
      throw new InvalidInputError(`innerName${argument}`, 'a non-empty string', parent);
    const covariance = covOf[k] ?? 'unstructured';
    if (covariance !== 'unstructured' && covariance !== 'diagonal')
      throw new InvalidInputError(`innerCovariance${argument}`, "'unstructured' or 'diagonal'", covariance);
    return { name: parent, termNames: termsOf[k], termsArgument: `innerTermNames${argument}`, covariance };
  });
}

/** The sums of one evaluation at Ψ, merged from the shards' two rounds. */
interface MergedEvaluation {
  r2: number;
  penalty: number;
  logDetG: number;
  logDetM: number;
  logDetS: number;
  beta: Float64Array;
  /** Cholesky factor of S = XᵀV̄⁻¹X. */
  sChol: Float64Array;
  em: { factors: Float64Array[]; trace: number };
}

/**
 * Fits one grouping factor's mixed model (alone or with factors nested in it to any depth) from shard statistics, as `fitMatrices` fits it in memory:
 * the same starting values, EM or SQUAREM iterations, Newton polish and outputs, each E-step's
 * group sums added up over the shards. Fitted values and residuals (one per row) are not kept.
 */
export async function fitFromShards(
  options: Readonly<LinearMixedModelOptions>,
  source: MixedStatisticsSource,
): Promise<MixedModelState> {
  if (typeof source !== 'object' || source === null || typeof source.statistics !== 'function')
    throw new InvalidInputError('source', 'an object { scans, statistics(params) }', source);
  const merged = mergeScans(source.scans);
  const { n, p, q, yty, xtx, xty, zz, nestedQ } = merged;
  const depths = nestedQ.length;
  const levels = sortLevels(merged.counts.keys());
  const fixedNames = names(source.fixedNames, p, 'fixedNames', (j) => `x${j + 1}`);
  const terms = names(source.termNames, q, 'termNames', (j) => (q === 1 ? '(Intercept)' : `z${j + 1}`));
  const name = source.name ?? 'g1';
  if (typeof name !== 'string' || name === '')
    throw new InvalidInputError('name', 'a non-empty string', name);
  const covariance = source.covariance ?? 'unstructured';
  if (covariance !== 'unstructured' && covariance !== 'diagonal')
    throw new InvalidInputError('covariance', "'unstructured' or 'diagonal'", covariance);
  const factor: Factor = {
    name,
    terms,
    q,
    levels,
    index: new Int32Array(0),
    z: new Float64Array(0),
    covariance,
  };
  const nestedFactors = nestedOptions(source, depths, name).map(
    (o, k): Factor => ({
      name: o.name,
      terms: names(o.termNames, nestedQ[k]!, o.termsArgument, (j) =>
        nestedQ[k] === 1 ? '(Intercept)' : `z${j + 1}`,
      ),
      q: nestedQ[k]!,
      levels: sortLevels(merged.nestedCounts[k]!.keys()),
      index: new Int32Array(0),
      z: new Float64Array(0),
      covariance: o.covariance,
    }),
  );
  // lme4's order, the factor with more levels first: the deepest nested one, …, then the groups.
  const chain = [factor, ...nestedFactors];
  const d: DesignShape = { n, p, factors: [...chain].reverse() };
  /** Where chain factor k (0: the groups) is in d.factors. */
  const slot = (k: number) => depths - k;
  const warnings: MixedWarning[] = [];
  const countsOf = (f: Factor, counts: Map<string, number>) => ({
    name: f.name,
    q: f.q,
    levels: f.levels,
    counts: f.levels.map((l) => counts.get(l)!),
    relationship: false,
  });
  const chainCounts = [merged.counts, ...merged.nestedCounts];
  checkDesignSums(
    {
      n,
      p,
      xtx,
      fixedNames,
      factors: chain.map((f, k) => countsOf(f, chainCounts[k]!)).reverse(),
    },
    warnings,
  );
  const reml = options.reml ?? true;
  const m = d.factors.reduce((sum, f) => sum + f.q * f.levels.length, 0);

  const ask = async <P extends MixedShardParams['phase']>(params: MixedShardParams & { phase: P }) => {
    const parts = await source.statistics(params);
    if (!Array.isArray(parts) || parts.length !== merged.shards)
      throw new InvalidInputError(
        'statistics(params)',
        `${merged.shards} shard statistics (one per scan)`,
        parts,
      );
    parts.forEach((part, j) => {
      checkPart(part, params.phase, j, p, q, nestedQ);
    });
    return parts as (MixedShardStatistics & { phase: P })[];
  };
  const model = 'LinearMixedModel' as const;

  // Starting values: those of startParams, from the merged sums and one pass for the residuals.
  const xtxc = Float64Array.from(xtx);
  const ols = Float64Array.from(xty);
  const full = p > 0 && cholesky(xtxc, p);
  if (full) cholSolve(xtxc, p, ols);
  const olsParts = await ask({
    model,
    phase: 'ols',
    beta: full ? Array.from(ols) : null,
    mean: merged.ySum / n,
  });
  let rss = 0;
  for (const part of olsParts) rss += part.rss;
  let s2 = rss / Math.max(1, n - p);
  if (!(s2 > 0)) s2 = 1;
  const share = s2 / (d.factors.length + 1);
  const startCov = (terms: number, sums: Float64Array) => {
    const out = new Float64Array(terms * terms);
    for (let a = 0; a < terms; a++) {
      const scale = sums[a]! / n > 0 ? sums[a]! / n : 1;
      out[a * terms + a] = share / scale;
    }
    return out;
  };
  const start: VarianceParams = {
    sigma2: share,
    cov: [startCov(q, zz), ...nestedQ.map((qk, k) => startCov(qk, merged.nestedZz[k]!))].reverse(),
  };
  // Ψ⁻¹ of the groups, and of the nested factors when there are some (outermost first), as the shards take them.
  const precisions = (psiInverse: Float64Array[]) => ({
    psiInverse: Array.from(psiInverse[slot(0)]!),
    ...(depths > 0 ? { nestedPsiInverse: nestedQ.map((_, k) => Array.from(psiInverse[slot(k + 1)]!)) } : {}),
  });

  const evaluateAt = async (
    rel: { psiInverse: Float64Array[]; logDetPsi: number[] },
    sigma2: number,
    withEm: boolean,
  ): Promise<MergedEvaluation | undefined> => {
    const fixed = await ask({ model, phase: 'fixed', ...precisions(rel.psiInverse) });
    const s = Float64Array.from(xtx);
    const rhs = Float64Array.from(xty);
    let logDetM = 0;
    for (const part of fixed) {
      if (part.singular) return undefined;
      logDetM += part.logDetM;
      for (let a = 0; a < p; a++) {
        rhs[a]! += part.rhs[a]!;
        for (let c = 0; c <= a; c++) s[a * p + c]! += part.s[a * p + c]!;
      }
    }
    for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) s[c * p + a] = s[a * p + c]!;
    if (p > 0 && !cholesky(s, p)) return undefined;
    const logDetS = logDetFromCholesky(s, p);
    const beta = Float64Array.from(rhs);
    if (p > 0) cholSolve(s, p, beta);
    const sInverse = withEm && reml ? Array.from(spdInverseFromCholesky(s, p)) : null;
    const effects = await ask({
      model,
      phase: 'effects',
      ...precisions(rel.psiInverse),
      beta: Array.from(beta),
      sigma2,
      sInverse,
    });
    let r2 = yty;
    for (let a = 0; a < p; a++) r2 -= beta[a]! * xty[a]!;
    let penalty = 0;
    let trace = 0;
    const accs = chain.map((f) => new Float64Array(f.q * f.q));
    for (const part of effects) {
      r2 += part.r2;
      penalty += part.penalty;
      trace += part.trace;
      const from = [part.acc, ...(part.nestedAcc ?? [])];
      accs.forEach((acc, k) => {
        for (let t = 0; t < acc.length; t++) acc[t]! += from[k]![t]!;
      });
    }
    // Summed in the order of d.factors, as the in-memory engine sums it.
    let logDetG = 0;
    d.factors.forEach((f, k) => {
      logDetG += f.levels.length * rel.logDetPsi[k]!;
    });
    return {
      r2,
      penalty,
      logDetG,
      logDetM,
      logDetS,
      beta,
      sChol: s,
      em: { factors: [...accs].reverse(), trace },
    };
  };

  const em = await runEMAsync(
    {
      async eStep(params) {
        const rel = relativePrecisions(params, d.factors);
        const ev = rel && (await evaluateAt(rel, params.sigma2, true));
        if (!ev)
          throw new NumericalError(
            'The mixed-model equations are singular in an E-step.',
            'Check for fixed effects confounded with the random effects, or rescale the covariates.',
          );
        return eStepResult(ev, ev.em, m, d, params.sigma2, reml);
      },
      ...varianceSteps(d),
    },
    start,
    {
      maxIter: options.maxIter ?? 10_000,
      tol: options.tol ?? 1e-9,
      acceleration: options.acceleration ?? 'squarem',
    },
  );

  const profiledAt = async (theta: Float64Array) => {
    const psi = psiOf(theta, d);
    const rel = relativePrecisions({ sigma2: 1, cov: psi }, d.factors);
    const ev = rel && (await evaluateAt(rel, 1, false));
    if (!ev || !(ev.r2 > 0)) return undefined;
    const sigma2 = ev.r2 / (reml ? n - p : n);
    return { ev, rel: rel!, sigma2, psi, logLik: logLikelihoodAt(ev, sigma2, d, reml) };
  };

  let params = em.params;
  let ev: MergedEvaluation;
  let rel: { psiInverse: Float64Array[]; logDetPsi: number[] };
  let logLik: number;
  let polishIterations = 0;
  let polishConverged = false;
  const polish = options.polish ?? true;
  if (polish) {
    const steps = newtonSteps(d, thetaOf(params, d));
    let step = steps.next();
    while (!step.done) step = steps.next((await profiledAt(step.value))?.logLik ?? Number.NEGATIVE_INFINITY);
    const at = await profiledAt(step.value.theta);
    polishIterations = step.value.iterations;
    polishConverged = step.value.converged;
    if (!at)
      throw new EMError('NUMERICAL', 'The Newton polish left the parameter space; fit with polish: false.');
    params = { sigma2: at.sigma2, cov: at.psi.map((c) => c.map((v) => v * at.sigma2)) };
    ({ ev, rel, logLik } = at);
  } else {
    const r = relativePrecisions(params, d.factors);
    const e = r && (await evaluateAt(r, params.sigma2, false));
    if (!e)
      throw new NumericalError(
        'The mixed-model equations are singular at the final estimate.',
        'Check for fixed effects confounded with the random effects, or rescale the covariates.',
      );
    ev = e;
    rel = r!;
    logLik = logLikelihoodAt(ev, params.sigma2, d, reml);
  }
  const optimizer = fitReport(em, polish, polishIterations, polishConverged, d.factors, params, warnings);

  // Each level's conditional modes and covariances, placed in the sorted order of the levels.
  const parts = await ask({
    model,
    phase: 'blups',
    ...precisions(rel.psiInverse),
    beta: Array.from(ev.beta),
  });
  const place = (
    sorted: string[],
    terms: number,
    from: (part: (typeof parts)[number]) => { levels: string[]; b: number[]; condVar: number[] },
    field: string,
  ) => {
    const position = new Map(sorted.map((l, i) => [l, i]));
    const blups: number[][] = new Array(sorted.length);
    const condSd: number[][] = new Array(sorted.length);
    for (const [j, part] of parts.entries()) {
      const got = from(part);
      got.levels.forEach((label, g) => {
        const l = position.get(label);
        if (l === undefined)
          throw new InvalidInputError(
            `statistics(params)[${j}].${field}levels`,
            'the levels of the scans',
            label,
          );
        blups[l] = got.b.slice(g * terms, (g + 1) * terms);
        condSd[l] = Array.from({ length: terms }, (_, a) => {
          const v = got.condVar[g * terms * terms + a * terms + a]!;
          if (!(v >= 0))
            throw new InvalidInputError(`statistics(params)[${j}].${field}condVar`, 'variances >= 0', v);
          return Math.sqrt(params.sigma2 * v);
        });
      });
    }
    const missing = sorted.find((_, l) => blups[l] === undefined);
    if (missing !== undefined)
      throw new InvalidInputError(
        'statistics(params)',
        `conditional modes of every level (none for ${missing})`,
        missing,
      );
    return { blups, condSd };
  };
  const placed = [
    place(levels, q, (part) => part, ''),
    ...nestedFactors.map((f, k) => place(f.levels, f.q, (part) => part.nested![k]!, `nested[${k}].`)),
  ].reverse();
  const meta = (f: Factor) => ({
    name: f.name,
    terms: f.terms,
    levels: f.levels,
    covariance: f.covariance,
    relationship: false,
    groupColumns: null,
    termRecipes: null,
  });
  const sInv = spdInverseFromCholesky(ev.sChol, p);
  return {
    formula: null,
    fixedRecipes: null,
    fixedLevels: {},
    factors: d.factors.map(meta),
    reml,
    n,
    fixedNames,
    beta: Array.from(ev.beta),
    vcov: Array.from({ length: p }, (_, a) =>
      Array.from({ length: p }, (_, c) => params.sigma2 * sInv[a * p + c]!),
    ),
    sigma2: params.sigma2,
    cov: params.cov.map((c, k) => {
      const t = d.factors[k]!.q;
      return Array.from({ length: t }, (_, a) => Array.from(c.subarray(a * t, (a + 1) * t)));
    }),
    blups: placed.map((f) => f.blups),
    condSd: placed.map((f) => f.condSd),
    logLik,
    fitted: [],
    residuals: [],
    optimizer,
    warnings,
    heritability: null,
  };
}
