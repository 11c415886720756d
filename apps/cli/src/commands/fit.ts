import { basename } from 'node:path';
import {
  type CovarianceModel,
  type CovarianceType,
  GaussianMixture,
  type InitParams,
  MCLUST_MODELS,
  PRIOR_MODELS,
} from '@em/gaussian';
import {
  COMMON_OPTIONS,
  choiceOption,
  componentsOption,
  integerOption,
  invalidValue,
  numberOption,
  type OptionSpec,
  parseCommandArgs,
  stringOption,
} from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { noiseGuessFor, noiseOption, withoutNoise } from '../fit/noise.js';
import type { FitOutcome, SharedFitOptions } from '../fit/protocol.js';
import { type FitRun, runFits } from '../fit/run-fits.js';
import { componentNumber, plural, sig } from '../format.js';
import { imputedTable, labelLines, predictAll } from '../io/labels.js';
import { OutputFiles, writeStdout } from '../io/output.js';
import { readTable, type Table } from '../io/read-table.js';
import { mclustName } from '../model-names.js';
import { modelPlot, selectionPlot } from '../plots.js';
import { didYouMean } from '../suggest.js';
import {
  clusterSizes,
  describeChosen,
  describeConvergence,
  describeParameters,
  describeSelection,
  describeTopModels,
} from '../summary.js';
import { fitBayesianCommand } from './fit-bayesian.js';
import { fitStreamCommand, streamRequest } from './fit-stream.js';
import { TABLE_OPTIONS, tableOptions } from './table-options.js';

export const FIT_OPTIONS = {
  ...COMMON_OPTIONS,
  ...TABLE_OPTIONS,
  components: { type: 'string', short: 'k' },
  covariance: { type: 'string', short: 'c' },
  criterion: { type: 'string' },
  init: { type: 'string' },
  'n-init': { type: 'string' },
  'max-iter': { type: 'string' },
  tol: { type: 'string' },
  'reg-covar': { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'string' },
  labels: { type: 'string' },
  plot: { type: 'string' },
  'selection-plot': { type: 'string' },
  format: { type: 'string' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  timing: { type: 'boolean' },
  bayesian: { type: 'boolean' },
  prior: { type: 'string' },
  missing: { type: 'string' },
  stream: { type: 'boolean' },
  'float64-columns': { type: 'string' },
  'parquet-reader': { type: 'string' },
  noise: { type: 'string' },
} as const satisfies OptionSpec;

export const COVARIANCE_TYPES: CovarianceModel[] = ['full', 'tied', 'diag', 'spherical'];
export const INIT_PARAMS: InitParams[] = ['kmeans', 'k-means++', 'random', 'random_from_data', 'hc'];

/** With any of mclust's models, the defaults are mclust's (hc start, one run, tol 1e-5, nothing added). */
const MCLUST_DEFAULTS = { init: 'hc' as InitParams, nInit: 1, maxIter: 10_000, tol: 1e-5, regCovar: 0 };

/** Defaults of `em fit` (scikit-learn's, except the grid of components and `nInit`; see the README). */
export const FIT_DEFAULTS = {
  components: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  covariance: ['full'] as CovarianceModel[],
  criterion: 'bic' as const,
  init: 'kmeans' as InitParams,
  nInit: 10,
  maxIter: 100,
  tol: 1e-3,
  regCovar: 1e-6,
  seed: 0,
};

function covarianceOption(raw: string | boolean | undefined): CovarianceModel[] {
  if (raw === undefined || typeof raw === 'boolean') return FIT_DEFAULTS.covariance;
  if (raw === 'all') return COVARIANCE_TYPES;
  if (raw === 'mclust') return [...MCLUST_MODELS];
  const types = raw.split(',').map((t) => t.trim());
  for (const type of types) {
    if (!([...COVARIANCE_TYPES, ...MCLUST_MODELS] as string[]).includes(type)) {
      throw invalidValue(
        'covariance',
        raw,
        `full, tied, diag, spherical, all, one of mclust's models (EII, VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE, EEV, VEV, EVV, VVV), mclust (all 14), or a comma-separated list of them`,
        didYouMean(type, [...COVARIANCE_TYPES, ...MCLUST_MODELS, 'all', 'mclust']),
      );
    }
  }
  return [...new Set(types)] as CovarianceModel[];
}

/** `--prior default` (mclust's conjugate prior, `priorControl()`); the Dirichlet priors need --bayesian. */
function priorOption(raw: string | boolean | undefined): 'default' | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'default') return 'default';
  throw invalidValue(
    'prior',
    String(raw),
    "default (mclust's conjugate prior, priorControl()); dirichlet_process and dirichlet_distribution need --bayesian",
  );
}

