import type { GaussianMixture } from '@em/gaussian';
import type { FitOutcome } from './fit/protocol.js';
import {
  type ColumnLayout,
  columnDecimals,
  componentNumber,
  fixed,
  fixedColumn,
  plural,
  renderTable,
} from './format.js';
import { mclustName, modelLabel } from './model-names.js';

/** The covariance matrix of component `c`, written out in full whatever the covariance type. */
export function componentCovariance(model: GaussianMixture, c: number): number[][] {
  const d = model.nFeatures;
  const cov = model.covariances;
  const identity = (scale: (j: number) => number) =>
    Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? scale(j) : 0)));
  // The layout: mclust's models are stored as one of scikit-learn's four.
  switch (model.params.covarianceType) {
    case 'full':
      return (cov as number[][][])[c]!;
    case 'tied':
      return cov as number[][];
    case 'diag':
      return identity((j) => (cov as number[][])[c]![j]!);
    default:
      return identity(() => (cov as number[])[c]!);
  }
}

/** Standard deviation of each feature within component `c`. */
export function componentSds(model: GaussianMixture, c: number): number[] {
  return componentCovariance(model, c).map((row, j) => Math.sqrt(row[j]!));
}

/** Columns of numbers side by side, each with its own fixed decimals (see {@link fixedColumn}). */
function numberColumns(columns: readonly number[][], significant = 5): string[][] {
  const formatted = columns.map((column) => fixedColumn(column, significant));
  return Array.from({ length: columns[0]?.length ?? 0 }, (_, i) => formatted.map((column) => column[i]!));
}

/** A table whose every column is numbers (component numbers included): all right-aligned. */
function renderNumbers(rows: string[][]): string {
  return renderTable(
    rows,
    '  ',
    rows[0]!.map((): ColumnLayout => ({ align: 'right' })),
  );
}

/** The model's parameters as readable tables; components numbered from 1. */
export function describeParameters(model: GaussianMixture, names: string[]): string {
  const k = model.nComponents;
  const { weights, means } = model;
  const components = Array.from({ length: k }, (_, c) => String(componentNumber(c)));
  const weightColumn = weights.map((w) => w.toFixed(4));
  const lines: string[] = [];
  if (model.nFeatures === 1) {
    const variances = Array.from({ length: k }, (_, c) => componentCovariance(model, c)[0]![0]!);
    const cells = numberColumns([means.map((m) => m[0]!), variances.map(Math.sqrt), variances]);
    const rows = [
      ['component', 'weight', 'mean', 'sd', 'variance'],
      ...cells.map((row, c) => [components[c]!, weightColumn[c]!, ...row]),
    ];
    lines.push(`Components (${names[0]})`, renderNumbers(rows));
    return lines.join('\n');
  }
  const byFeature = (value: (c: number, j: number) => number) =>
    numberColumns(names.map((_, j) => Array.from({ length: k }, (_, c) => value(c, j))));
  const meanCells = byFeature((c, j) => means[c]![j]!);
  const sds = Array.from({ length: k }, (_, c) => componentSds(model, c));
  const sdCells = byFeature((c, j) => sds[c]![j]!);
  const meanRows = [
    ['component', 'weight', ...names],
    ...meanCells.map((row, c) => [components[c]!, weightColumn[c]!, ...row]),
  ];
  const sdRows = [['component', ...names], ...sdCells.map((row, c) => [components[c]!, ...row])];
  lines.push('Weights and means', renderNumbers(meanRows), 'Standard deviations', renderNumbers(sdRows));
  // One count of decimals for the whole matrix, so the symmetric entries read the same.
  const matrix = (cov: number[][]) => {
    const decimals = columnDecimals(cov.flat());
    return renderTable([
      ['', ...names],
      ...cov.map((row, i) => [names[i]!, ...row.map((v) => v.toFixed(decimals))]),
    ]);
  };
  if (model.params.covarianceType === 'tied') {
    lines.push('Covariance (tied: shared by every component)', matrix(componentCovariance(model, 0)));
  } else if (model.params.covarianceType === 'full') {
    for (let c = 0; c < k; c++)
      lines.push(`Covariance of component ${componentNumber(c)}`, matrix(componentCovariance(model, c)));
  }
  return lines.join('\n');
}

