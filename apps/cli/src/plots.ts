import type { GaussianMixture } from '@em/gaussian';
import { mixtureDensitySvg, modelSelectionSvg, scatterMatrixSvg, scatterSvg } from '@em/plot';
import type { FitOutcome } from './fit/protocol.js';
import { componentNumber } from './format.js';
import type { Table } from './io/read-table.js';

/** The fitted model in the plain shape `@em/plot` reads (it never imports the class). */
function plainModel(model: GaussianMixture) {
  return {
    weights: model.weights,
    means: model.means,
    covariances: model.covariances,
    // mclust's models are laid out as one of scikit-learn's four, which is what a plot reads.
    covarianceType: model.params.covarianceType,
  };
}

/**
 * The picture of a fit: histogram and fitted density for one column; scatter coloured by
 * component with covariance ellipses for two; a scatter matrix of every pair for more.
 */
export function modelPlot(model: GaussianMixture, table: Table, labels: Int32Array, title: string): string {
  const componentLabels = model.weights.map(
    (w, c) => `component ${componentNumber(c)} (weight ${w.toFixed(2)})`,
  );
  const base = { title, model: plainModel(model), labels, dimensionNames: table.names, componentLabels };
  if (table.cols === 1) {
    return mixtureDensitySvg(table.data, plainModel(model), {
      title,
      xLabel: table.names[0]!,
      bins: 'auto',
      componentLabels,
    });
  }
  const X = { data: table.data, rows: table.rows, cols: table.cols };
  return table.cols === 2 ? scatterSvg(X, base) : scatterMatrixSvg(X, base);
}

/** mclust's BIC plot: the criterion against K, a line per covariance type, the chosen model marked. */
export function selectionPlot(outcomes: FitOutcome[], criterion: 'bic' | 'aic', title: string): string {
  const rows = outcomes.map((o) => ({
    covarianceType: o.covarianceType,
    nComponents: o.nComponents,
    value: o[criterion],
    // Collapsed fits are not candidates (selectModel's rule): the chart marks them instead of a value.
    ...(o.collapsed ? { status: 'collapsed' as const } : {}),
    // Not fitted (Ctrl-C) is a gap; a failed fit (null value) is marked.
    ...(o.status === 'notFitted' ? { status: 'notFitted' as const } : {}),
  }));
  return modelSelectionSvg(rows, { criterion: criterion.toUpperCase(), title });
}