/**
 * The covariance types fitted with --prior default: mclust's models that have a prior (as mclust,
 * EVE, VEE, VVE and EVV are dropped from a list); scikit-learn's names are refused with mclust's.
 */
function priorTypes(types: CovarianceModel[]): CovarianceModel[] {
  const sklearn = types.filter((t) => (COVARIANCE_TYPES as string[]).includes(t));
  if (sklearn.length > 0)
    throw new UsageError(
      `--prior default fits mclust's models (${PRIOR_MODELS.join(', ')}): use --covariance mclust or their names instead of ${sklearn.join(', ')}`,
    );
  const kept = types.filter((t) => (PRIOR_MODELS as readonly string[]).includes(t));
  if (kept.length === 0)
    throw new UsageError(
      `--prior default: mclust has no conjugate prior for ${types.join(', ')} (it has for ${PRIOR_MODELS.join(', ')})`,
    );
  return kept;
}

export async function fitCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('fit', args, FIT_OPTIONS);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "expected a data file (or - for stdin); run 'em fit --help' for examples"
        : `expected one data file, received ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  const input = positionals[0]!;
  const noise = noiseOption(values.noise);
  if (noise !== undefined && (values.bayesian || values.stream || values.missing === 'em'))
    throw new UsageError(
      '--noise fits in memory, on complete rows: drop --bayesian, --stream or --missing em',
    );
  if (values.bayesian) return fitBayesianCommand(values, input);
  let ks = componentsOption(values.components, FIT_DEFAULTS.components);
  const prior = priorOption(values.prior);
  if (prior && noise !== undefined) throw new UsageError('--prior default and --noise cannot be combined');
  const types = prior
    ? priorTypes(covarianceOption(values.covariance ?? 'mclust'))
    : covarianceOption(values.covariance);
  const criterion = choiceOption('criterion', values.criterion, FIT_DEFAULTS.criterion, [
    'bic',
    'aic',
  ] as const);
  const format = choiceOption('format', values.format, 'text', ['text', 'json'] as const);
  const defaults = types.some((t) => (MCLUST_MODELS as string[]).includes(t))
    ? { ...FIT_DEFAULTS, ...MCLUST_DEFAULTS }
    : FIT_DEFAULTS;
  const options: SharedFitOptions = {
    initParams: choiceOption('init', values.init, defaults.init, INIT_PARAMS),
    nInit: integerOption('n-init', values['n-init'], defaults.nInit, 1),
    maxIter: integerOption('max-iter', values['max-iter'], defaults.maxIter, 1),
    tol: numberOption('tol', values.tol, defaults.tol, 0),
    regCovar: numberOption('reg-covar', values['reg-covar'], defaults.regCovar, 0),
    randomState: integerOption('seed', values.seed, FIT_DEFAULTS.seed, 0),
  };
  if (choiceOption('missing', values.missing, 'error', ['error', 'em'] as const) === 'em')
    options.missing = 'em';
  if (prior) options.prior = prior;
  if (options.randomState > 2 ** 32 - 1)
    throw invalidValue('seed', String(values.seed), 'an integer from 0 to 4294967295');
  if (values.progress && values['no-progress'])
    throw new UsageError('--progress and --no-progress contradict each other');
  // On a terminal the bar appears once a fit has run for a second; --progress forces it at once.
  const progress = values.progress
    ? 'always'
    : values['no-progress'] || !process.stderr.isTTY
      ? 'never'
      : 'auto';
  if (values.stream || values['float64-columns'] !== undefined || /\.parquet$/i.test(input)) {
    const mclust = types.filter((t) => (MCLUST_MODELS as string[]).includes(t));
    if (prior) throw new UsageError('--prior default fits in memory (drop --stream)');
    if (mclust.length > 0)
      throw new UsageError(
        `--stream fits full, tied, diag and spherical; mclust's models (${mclust.join(', ')}) are fitted in memory (drop --stream)`,
      );
    const grid = { nComponents: ks, covarianceTypes: types as CovarianceType[] };
    return fitStreamCommand(streamRequest(values, input, grid, options, format, progress));
  }
  const readOptions = tableOptions(values);
  const paths = {
    json: stringOption(values.json),
    labels: stringOption(values.labels),
    plot: stringOption(values.plot),
    'selection-plot': stringOption(values['selection-plot']),
  };
  const outputs = new OutputFiles();
  for (const [option, path] of Object.entries(paths))
    if (path !== undefined) await outputs.plan(option, path, [input]);

  const started = performance.now();
  const table = await readTable(input, readOptions);
  const loaded = performance.now();
  // mclust's noise component: the Gaussians start from the rows not guessed as noise.
  if (noise !== undefined) options.noise = noiseGuessFor(table, noise);
  const free = table.rows - (options.noise?.filter(Boolean).length ?? 0);
  // The default range shrinks to what small data allows; a range the user asked for does not.
  if (values.components === undefined) ks = ks.filter((k) => k <= free);
  const maxK = ks[ks.length - 1]!;
  if (table.rows < maxK) {
    throw new UsageError(
      `${table.source} has ${plural(table.rows, 'row')}, fewer than the ${maxK} components asked for (--components ${values.components ?? '1..9'})`,
    );
  }

  const run = await runFits(table, { nComponents: ks, covarianceTypes: types, criterion }, options, {
    progress,
  });
  const { outcomes, interrupted } = run;
  const fitted = performance.now();
  const chosen = choose(run, criterion);
  const model = GaussianMixture.fromJSON(chosen.model!);
  const labels = predictAll(model, table);
  const sizes = clusterSizes(labels, model.nComponents, model.noiseWeight !== undefined);

  await outputs.writeAllOrNothing(async () => {
    // The column names travel with the model, so em predict and em sample can write them.
    if (paths.json)
      await outputs.write(
        paths.json,
        `${JSON.stringify({ ...chosen.model, featureNames: table.names }, null, 2)}\n`,
      );
    if (paths.labels) await outputs.write(paths.labels, labelLines(model, table));
    if (paths.plot) {
      const title = `${basename(table.source)}: ${plural(chosen.nComponents, 'component')}, ${chosen.covarianceType} covariance`;
      // Rows with missing values are drawn where the model imputes them.
      const drawn = options.missing === 'em' ? imputedTable(model, table) : table;
      // The plot colours components; rows labelled noise are left out (the summary counts them).
      const shown = withoutNoise(drawn, labels);
      await outputs.write(paths.plot, modelPlot(model, shown.table, shown.labels, title));
    }
    if (paths['selection-plot']) {
      await outputs.write(
        paths['selection-plot'],
        selectionPlot(outcomes, criterion, `${basename(table.source)}: model selection`),
      );
    }
  });

  for (const warning of warnings(chosen, table, options, interrupted))
    process.stderr.write(`em fit: ${warning}\n`);
  if (values.timing) {
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    // maxRSS covers the whole process, the fitting worker included.
    const peak = process.resourceUsage().maxRSS / 1024;
    process.stderr.write(
      `em fit: timing: loaded ${plural(table.rows, 'row')} × ${plural(table.cols, 'column')} in ${seconds(loaded - started)}, fitted in ${seconds(fitted - loaded)}, peak memory ${peak.toFixed(0)} MB (resident set)\n`,
    );
  }
  const written = Object.entries(paths).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (format === 'json') {
    await writeStdout(
      `${JSON.stringify(jsonSummary(table, options, criterion, outcomes, chosen, model, sizes, written, interrupted), null, 2)}\n`,
    );
  } else {
    await writeStdout(`${textSummary(table, options, criterion, outcomes, chosen, model, sizes, written)}\n`);
  }
  return interrupted ? EXIT.interrupted : EXIT.ok;
}