/** How a fit ended, in a few words. */
export function describeConvergence(outcome: FitOutcome, maxIter: number): string {
  const iterations = plural(outcome.nIter, 'iteration');
  if (outcome.status === 'interrupted')
    return `no: interrupted by Ctrl-C after ${iterations} (partial result)`;
  if (outcome.converged) return `yes, after ${iterations}`;
  return `no: stopped at --max-iter ${maxIter} (${iterations})`;
}

/**
 * A statistic of the chosen model, as a column of mclust's summary line. The line is built from this
 * list: one entry per column.
 */
interface Statistic {
  header: string;
  value: (outcome: FitOutcome, rows: number) => string;
}

const STATISTICS: readonly Statistic[] = [
  { header: 'log-likelihood', value: (o) => fixed(o.logLikelihood) },
  { header: 'n', value: (_, rows) => String(rows) },
  { header: 'df', value: (o) => String(o.nParameters) },
  { header: 'BIC', value: (o) => fixed(o.bic) },
  { header: 'AIC', value: (o) => fixed(o.aic) },
  // mclust's ICL (BIC plus twice the entropy of the classification), scikit-learn's sign like BIC.
  { header: 'ICL', value: (o) => (o.icl === null ? '—' : fixed(o.icl)) },
];

/** How many rows each component is the most probable for (0-based labels in, counts out). */
export function clusterSizes(labels: ArrayLike<number>, k: number, noise = false): number[] {
  // With a noise component its rows (label −1) are counted last.
  const sizes = new Array<number>(k + (noise ? 1 : 0)).fill(0);
  for (let i = 0; i < labels.length; i++) sizes[labels[i] === -1 ? k : labels[i]!]! += 1;
  return sizes;
}

/**
 * What mclust's `summary()` prints about the chosen model: its name in scikit-learn's and mclust's
 * terms, log-likelihood, n, df and the criteria on one line, and the clustering table.
 */
export function describeChosen(
  outcome: FitOutcome,
  rows: number,
  sizes: readonly number[],
  convergence: string,
  nFeatures: number,
): string {
  const mclust = mclustName(outcome.covarianceType, nFeatures);
  const name = `${outcome.covarianceType} covariance${mclust && mclust !== outcome.covarianceType ? ` (mclust ${mclust})` : ''}`;
  const right = STATISTICS.map((): ColumnLayout => ({ align: 'right' }));
  return [
    `${name}, ${plural(outcome.nComponents, 'component')}`,
    `  converged: ${convergence}`,
    renderTable(
      [STATISTICS.map((s) => s.header), STATISTICS.map((s) => s.value(outcome, rows))],
      '  ',
      right,
    ),
    '  Clustering table (rows whose most probable component it is)',
    renderTable(
      [
        // mclust's table: noise is class 0, after the components.
        [
          'component',
          ...sizes.map((_, c) => (c < outcome.nComponents ? String(componentNumber(c)) : 'noise (0)')),
        ],
        ['rows', ...sizes.map(String)],
      ],
      '    ',
    ),
  ].join('\n');
}

/**
 * mclust's "best BIC values": the `count` best candidates (fitted, not collapsed), best first, with
 * how far each is behind the best. Empty when no model is a candidate.
 */
export function describeTopModels(
  outcomes: FitOutcome[],
  criterion: 'bic' | 'aic',
  nFeatures: number,
  count = 3,
): string {
  const candidates = outcomes
    .filter((o) => o.status === 'fitted' && !o.collapsed && o[criterion] !== null)
    // A stable sort keeps ties in grid order, as selectModel breaks them.
    .sort((a, b) => a[criterion]! - b[criterion]!)
    .slice(0, count);
  if (candidates.length < 2) return '';
  const name = criterion.toUpperCase();
  const best = candidates[0]![criterion]!;
  const rows = [
    ['rank', 'model', 'K', name, `${name} - best`],
    ...candidates.map((o, i) => [
      String(i + 1),
      modelLabel(o.covarianceType, nFeatures),
      String(o.nComponents),
      fixed(o[criterion]),
      fixed(o[criterion]! - best),
    ]),
  ];
  const layout: ColumnLayout[] = [
    { align: 'right' },
    { align: 'left' },
    { align: 'right' },
    { align: 'right' },
    { align: 'right' },
  ];
  return [`Top ${candidates.length} models by ${name}`, renderTable(rows, '  ', layout)].join('\n');
}

