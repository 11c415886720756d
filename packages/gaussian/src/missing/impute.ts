import { NumericalError } from '@em/core';
import { type FlatMatrix, normalizeLogRows } from '@em/core/numeric';
import type { Random } from '@em/sampling';
import { choleskyLower } from '../linalg.js';
import { requireFiniteForRow } from '../numeric-range.js';
import type { MixtureParams } from '../types.js';
import { forEachPatternBlock, PATTERN_BLOCK_ROWS, type PatternConditional } from './conditional.js';
import type { MissingLayout } from './patterns.js';

/**
 * A copy of `data` whose missing values are their conditional expectations given the observed
 * values of their row, mixed over components by the row's responsibilities:
 * `E[x_m | x_o] = Σ_c p(c | x_o) (μ_cm + Σ_cmo Σ_coo⁻¹ (x_o − μ_co))`.
 */
export function conditionalMeans(
  layout: MissingLayout,
  params: MixtureParams,
  data: FlatMatrix,
): Float64Array {
  const { nComponents: k, nFeatures: d, means } = params;
  const out = Float64Array.from(data.data.subarray(0, data.rows * data.cols));
  const norms = new Float64Array(PATTERN_BLOCK_ROWS);
  forEachPatternBlock(layout, params, true, ({ pattern, start, count, logJoint, deviations }) => {
    normalizeLogRows({ data: logJoint, rows: count, cols: k }, { out: norms });
    const { missing } = pattern;
    for (let i = 0; i < count; i++) {
      const row = pattern.rows[start + i]!;
      requireFiniteForRow(norms[i]!, row, 'impute');
      for (const j of missing) {
        let value = 0;
        for (let c = 0; c < k; c++) {
          const r = logJoint[i * k + c]!;
          if (r !== 0) value += r * (means[c * d + j]! + deviations[(c * count + i) * d + j]!);
        }
        out[row * d + j] = requireFiniteForRow(value, row, 'impute');
      }
    }
  });
  return out;
}

/**
 * A copy of `data` whose missing values are drawn from their conditional distribution given the
 * observed values of their row: a component from the row's responsibilities, then the missing
 * coordinates from that component's conditional normal `N(μ_cm + Σ_cmo Σ_coo⁻¹ (x_o − μ_co), C_c)`.
 */
export function conditionalDraws(
  layout: MissingLayout,
  params: MixtureParams,
  data: FlatMatrix,
  rng: Random,
): Float64Array {
  const { nComponents: k, nFeatures: d, means } = params;
  const out = Float64Array.from(data.data.subarray(0, data.rows * data.cols));
  const norms = new Float64Array(PATTERN_BLOCK_ROWS);
  const factors = new Map<PatternConditional, Float64Array>();
  const noise = new Float64Array(d);
  const factorOf = (conditional: PatternConditional, q: number, c: number) => {
    let factor = factors.get(conditional);
    if (!factor) {
      factor = new Float64Array(q * q);
      if (!choleskyLower(conditional.condCov, 0, q, factor, 0)) {
        throw new NumericalError(
          `The conditional covariance of the missing features under component ${c} is not positive definite.`,
          'Increase regCovar.',
        );
      }
      factors.set(conditional, factor);
    }
    return factor;
  };
  forEachPatternBlock(
    layout,
    params,
    true,
    ({ pattern, conditionals, start, count, logJoint, deviations }) => {
      normalizeLogRows({ data: logJoint, rows: count, cols: k }, { out: norms });
      const { missing } = pattern;
      const q = missing.length;
      for (let i = 0; i < count; i++) {
        const row = pattern.rows[start + i]!;
        requireFiniteForRow(norms[i]!, row, 'imputeSamples');
        const u = rng.random();
        let c = 0;
        let cumulative = logJoint[i * k]!;
        while (c < k - 1 && u >= cumulative) cumulative += logJoint[i * k + ++c]!;
        const factor = factorOf(conditionals[c]!, q, c);
        for (let a = 0; a < q; a++) noise[a] = rng.normal();
        for (let a = 0; a < q; a++) {
          const j = missing[a]!;
          let value = means[c * d + j]! + deviations[(c * count + i) * d + j]!;
          for (let b = 0; b <= a; b++) value += factor[a * q + b]! * noise[b]!;
          out[row * d + j] = requireFiniteForRow(value, row, 'imputeSamples');
        }
      }
    },
  );
  return out;
}