/**
 * `selectModel`'s best model: the lowest criterion among fitted, non-collapsed models. When it has
 * none, the command still shows something rather than nothing: the best collapsed fit (marked so),
 * else the fit Ctrl-C interrupted (reported as partial). When every fit failed, that is the user's
 * to fix.
 */
function choose(run: FitRun, criterion: 'bic' | 'aic'): FitOutcome {
  if (run.best !== undefined) return run.outcomes[run.best]!;
  const { reason, message } = run.failure!;
  if (reason === 'collapsed') {
    // Every fitted model collapsed: the lowest criterion among them, ties to the earlier, as selectModel.
    return run.outcomes
      .filter((o) => o.status === 'fitted')
      .reduce((best, o) => (o[criterion]! < best[criterion]! ? o : best));
  }
  const partial = run.outcomes.find((o) => o.status === 'interrupted');
  if (partial) return partial;
  throw new UsageError(reason === 'aborted' ? 'interrupted before any model was fitted' : message);
}

function warnings(
  chosen: FitOutcome,
  table: Table,
  options: SharedFitOptions,
  interrupted: boolean,
): string[] {
  const out: string[] = [];
  if (chosen.status === 'interrupted') {
    out.push('interrupted: the result below is partial and did not converge');
  } else {
    if (interrupted) out.push('interrupted: the result below is the best of the models fitted before Ctrl-C');
    if (!chosen.converged) {
      out.push(
        `warning: the model did not converge within --max-iter ${options.maxIter}; try a larger --max-iter or --tol`,
      );
    }
  }
  if (chosen.collapse) {
    const where = table.cols > 1 ? 'on repeated values or on a line' : 'on repeated values';
    out.push(
      `warning: ${chosen.covarianceType === 'tied' ? 'the tied covariance' : `component ${componentNumber(chosen.collapse.component)}`} collapsed: its variance ${collapseDirection(chosen, table.names)} is ${chosen.collapse.variance.toExponential(2)}, at the --reg-covar floor (it sits ${where}); try fewer components or a larger --reg-covar`,
    );
  }
  return out;
}