const MARKS = {
  chosen: '*',
  collapsed: '!',
  notConverged: '~',
  interrupted: '-',
  failed: 'NA',
  skipped: '-',
} as const;

/**
 * mclust's selection table: a row per number of components, a column per covariance type (headed by
 * scikit-learn's and mclust's names), the criterion in each cell with fixed decimals, and the markers
 * in a column of their own beside it so they never push numbers out of line.
 */
export function describeSelection(
  outcomes: FitOutcome[],
  chosen: FitOutcome,
  criterion: 'bic' | 'aic',
  nFeatures: number,
): string {
  const types = [...new Set(outcomes.map((o) => o.covarianceType))];
  const ks = [...new Set(outcomes.map((o) => o.nComponents))];
  const used = new Set<string>();
  const mark = (kind: keyof typeof MARKS) => {
    used.add(kind);
    return MARKS[kind];
  };
  const cells = (o: FitOutcome | undefined): [string, string] => {
    if (!o) return ['', ''];
    if (o.status === 'notFitted') return [mark('skipped'), ''];
    const value = o[criterion];
    if (value === null) return [mark('failed'), ''];
    let marks = '';
    if (o === chosen) marks += mark('chosen');
    if (o.collapsed) marks += mark('collapsed');
    if (o.status === 'interrupted') marks += mark('interrupted');
    else if (!o.converged) marks += mark('notConverged');
    return [fixed(value), marks];
  };
  const mclust = types.map((t) => mclustName(t, nFeatures));
  const twoNames = mclust.some((m, i) => m !== undefined && m !== types[i]);
  const header = twoNames
    ? [
        ['', ...types.flatMap((t) => [t, ''])],
        ['K', ...mclust.flatMap((m) => [m ?? '', ''])],
      ]
    : [['K', ...types.flatMap((t) => [t, ''])]];
  const rows = [
    ...header,
    ...ks.map((k) => [
      String(k),
      ...types.flatMap((t) => cells(outcomes.find((o) => o.nComponents === k && o.covarianceType === t))),
    ]),
  ];
  const layout: ColumnLayout[] = [
    { align: 'left' },
    ...types.flatMap((): ColumnLayout[] => [{ align: 'right' }, { align: 'left', gap: 0 }]),
  ];
  const notes: string[] = [];
  if (used.has('chosen'))
    notes.push(
      `${MARKS.chosen} chosen: ${modelLabel(chosen.covarianceType, nFeatures)}, ${plural(chosen.nComponents, 'component')}`,
    );
  if (used.has('collapsed'))
    notes.push(
      `${MARKS.collapsed} a component collapsed onto repeated values${nFeatures > 1 ? ' or a line' : ''} (variance at the --reg-covar floor): ${chosen.collapsed ? 'chosen only because every fitted model collapsed' : 'not chosen, as mclust reports such fits as NA'}`,
    );
  if (used.has('notConverged')) notes.push(`${MARKS.notConverged} did not converge within --max-iter`);
  if (used.has('interrupted')) notes.push('- (after a value) interrupted by Ctrl-C: partial fit');
  if (used.has('skipped')) notes.push(`${MARKS.skipped} not fitted: interrupted by Ctrl-C`);
  if (used.has('failed')) {
    const reasons = [...new Set(outcomes.filter((o) => o.error).map((o) => o.error))];
    notes.push(`NA the fit failed: ${reasons.join(' / ')}`);
  }
  return [
    `Model selection: ${criterion.toUpperCase()} by covariance type and number of components (lower is better)`,
    renderTable(rows, '  ', layout),
    ...notes.map((note) => `  ${note}`),
  ].join('\n');
}
