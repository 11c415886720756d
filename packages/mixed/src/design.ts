/** The internal form every fit works on: y, X and the grouped random-effect blocks, validated. */

/** A known covariance among the levels of a random effect (a relationship matrix A), prepared. */
export interface PreparedRelationship {
  /** A, L × L row-major, in the order of the factor's levels. */
  matrix: Float64Array;
  /** A⁻¹. */
  inverse: Float64Array;
  /** log det A. */
  logDet: number;
}

/** One grouping factor: its levels, each row's level and the rows of its model matrix Z (n × q). */
export interface Factor {
  /** Name of the grouping factor as lme4 prints it (`Subject`, `cask:batch`). */
  name: string;
  /** Names of its random-effect terms (`(Intercept)`, `Days`). */
  terms: string[];
  /** Number of terms q. */
  q: number;
  /** The level labels, in the order of the random effects. */
  levels: string[];
  /** Each row's level (0-based). */
  index: Int32Array;
  /** Z for this factor, n × q row-major: row i's covariates for its own level. */
  z: Float64Array;
  /** Covariance among a level's q effects. */
  covariance: 'unstructured' | 'diagonal';
  /** A known relationship among levels (q = 1 only). */
  relationship?: PreparedRelationship;
}

/** Everything a fit needs. */
export interface Design {
  /** Number of observations. */
  n: number;
  /** Number of fixed effects. */
  p: number;
  /** Responses. */
  y: Float64Array;
  /** Fixed-effects model matrix, n × p row-major. */
  x: Float64Array;
  /** Fixed-effect names. */
  fixedNames: string[];
  /** Grouping factors. */
  factors: Factor[];
}
