import { BayesianGaussianMixture, type CovarianceType, type InitParams } from '@em/gaussian';
import { choiceOption, integerOption, numberOption, stringOption } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { componentNumber, fixed, fixedColumn, plural, renderTable } from '../format.js';
import { batches, labelHeader } from '../io/labels.js';
import { OutputFiles, writeStdout } from '../io/output.js';
import { readTable, type Table } from '../io/read-table.js';
import { tableOptions } from './table-options.js';

/** Defaults of `em fit --bayesian`: scikit-learn's, except 10 components and a fixed seed. */
export const BAYESIAN_DEFAULTS = {
  components: 10,
  covariance: 'full' as CovarianceType,
  prior: 'dirichlet_process' as const,
  init: 'kmeans' as InitParams,
  nInit: 1,
  maxIter: 1000,
  tol: 1e-3,
  regCovar: 1e-6,
  seed: 0,
};

const COVARIANCE_TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const INIT_PARAMS: InitParams[] = ['kmeans', 'k-means++', 'random', 'random_from_data'];
/** Weights above this count as used components. */
const EFFECTIVE = 0.01;

/**
 * `em fit --bayesian`: one variational Bayesian mixture with `--components` (an upper bound,
 * default 10) instead of a BIC grid; reports the components whose weight is above 1 %.
 */
export async function fitBayesianCommand(
  values: Record<string, string | boolean | undefined>,
  input: string,
): Promise<number> {
  for (const option of ['criterion', 'plot', 'selection-plot', 'missing'] as const) {
    if (values[option] !== undefined) throw new UsageError(`--${option} cannot be used with --bayesian`);
  }
  const raw = values.components;
  if (typeof raw === 'string' && !/^\s*\d+\s*$/.test(raw)) {
    throw new UsageError(
      `--components with --bayesian takes one number, the most components to allow (received '${raw}')`,
    );
  }
  const nComponents = integerOption('components', raw, BAYESIAN_DEFAULTS.components, 1);
  const covarianceType = choiceOption(
    'covariance',
    values.covariance,
    BAYESIAN_DEFAULTS.covariance,
    COVARIANCE_TYPES,
  );
  const weightConcentrationPriorType = choiceOption('prior', values.prior, BAYESIAN_DEFAULTS.prior, [
    'dirichlet_process',
    'dirichlet_distribution',
  ] as const);
  const options = {
    nComponents,
    covarianceType,
    weightConcentrationPriorType,
    initParams: choiceOption('init', values.init, BAYESIAN_DEFAULTS.init, INIT_PARAMS),
    nInit: integerOption('n-init', values['n-init'], BAYESIAN_DEFAULTS.nInit, 1),
    maxIter: integerOption('max-iter', values['max-iter'], BAYESIAN_DEFAULTS.maxIter, 1),
    tol: numberOption('tol', values.tol, BAYESIAN_DEFAULTS.tol, 0),
    regCovar: numberOption('reg-covar', values['reg-covar'], BAYESIAN_DEFAULTS.regCovar, 0),
    randomState: integerOption('seed', values.seed, BAYESIAN_DEFAULTS.seed, 0),
  };
  const format = choiceOption('format', values.format, 'text', ['text', 'json'] as const);
  const paths = { json: stringOption(values.json), labels: stringOption(values.labels) };
  const outputs = new OutputFiles();
  for (const [option, path] of Object.entries(paths))
    if (path !== undefined) await outputs.plan(option, path, [input]);

  const table = await readTable(input, tableOptions(values));
  if (table.rows < nComponents) {
    throw new UsageError(
      `${table.source} has ${plural(table.rows, 'row')}, fewer than the ${nComponents} components asked for (--components ${nComponents})`,
    );
  }
  const model = new BayesianGaussianMixture(options).fit(table);
  await outputs.writeAllOrNothing(async () => {
    if (paths.json) await outputs.write(paths.json, `${JSON.stringify(model, null, 2)}\n`);
    if (paths.labels) await outputs.write(paths.labels, bayesianLabelLines(model, table));
  });
  if (!model.converged) {
    process.stderr.write(
      `em fit: warning: the model did not converge within --max-iter ${options.maxIter}; try a larger --max-iter or --tol\n`,
    );
  }
  const used = model.weights
    .map((weight, component) => ({ component, weight }))
    .filter((c) => c.weight > EFFECTIVE);
  const written = Object.entries(paths).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (format === 'json') {
    const summary = {
      data: { source: table.source, rows: table.rows, columns: table.names },
      options,
      model: {
        nComponents,
        effectiveComponents: used.length,
        covarianceType,
        weightConcentrationPriorType,
        converged: model.converged,
        nIter: model.nIter,
        lowerBound: model.lowerBound,
        weights: model.weights,
        means: model.means,
        covariances: model.covariances,
      },
      outputs: Object.fromEntries(written),
    };
    await writeStdout(`${JSON.stringify(summary, null, 2)}\n`);
    return EXIT.ok;
  }
  const prior =
    weightConcentrationPriorType === 'dirichlet_process' ? 'Dirichlet process' : 'Dirichlet distribution';
  const lines = [
    `Data: ${table.source}, ${plural(table.rows, 'row')} × ${plural(table.cols, 'column')} (${table.names.join(', ')})`,
    '',
    `Model: Bayesian Gaussian mixture (${prior} prior), ${covarianceType} covariance`,
    `  components used: ${used.length} of ${nComponents} (weight above ${EFFECTIVE * 100} %)`,
    `  converged: ${model.converged ? `yes, after ${plural(model.nIter, 'iteration')}` : `no: stopped at --max-iter ${options.maxIter}`} (init ${options.initParams}, ${plural(options.nInit, 'run')}, seed ${options.randomState})`,
    `  lower bound: ${fixed(model.lowerBound)}`,
    '',
    describeUsed(model, used, table.names),
  ];
  if (written.length > 0)
    lines.push('', `Wrote ${written.map(([option, path]) => `${path} (--${option})`).join(', ')}`);
  await writeStdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** The used components' weights and means, as a table. */
function describeUsed(
  model: BayesianGaussianMixture,
  used: { component: number; weight: number }[],
  names: string[],
): string {
  const means = names.map((_, j) => fixedColumn(used.map(({ component }) => model.means[component]![j]!)));
  const rows = [
    ['component', 'weight', ...names.map((name) => `mean ${name}`)],
    ...used.map(({ component, weight }, i) => [
      String(componentNumber(component)),
      weight.toFixed(4),
      ...means.map((column) => column[i]!),
    ]),
  ];
  return renderTable(
    rows,
    '  ',
    rows[0]!.map(() => ({ align: 'right' })),
  );
}

/** `label,p1,p2,…` per row, batch by batch (as `em fit --labels`). */
function* bayesianLabelLines(model: BayesianGaussianMixture, table: Table): Generator<string> {
  const k = model.nComponents;
  yield labelHeader(k);
  for (const batch of batches(table)) {
    const labels = model.predict(batch);
    const proba = model.predictProba(batch);
    let text = '';
    for (let i = 0; i < batch.rows; i++) text += `${componentNumber(labels[i]!)},${proba[i]!.join(',')}\n`;
    yield text;
  }
}
