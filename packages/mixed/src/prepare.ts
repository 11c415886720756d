import { InvalidInputError } from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import type { Design, Factor, PreparedRelationship } from './design.js';
import { cholesky, invertLowerTransposed, logDetFromCholesky } from './linalg.js';
import { levelLabel, sortLevels } from './table.js';

/**
 * Something a fit wants the user to know that is not an error: lme4's messages, as codes.
 *
 * @example
 * ```ts
 * import type { MixedWarning } from '@em/mixed';
 * const w: MixedWarning = { code: 'singular', message: 'boundary (singular) fit: see isSingular()' };
 * ```
 */
export interface MixedWarning {
  /**
   * `'singular'`: a variance estimate is on the boundary (lme4's "boundary (singular) fit");
   * `'single-observation-groups'`: some levels have one observation; `'not-converged'`: EM or the
   * polish stopped before converging.
   */
  code: 'singular' | 'single-observation-groups' | 'not-converged';
  /** A sentence for people. */
  message: string;
}

/**
 * A known covariance among the levels of a random effect, such as the additive relationship matrix
 * A of an animal model (b ~ N(0, σ²ₐA)). `levels` names its rows and columns; it may contain levels
 * without observations (ancestors in a pedigree).
 *
 * @example
 * ```ts
 * import type { Relationship } from '@em/mixed';
 * const A: Relationship = { levels: ['a', 'b'], matrix: [[1, 0.5], [0.5, 1]] };
 * ```
 */
export interface Relationship {
  /** The level of each row and column of `matrix`. */
  levels: ArrayLike<string | number>;
  /** The symmetric positive definite matrix, L × L. */
  matrix: DataInput;
}

/** What a grouping factor is made of before it is checked. */
export interface FactorInput {
  name: string;
  terms: string[];
  labels: ArrayLike<string | number | boolean>;
  z: Float64Array;
  covariance: 'unstructured' | 'diagonal';
  relationship?: Relationship;
  /** Argument name for errors. */
  argument: string;
}

function prepareRelationship(
  rel: Relationship,
  argument: string,
): { levels: string[]; prepared: PreparedRelationship } {
  if (typeof rel !== 'object' || rel === null)
    throw new InvalidInputError(argument, 'an object { levels, matrix }', rel);
  const { levels } = rel;
  if (!Array.isArray(levels) && !ArrayBuffer.isView(levels))
    throw new InvalidInputError(`${argument}.levels`, 'an array of level labels', levels);
  const labels = Array.from(levels as ArrayLike<unknown>, (v, i) => {
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))))
      throw new InvalidInputError(`${argument}.levels`, 'a level label (string or finite number)', v, {
        row: i,
      });
    return levelLabel(v);
  });
  if (new Set(labels).size !== labels.length)
    throw new InvalidInputError(`${argument}.levels`, 'distinct labels', 'a repeated label');
  const m = toFlatMatrix(rel.matrix, `${argument}.matrix`);
  const L = labels.length;
  if (m.rows !== L || m.cols !== L)
    throw new InvalidInputError(
      `${argument}.matrix`,
      `a ${L} × ${L} matrix (one row per level)`,
      `${m.rows} × ${m.cols}`,
    );
  for (let i = 0; i < L; i++)
    for (let j = 0; j < i; j++) {
      const a = m.data[i * L + j]!;
      const b = m.data[j * L + i]!;
      if (Math.abs(a - b) > 1e-10 * Math.max(1, Math.abs(a), Math.abs(b)))
        throw new InvalidInputError(`${argument}.matrix`, 'a symmetric matrix', a, { row: i, column: j });
    }
  const l = Float64Array.from(m.data);
  if (!cholesky(l, L))
    throw new InvalidInputError(
      `${argument}.matrix`,
      'a positive definite matrix',
      'a matrix that is not positive definite',
    );
  const t = invertLowerTransposed(l, L);
  const inverse = new Float64Array(L * L);
  for (let i = 0; i < L; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < L; k++) s += t[i * L + k]! * t[j * L + k]!;
      inverse[i * L + j] = s;
      inverse[j * L + i] = s;
    }
  return {
    levels: labels,
    prepared: { matrix: Float64Array.from(m.data), inverse, logDet: logDetFromCholesky(l, L) },
  };
}

/** A grouping factor from its labels and Z, with its levels indexed (sorted, or A's order). */
export function makeFactor(input: FactorInput, n: number): Factor {
  const { name, terms, labels, z, covariance, argument } = input;
  const q = terms.length;
  if (labels.length !== n)
    throw new InvalidInputError(
      `${argument}.groups`,
      `${n} group labels (one per observation)`,
      `${labels.length}`,
    );
  const strings = Array.from(labels, (v, i) => {
    if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))))
      throw new InvalidInputError(`${argument}.groups`, 'a level (string, finite number or boolean)', v, {
        row: i,
      });
    return levelLabel(v);
  });
  let levels: string[];
  let relationship: PreparedRelationship | undefined;
  if (input.relationship !== undefined) {
    if (q !== 1)
      throw new InvalidInputError(
        `${argument}.relationship`,
        'a random intercept only (a relationship matrix applies to one effect per level)',
        `${q} terms (${terms.join(', ')})`,
      );
    const r = prepareRelationship(input.relationship, `${argument}.relationship`);
    levels = r.levels;
    relationship = r.prepared;
  } else levels = sortLevels(strings);
  const position = new Map(levels.map((l, i) => [l, i]));
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = position.get(strings[i]!);
    if (at === undefined)
      throw new InvalidInputError(
        `${argument}.groups`,
        `a level of the relationship matrix of ${name}`,
        strings[i],
        {
          row: i,
        },
      );
    index[i] = at;
  }
  const factor: Factor = { name, terms, q, levels, index, z, covariance };
  if (relationship) factor.relationship = relationship;
  return factor;
}

