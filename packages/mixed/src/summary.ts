import type { MixedWarning } from './prepare.js';

/** What {@link formatSummary} prints. */
export interface SummaryInput {
  reml: boolean;
  formula: string | null;
  logLik: number;
  aic: number;
  bic: number;
  residuals: number[];
  sigma: number;
  varCorr: {
    groups: { group: string; terms: string[]; variance: number[]; sd: number[]; correlation: number[][] }[];
    residual: { variance: number; sd: number };
  };
  nLevels: [string, number][];
  n: number;
  fixed: { name: string; estimate: number; stdError: number; tValue: number }[];
  optimizer: string;
  warnings: MixedWarning[];
}

/** R's quantile type 7. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

const sig = (x: number, digits = 4) =>
  Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x);

function table(rows: string[][], right: boolean[]): string[] {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => (r[j] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, j) => (right[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!)))
      .join(' ')
      .trimEnd(),
  );
}

/** lme4's `print(summary(fit))` layout, numbers to 4 significant digits. */
export function formatSummary(s: SummaryInput): string {
  const lines: string[] = [];
  lines.push(`Linear mixed model fit by ${s.reml ? 'REML' : 'maximum likelihood'}`);
  if (s.formula) lines.push(`Formula: ${s.formula}`);
  lines.push('');
  if (s.reml) lines.push(`REML criterion at convergence: ${(-2 * s.logLik).toFixed(1)}`);
  else {
    lines.push(
      ...table(
        [
          ['AIC', 'BIC', 'logLik', 'deviance'],
          [s.aic.toFixed(1), s.bic.toFixed(1), s.logLik.toFixed(1), (-2 * s.logLik).toFixed(1)],
        ],
        [true, true, true, true],
      ).map((l) => ` ${l}`),
    );
  }
  lines.push('');
  if (s.residuals.length === 0) {
    lines.push('Scaled residuals: not kept (a streamed fit keeps no per-row values)');
  } else {
    const scaled = s.residuals.map((r) => r / s.sigma).sort((a, b) => a - b);
    lines.push('Scaled residuals:');
    lines.push(
      ...table(
        [
          ['Min', '1Q', 'Median', '3Q', 'Max'],
          [0, 0.25, 0.5, 0.75, 1].map((p) => quantile(scaled, p).toFixed(4)),
        ],
        [true, true, true, true, true],
      ),
    );
  }
  lines.push('');
  lines.push('Random effects:');
  const rows: string[][] = [['Groups', 'Name', 'Variance', 'Std.Dev.', 'Corr']];
  for (const g of s.varCorr.groups) {
    g.terms.forEach((t, a) => {
      const corr = g.correlation[a]!.slice(0, a)
        .map((c) => c.toFixed(2))
        .join(' ');
      rows.push([a === 0 ? g.group : '', t, sig(g.variance[a]!), sig(g.sd[a]!), corr]);
    });
  }
  rows.push(['Residual', '', sig(s.varCorr.residual.variance), sig(s.varCorr.residual.sd), '']);
  lines.push(...table(rows, [false, false, true, true, false]).map((l) => ` ${l}`));
  lines.push(
    `Number of obs: ${s.n}, groups:  ${s.nLevels.map(([name, count]) => `${name}, ${count}`).join('; ')}`,
  );
  lines.push('');
  lines.push('Fixed effects:');
  lines.push(
    ...table(
      [
        ['', 'Estimate', 'Std. Error', 't value'],
        ...s.fixed.map((f) => [f.name, sig(f.estimate), sig(f.stdError), f.tValue.toFixed(3)]),
      ],
      [false, true, true, true],
    ),
  );
  lines.push('');
  lines.push(`Estimation: ${s.optimizer}`);
  for (const w of s.warnings)
    lines.push(w.code === 'singular' ? 'boundary (singular) fit: see isSingular()' : `warning: ${w.message}`);
  return lines.join('\n');
}