/** Where the collapsed component is flat, in the data's terms: a column, or a direction across them. */
function collapseDirection(chosen: FitOutcome, names: string[]): string {
  const { direction, feature } = chosen.collapse!;
  if (names.length === 1) return `of ${names[0]}`;
  if (chosen.covarianceType === 'spherical') return 'in every direction';
  if (direction.every((x, j) => j === feature || x === 0)) return `of ${names[feature]}`;
  // An eigenvector's sign is arbitrary: show the one whose largest entry is positive.
  const sign = Math.sign(direction[feature]!);
  return `in direction (${direction.map((x, j) => `${names[j]} ${sig(sign * x, 3)}`).join(', ')})`;
}

function settings(options: SharedFitOptions): string {
  const short = (x: number) => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential() : String(x));
  return `init ${options.initParams}, ${plural(options.nInit, 'run')}, tol ${short(options.tol)}, reg-covar ${short(options.regCovar)}, seed ${options.randomState}${options.prior ? ", prior mclust's default" : ''}`;
}

function textSummary(
  table: Table,
  options: SharedFitOptions,
  criterion: 'bic' | 'aic',
  outcomes: FitOutcome[],
  chosen: FitOutcome,
  model: GaussianMixture,
  sizes: number[],
  written: [string, string][],
): string {
  const lines = [
    `Data: ${table.source}, ${plural(table.rows, 'row')} × ${plural(table.cols, 'column')} (${table.names.join(', ')})`,
  ];
  if (outcomes.length > 1) {
    lines.push('', describeSelection(outcomes, chosen, criterion, table.cols));
    const top = describeTopModels(outcomes, criterion, table.cols);
    if (top) lines.push('', top);
  }
  lines.push(
    '',
    `${outcomes.length > 1 ? 'Chosen model' : 'Model'}: ${describeChosen(chosen, table.rows, sizes, `${describeConvergence(chosen, options.maxIter)} (${settings(options)})`, table.cols)}`,
    '',
    describeParameters(model, table.names),
  );
  if (written.length > 0)
    lines.push('', `Wrote ${written.map(([option, path]) => `${path} (--${option})`).join(', ')}`);
  return lines.join('\n');
}

function jsonSummary(
  table: Table,
  options: SharedFitOptions,
  criterion: 'bic' | 'aic',
  outcomes: FitOutcome[],
  chosen: FitOutcome,
  model: GaussianMixture,
  sizes: number[],
  written: [string, string][],
  interrupted: boolean,
) {
  const row = (o: FitOutcome) => ({
    nComponents: o.nComponents,
    covarianceType: o.covarianceType,
    mclustModel: mclustName(o.covarianceType, table.cols) ?? null,
    bic: o.bic,
    aic: o.aic,
    icl: o.icl,
    logLikelihood: o.logLikelihood,
    nParameters: o.nParameters,
    converged: o.converged,
    nIter: o.nIter,
    status: o.status,
    collapsed: o.collapsed,
    collapse: o.collapse ?? null,
    interrupted: o.status === 'interrupted',
    skipped: o.status === 'notFitted',
    error: o.error ?? null,
  });
  return {
    data: { source: table.source, rows: table.rows, columns: table.names },
    options: { ...options, criterion },
    model: {
      ...row(chosen),
      weights: model.weights,
      means: model.means,
      covariances: model.covariances,
      // Rows per component (component 1 first), then the rows labelled noise with --noise.
      clusterSizes: sizes,
      ...(model.noiseWeight === undefined ? {} : { noiseWeight: model.noiseWeight }),
    },
    selection: outcomes.length > 1 ? { criterion, table: outcomes.map(row) } : null,
    interrupted,
    outputs: Object.fromEntries(written),
  };
}