/**
 * The checks lme4 makes before fitting: fixed effects of full column rank (naming the columns that are
 * combinations of earlier ones), fewer levels than observations, more observations than random
 * effects; and its warning about single-observation levels.
 */
export function checkDesign(d: Design, warnings: MixedWarning[]): void {
  const { n, p, x } = d;
  if (n < 2) throw new InvalidInputError('data', 'at least 2 observations', n);
  const xtx = new Float64Array(p * p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) for (let c = 0; c <= a; c++) xtx[a * p + c]! += x[i * p + a]! * x[i * p + c]!;
  checkDesignSums(
    {
      n,
      p,
      xtx,
      fixedNames: d.fixedNames,
      factors: d.factors.map((f) => {
        const counts = new Int32Array(f.levels.length);
        for (let i = 0; i < n; i++) counts[f.index[i]!]!++;
        return { name: f.name, q: f.q, levels: f.levels, counts, relationship: Boolean(f.relationship) };
      }),
    },
    warnings,
  );
}

/** What {@link checkDesignSums} reads: sizes, XᵀX (lower triangle) and each factor's level counts. */
export interface DesignSums {
  /** Observations. */
  n: number;
  /** Fixed effects. */
  p: number;
  /** XᵀX, its lower triangle filled (p × p row-major). */
  xtx: Float64Array;
  /** Names of X's columns. */
  fixedNames: string[];
  /** Per factor: name, terms q, level labels, observations per level, whether A is known. */
  factors: { name: string; q: number; levels: string[]; counts: ArrayLike<number>; relationship: boolean }[];
}

/** {@link checkDesign} from sums over the rows, as a streamed or sharded fit has them. */
export function checkDesignSums(d: DesignSums, warnings: MixedWarning[]): void {
  const { n, p, xtx, fixedNames } = d;
  if (n < 2) throw new InvalidInputError('data', 'at least 2 observations', n);
  const kept: number[] = [];
  const l = new Float64Array(p * p);
  const deficient: string[] = [];
  for (let j = 0; j < p; j++) {
    const row = new Float64Array(kept.length);
    let rest = xtx[j * p + j]!;
    for (let s = 0; s < kept.length; s++) {
      const a = kept[s]!;
      let v = a > j ? xtx[a * p + j]! : xtx[j * p + a]!;
      for (let t = 0; t < s; t++) v -= row[t]! * l[s * p + t]!;
      row[s] = v / l[s * p + s]!;
      rest -= row[s]! * row[s]!;
    }
    if (!(rest > 1e-10 * Math.max(xtx[j * p + j]!, Number.MIN_VALUE))) {
      deficient.push(fixedNames[j]!);
      continue;
    }
    const s = kept.length;
    for (let t = 0; t < s; t++) l[s * p + t] = row[t]!;
    l[s * p + s] = Math.sqrt(rest);
    kept.push(j);
  }
  if (deficient.length > 0) {
    const error = new InvalidInputError(
      'fixed effects',
      'a model matrix of full column rank',
      `rank deficient in ${deficient.join(', ')}`,
    );
    error.message =
      `The fixed-effect model matrix is rank deficient: column${deficient.length > 1 ? 's' : ''} ` +
      `${deficient.map((c) => JSON.stringify(c)).join(', ')} ${deficient.length > 1 ? 'are linear combinations' : 'is a linear combination'} ` +
      'of the columns before. Remove them from the formula (or X), or merge the confounded columns.';
    throw error;
  }
  if (n <= p) throw new InvalidInputError('data', `more observations than fixed effects (${p})`, n);
  const single: string[] = [];
  for (const f of d.factors) {
    const L = f.levels.length;
    const { counts } = f;
    if (!f.relationship) {
      if (L >= n)
        throw new InvalidInputError(
          `grouping factor ${f.name}`,
          `fewer levels than observations (${n})`,
          `${L} levels`,
        );
      if (f.q > 1 && n <= f.q * L)
        throw new InvalidInputError(
          `grouping factor ${f.name}`,
          `more observations than random effects (${f.q} × ${L} = ${f.q * L}); the variance parameters would be unidentifiable`,
          `${n} observations`,
        );
    }
    let ones = 0;
    const examples: string[] = [];
    for (let l = 0; l < L; l++)
      if (counts[l] === 1) {
        ones++;
        if (examples.length < 5) examples.push(f.levels[l]!);
      }
    // An animal model has one record per animal by design: no warning for relationship factors.
    if (ones > 0 && !f.relationship)
      single.push(
        `${ones} of ${L} levels of ${f.name} have a single observation (${examples.join(', ')}${ones > 5 ? ', …' : ''})`,
      );
  }
  if (single.length > 0)
    warnings.push({
      code: 'single-observation-groups',
      message: `${single.join('; ')}: their random effects are estimated from one value, and for random slopes not separately from the intercept.`,
    });
}
