import { NumericalError } from '@em/core';
import type { GaussianMixture } from './gaussian-mixture.js';
import type { ModelScore } from './select.js';
import { singularRemedies } from './singular-advice.js';

/**
 * Thrown by {@link selectModel} when no cell of the grid can be the best model: every fit failed
 * (the message gives each distinct reason), every fitted model collapsed (pass
 * `includeCollapsed: true` to choose among them), or the grid was stopped (`signal`, `onModel`, `onIteration`) before any fit finished.
 * `table` keeps every cell as it would have been returned (and `models` the models, with
 * `keepModels`), so nothing is lost.
 * A `NumericalError` (from `@em/core`), so code that catches those keeps working.
 *
 * @example
 * ```ts
 * import { ModelSelectionError, selectModel } from '@em/gaussian';
 * try {
 *   selectModel([1, 2], { nComponents: [3] });
 * } catch (error) {
 *   if (error instanceof ModelSelectionError) console.log(error.reason, error.table[0]?.error);
 *   // 'failed' 'fewer samples (2) than components (3)'
 * }
 * ```
 */
export class ModelSelectionError extends NumericalError {
  /** Always `'ModelSelectionError'`. */
  override name = 'ModelSelectionError';
  /** Why there is no best model. */
  readonly reason: 'failed' | 'collapsed' | 'aborted';
  /** Every cell of the grid, as in {@link ModelSelection.table}. */
  readonly table: ModelScore[];
  /** With `keepModels`, the models aligned with `table` (interrupted and collapsed fits included). */
  readonly models: (GaussianMixture | undefined)[] | undefined;

  constructor(
    reason: 'failed' | 'collapsed' | 'aborted',
    table: ModelScore[],
    models?: (GaussianMixture | undefined)[],
  ) {
    const errors = [...new Set(table.flatMap((row) => (row.error === undefined ? [] : [row.error])))];
    const message = {
      failed:
        table.length === 1
          ? `The model could not be fitted: ${errors[0]}`
          : `Every model of the grid failed to fit: ${errors.join(' / ')}`,
      collapsed:
        'Every fitted model collapsed (a component whose variance is at the regCovar floor, NA in mclust).',
      aborted:
        'The selection was stopped (signal, onModel or onIteration) before any model finished fitting.',
    }[reason];
    const suggestion = {
      // A single cell's reason already says what to try.
      failed:
        table.length === 1
          ? undefined
          : singularRemedies(
              table.map((row) => row.covarianceType),
              ['try fewer components', 'check the data for duplicated points'],
            ),
      collapsed:
        'Try fewer components or a larger regCovar, or pass includeCollapsed: true to choose among them.',
      aborted: undefined,
    }[reason];
    super(message, suggestion);
    this.reason = reason;
    this.table = table;
    this.models = models;
  }
}
