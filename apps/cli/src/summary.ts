import type { GaussianMixture } from '@em/gaussian';
import type { FitOutcome } from './fit/protocol.js';
import { fixed, plural, renderTable, sig } from './format.js';

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

/** The model's parameters as readable tables. */
export function describeParameters(model: GaussianMixture, names: string[]): string {
  const k = model.nComponents;
  const { weights, means } = model;
  const lines: string[] = [];
  if (model.nFeatures === 1) {
    const rows = [['component', 'weight', 'mean', 'sd', 'variance']];
    for (let c = 0; c < k; c++) {
      const variance = componentCovariance(model, c)[0]![0]!;
      rows.push([
        String(c),
        sig(weights[c]!, 4),
        sig(means[c]![0]!),
        sig(Math.sqrt(variance)),
        sig(variance),
      ]);
    }
    lines.push(`Components (${names[0]})`, renderTable(rows));
    return lines.join('\n');
  }
  const meanRows = [['component', 'weight', ...names]];
  const sdRows = [['component', ...names]];
  for (let c = 0; c < k; c++) {
    meanRows.push([String(c), sig(weights[c]!, 4), ...means[c]!.map((m) => sig(m))]);
    sdRows.push([String(c), ...componentSds(model, c).map((s) => sig(s))]);
  }
  lines.push('Weights and means', renderTable(meanRows), 'Standard deviations', renderTable(sdRows));
  const matrix = (cov: number[][]) =>
    renderTable([['', ...names], ...cov.map((row, i) => [names[i]!, ...row.map((v) => sig(v))])]);
  if (model.params.covarianceType === 'tied') {
    lines.push('Covariance (tied: shared by every component)', matrix(componentCovariance(model, 0)));
  } else if (model.params.covarianceType === 'full') {
    for (let c = 0; c < k; c++)
      lines.push(`Covariance of component ${c}`, matrix(componentCovariance(model, c)));
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

const MARKS = { chosen: '*', collapsed: '!', notConverged: '~', failed: 'NA', skipped: '-' } as const;

/**
 * mclust's selection table: a row per number of components, a column per covariance type, the
 * criterion in each cell, the chosen model marked.
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
  const mark = (kind: string, text: string) => {
    used.add(kind);
    return text;
  };
  const cell = (o: FitOutcome | undefined): string => {
    if (!o) return '';
    if (o.status === 'notFitted') return mark('skipped', MARKS.skipped);
    const value = o[criterion];
    if (value === null) return mark('failed', MARKS.failed);
    let text = fixed(value);
    if (o === chosen) text += mark('chosen', MARKS.chosen);
    if (o.collapsed) text += mark('collapsed', MARKS.collapsed);
    if (o.status === 'interrupted') text += mark('interrupted', '-');
    else if (!o.converged) text += mark('notConverged', MARKS.notConverged);
    return text;
  };
  const rows = [['K', ...types]];
  for (const k of ks) {
    rows.push([
      String(k),
      ...types.map((t) => cell(outcomes.find((o) => o.nComponents === k && o.covarianceType === t))),
    ]);
  }
  const notes: string[] = [];
  if (used.has('chosen'))
    notes.push(
      `${MARKS.chosen} chosen: ${chosen.covarianceType}, ${plural(chosen.nComponents, 'component')}`,
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
    renderTable(rows),
    ...notes.map((note) => `  ${note}`),
  ].join('\n');
}
