import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { em, FAITHFUL, FIXTURES, type RunOptions, tempDir } from './helpers.js';

interface MclustFixture {
  rows: number;
  best: {
    covarianceType: string;
    mclustModel: string;
    nComponents: number;
    bic: number;
    loglik: number;
    df: number;
    clusterSizes: number[];
  };
  table: { covarianceType: string; mclustModel: string; nComponents: number[]; bic: (number | null)[] }[];
  univariate: { weights: number[]; means: number[]; variances: number[] };
}
const mclust: MclustFixture = JSON.parse(readFileSync(join(FIXTURES, 'faithful-mclust.json'), 'utf8'));

interface Row {
  nComponents: number;
  covarianceType: string;
  bic: number | null;
  collapsed: boolean;
}

describe('em fit on Old Faithful (272 rows), against mclust 6.0', () => {
  it("--components 1..9 --covariance all chooses mclust's model: tied (EEE) with 3 components", async () => {
    const { code, stdout, stderr } = await em([
      'fit',
      FAITHFUL,
      '--components',
      '1..9',
      '--covariance',
      'all',
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.data).toEqual({ source: FAITHFUL, rows: mclust.rows, columns: ['eruptions', 'waiting'] });
    expect(result.model.covarianceType).toBe(mclust.best.covarianceType);
    expect(result.model.nComponents).toBe(mclust.best.nComponents);
    // tol 1e-3 (on the mean log-likelihood) stops a little before mclust does.
    expect(Math.abs(result.model.bic - mclust.best.bic)).toBeLessThan(2);
    // One component: the maximum-likelihood estimate is in closed form, so every cell agrees.
    const table: Row[] = result.selection.table;
    expect(table).toHaveLength(36);
    for (const { covarianceType, bic } of mclust.table) {
      const mine = table.find((r) => r.covarianceType === covarianceType && r.nComponents === 1)!;
      expect(mine.bic).toBeCloseTo(bic[0]!, 2);
    }
  });

  it("converged tightly, the BIC of the chosen model matches mclust's 2314.316", async () => {
    const args = [
      'fit',
      FAITHFUL,
      '-k',
      '1..9',
      '-c',
      'all',
      '--tol',
      '1e-8',
      '--max-iter',
      '2000',
      '--format',
      'json',
    ];
    const result = JSON.parse((await em(args)).stdout);
    expect([result.model.covarianceType, result.model.nComponents]).toEqual(['tied', 3]);
    expect(result.model.converged).toBe(true);
    expect(Math.abs(result.model.bic - mclust.best.bic)).toBeLessThan(0.05);
    // Fits whose component collapsed onto repeated (rounded) values are not candidates, as in mclust.
    const chosen = (result.selection.table as Row[]).filter((r) => !r.collapsed && r.bic !== null);
    expect(Math.min(...chosen.map((r) => r.bic!))).toBe(result.model.bic);
  });

  it('prints a readable summary with the selection table, and the chosen model marked', async () => {
    const { code, stdout } = await em(['fit', FAITHFUL, '-k', '1..4', '-c', 'full,tied']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Data: .*faithful\.csv, 272 rows × 2 columns \(eruptions, waiting\)/);
    // scikit-learn's names over mclust's, from the fixture's own pairing.
    const names = (type: string) => mclust.table.find((t) => t.covarianceType === type)!.mclustModel;
    expect(stdout).toMatch(new RegExp(`full\\s+tied\\s*\\n\\s+K\\s+${names('full')}\\s+${names('tied')}`));
    expect(stdout).toMatch(/\* chosen: tied \(EEE\), 3 components/);
    expect(stdout).toMatch(/converged: yes, after \d+ iterations/);
    expect(stdout).toMatch(
      /log-likelihood\s+n\s+df\s+BIC\s+AIC\s+ICL\n\s+-\d+\.\d{3}\s+272\s+11\s+\d+\.\d{3}\s+\d+\.\d{3}\s+\d+\.\d{3}/,
    );
    expect(stdout).toContain('Covariance (tied: shared by every component)');
  });

  it('lines the selection table up: every number of a column ends at the same place, markers beside it', async () => {
    const { stdout } = await em(['fit', FAITHFUL, '--covariance', 'all']);
    const lines = stdout.split('\n');
    const first = lines.findIndex((line) => /^\s+K\s+VVV/.test(line));
    const rows = lines.slice(first + 1, first + 10);
    expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    // The decimal points of each column sit at the same positions on every row, whatever the markers.
    const points = (row: string) => [...row.matchAll(/\d\.\d{3}/g)].map((m) => m.index! + 1);
    for (const row of rows) expect(points(row)).toEqual(points(rows[0]!));
    expect(rows.some((row) => /\d\*/.test(row))).toBe(true);
  });

  it("lists the top 3 models by BIC in mclust's order, with mclust's names", async () => {
    const { stdout } = await em(['fit', FAITHFUL, '--covariance', 'all']);
    const section = stdout.split('Top 3 models by BIC\n')[1]!.split('\n').slice(1, 4);
    const ours = section.map((line) => {
      const [, model, k] = /^\s+\d+\s+(\S+ \(\w+\))\s+(\d+)/.exec(line)!;
      return `${model} ${k}`;
    });
    const theirs = mclust.table
      .flatMap((t) => t.bic.map((bic, i) => ({ t, k: t.nComponents[i]!, bic })))
      .filter((c) => c.bic !== null)
      .sort((a, b) => a.bic! - b.bic!)
      .slice(0, 3)
      .map((c) => `${c.t.covarianceType} (${c.t.mclustModel}) ${c.k}`);
    expect(ours).toEqual(theirs);
  });

  it("prints mclust's summary of the chosen model: log-likelihood, n, df and the clustering table", async () => {
    // Converged tightly and unregularised, as mclust fits.
    const args = ['fit', FAITHFUL, '-k', '3', '-c', 'tied', '--tol', '1e-10', '--max-iter', '5000'];
    const { stdout } = await em([...args, '--reg-covar', '0', '--format', 'json']);
    const result = JSON.parse(stdout);
    expect(result.model.mclustModel).toBe(mclust.best.mclustModel);
    expect(result.model.nParameters).toBe(mclust.best.df);
    expect(result.model.logLikelihood).toBeCloseTo(mclust.best.loglik, 1);
    const sizes = [...result.model.clusterSizes].sort((a: number, b: number) => a - b);
    const theirs = [...mclust.best.clusterSizes].sort((a, b) => a - b);
    // mclust stops at its own tolerance (log-likelihood 0.01 lower), so a point or two on the
    // boundary between the two long-eruption clusters may change sides.
    for (const [i, size] of (sizes as number[]).entries())
      expect(Math.abs(size - theirs[i]!)).toBeLessThanOrEqual(2);
    expect(sizes.reduce((a: number, b: number) => a + b, 0)).toBe(mclust.rows);
    const text = (await em([...args, '--reg-covar', '0'])).stdout;
    expect(text).toContain(`tied covariance (mclust ${mclust.best.mclustModel}), 3 components`);
    const table = /component\s+1\s+2\s+3\n\s+rows\s+(\d+)\s+(\d+)\s+(\d+)/.exec(text)!;
    expect(table.slice(1).map(Number)).toEqual(result.model.clusterSizes);
  });

  it('fits one column (--columns by name) as a univariate mixture, as mclust does', async () => {
    const args = [
      'fit',
      FAITHFUL,
      '--columns',
      'eruptions',
      '-k',
      '2',
      '--tol',
      '1e-10',
      '--max-iter',
      '5000',
      '--format',
      'json',
    ];
    const { code, stdout } = await em(args);
    expect(code).toBe(0);
    const { model, data } = JSON.parse(stdout);
    expect(data.columns).toEqual(['eruptions']);
    const order = model.means[0][0] < model.means[1][0] ? [0, 1] : [1, 0];
    order.forEach((c, i) => {
      expect(model.weights[c]).toBeCloseTo(mclust.univariate.weights[i]!, 4);
      expect(model.means[c][0]).toBeCloseTo(mclust.univariate.means[i]!, 4);
      expect(model.covariances[c][0][0]).toBeCloseTo(mclust.univariate.variances[i]!, 4);
    });
  });
});

describe('em fit inputs', () => {
  const faithful = readFileSync(FAITHFUL, 'utf8');
  const values = faithful.trim().split('\n').slice(1);
  const fitJson = async (args: string[], input?: string) => {
    const run = await em(['fit', ...args, '-k', '2', '-c', 'tied', '--format', 'json'], { input });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout);
  };

  it('gives the same fit from CSV, TSV without a header, stdin, and JSON', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data.tsv'), values.map((line) => line.replace(',', '\t')).join('\n'));
    writeFileSync(join(dir, 'data.json'), JSON.stringify(values.map((line) => line.split(',').map(Number))));
    const fromCsv = await fitJson([FAITHFUL]);
    const fromTsv = await fitJson([join(dir, 'data.tsv')]);
    const fromStdin = await fitJson(['-'], faithful);
    const fromJson = await fitJson([join(dir, 'data.json')]);
    expect(fromTsv.data.columns).toEqual(['x1', 'x2']);
    for (const other of [fromTsv, fromStdin, fromJson]) {
      expect(other.data.rows).toBe(272);
      expect(other.model.means).toEqual(fromCsv.model.means);
      expect(other.model.bic).toBe(fromCsv.model.bic);
    }
  });

  it('picks and reorders columns by name or 1-based index, with any delimiter', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data.txt'), faithful.replaceAll(',', ';'));
    const byName = await fitJson([FAITHFUL, '--columns', 'waiting,eruptions']);
    const byIndex = await fitJson([join(dir, 'data.txt'), '--delimiter', ';', '--columns', '2,1']);
    expect(byName.data.columns).toEqual(['waiting', 'eruptions']);
    expect(byIndex.data.columns).toEqual(['waiting', 'eruptions']);
    expect(byIndex.model.means).toEqual(byName.model.means);
  });
});

describe('em fit outputs', () => {
  it('writes the model, the labels and the plots, and nothing else', async () => {
    const dir = tempDir();
    const args = [
      'fit',
      FAITHFUL,
      '-k',
      '2..3',
      '-c',
      'tied',
      '--json',
      'model.json',
      '--labels',
      'labels.csv',
    ];
    const { code, stdout } = await em([...args, '--plot', 'plot.svg', '--selection-plot', 'bic.svg'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Wrote model.json (--json), labels.csv (--labels), plot.svg (--plot), bic.svg (--selection-plot)',
    );
    expect(readdirSync(dir).sort()).toEqual(['bic.svg', 'labels.csv', 'model.json', 'plot.svg']);
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(model.format).toBe('@em/gaussian/GaussianMixture');
    expect(model.options).toMatchObject({ nComponents: 3, covarianceType: 'tied' });
    const lines = readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split('\n');
    // Components are numbered from 1, as in the summary and the plots.
    expect(lines[0]).toBe('label,p1,p2,p3');
    expect(lines).toHaveLength(273);
    for (const line of lines.slice(1)) {
      const [label, ...p] = line.split(',').map(Number);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(p[label! - 1]).toBe(Math.max(...p));
    }
    expect(model.featureNames).toEqual(['eruptions', 'waiting']);
    for (const svg of ['plot.svg', 'bic.svg']) {
      const text = readFileSync(join(dir, svg), 'utf8');
      expect(text).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      expect(text).toContain('<title');
    }
  });

  it('keeps stdout for results: a piped run prints no progress, and --format json is pure JSON', async () => {
    const { code, stdout, stderr } = await em(['fit', FAITHFUL, '-k', '1..3', '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(() => JSON.parse(stdout)).not.toThrow();
  });

  it('draws the progress bar on stderr only, when forced with --progress', async () => {
    const { code, stdout, stderr } = await em([
      'fit',
      FAITHFUL,
      '-k',
      '9',
      '-c',
      'full',
      '--tol',
      '0',
      '--max-iter',
      '20000',
      '--n-init',
      '1',
      '--progress',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/\[[#-]+\] K=9 full · iter \d+ · log-lik\/row -?\d/);
    expect(JSON.parse(stdout).model.nIter).toBe(20000);
  });
});

/** Sends the child Ctrl-C (SIGINT) once its stderr shows `marker`. */
function interruptOn(marker: string): RunOptions['onStderr'] {
  let sent = false;
  return (text, child) => {
    if (!sent && text.includes(marker)) {
      sent = true;
      child.kill('SIGINT');
    }
  };
}

describe('Ctrl-C', () => {
  it('stops after the current iteration and reports the partial result as not converged', async () => {
    const dir = tempDir();
    const args = [
      'fit',
      FAITHFUL,
      '-k',
      '9',
      '--tol',
      '0',
      '--max-iter',
      '100000000',
      '--n-init',
      '1',
      '--progress',
      '--json',
      'model.json',
    ];
    const { code, stdout, stderr } = await em(args, { cwd: dir, onStderr: interruptOn('iter') });
    expect(code).toBe(130);
    expect(stderr).toContain('Stopping after the current iteration');
    expect(stderr).toContain('interrupted: the result below is partial and did not converge');
    expect(stdout).toMatch(/converged: no: interrupted by Ctrl-C after \d+ iterations? \(partial result\)/);
    // The partial model is complete as a file, and says it did not converge.
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(model.fitted.converged).toBe(false);
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('during a grid keeps the models fitted before it, marks the rest, and chooses among the finished ones', async () => {
    const args = ['fit', FAITHFUL, '-k', '1..4', '--tol', '0', '--max-iter', '100000', '--n-init', '1'];
    // --tol 0 runs every model to --max-iter, so Ctrl-C lands while the second model runs.
    const { code, stdout, stderr } = await em([...args, '--progress', '--format', 'json'], {
      onStderr: interruptOn('model 2/4'),
    });
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted: the result below is the best of the models fitted before Ctrl-C');
    const result = JSON.parse(stdout);
    expect(result.interrupted).toBe(true);
    expect(result.selection.table.map((r: { status: string }) => r.status)).toEqual([
      'fitted',
      'interrupted',
      'notFitted',
      'notFitted',
    ]);
    expect(result.model).toMatchObject({ nComponents: 1, status: 'fitted', nIter: 100000 });
  });
});

describe('collapsed fits', () => {
  // 40 points exactly on the line b = 2a + 1, and 60 spread around (6, 0) in a sunflower pattern.
  const lineData = () => {
    const rows = ['a,b'];
    for (let i = 0; i < 40; i++) rows.push(`${i / 10 - 2},${2 * (i / 10 - 2) + 1}`);
    for (let i = 0; i < 60; i++) {
      const r = 1.5 * Math.sqrt((i + 0.5) / 60);
      rows.push(`${6 + r * Math.cos(i * 2.39996)},${r * Math.sin(i * 2.39996)}`);
    }
    return `${rows.join('\n')}\n`;
  };

  it('chooses a collapsed fit only when every fit collapsed, and names the flat direction', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'line.csv'), lineData());
    const { code, stdout, stderr } = await em(['fit', 'line.csv', '-k', '2..3', '-c', 'full'], { cwd: dir });
    expect(code).toBe(0);
    // The component on the line is flat across it: direction (2, -1) / sqrt(5) = (0.894, -0.447).
    expect(stderr).toMatch(
      /^em fit: warning: component \d collapsed: its variance in direction \(a 0\.894, b -0\.447\) is \d\.\d\de-\d+, at the --reg-covar floor/,
    );
    expect(stdout).toMatch(/^\s+2\s+\d+\.\d{3}\*!$/m);
    expect(stdout).toMatch(/^\s+3\s+\d+\.\d{3}!$/m);
    // With a covariance type that cannot collapse onto the line, that model is chosen instead.
    const json = JSON.parse(
      (await em(['fit', 'line.csv', '-k', '2..3', '-c', 'full,spherical', '--format', 'json'], { cwd: dir }))
        .stdout,
    );
    expect(json.model).toMatchObject({ covarianceType: 'spherical', collapsed: false });
  });
});

describe('help and version', () => {
  it.each(['fit', 'predict', 'sample', 'demo'])('em %s --help shows usage and examples', async (command) => {
    const { code, stdout, stderr } = await em([command, '--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain(`em ${command}`);
    expect(stdout).toContain('Examples');
  });

  it.each([
    'fit',
    'predict',
    'impute',
    'sample',
  ])('em %s --help says what an output path that is a symbolic link, FIFO or device gets', async (command) => {
    const { stdout } = await em([command, '--help']);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain('A symbolic link is followed: the file it points to is replaced, the link stays');
    expect(text).toContain('A FIFO or a character device (a named pipe, /dev/stdout) is written through');
    expect(text).toContain('A folder, a block device or a socket is refused (exit 2)');
  });

  it('em --help lists the commands and em --version prints the package version', async () => {
    expect((await em(['--help'])).stdout).toMatch(/em fit[\s\S]*em predict[\s\S]*em sample/);
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect((await em(['--version'])).stdout).toBe(`${version}\n`);
  });

  it('leaves no file behind when it has nothing to write', async () => {
    const dir = tempDir();
    await em(['fit', FAITHFUL, '-k', '2'], { cwd: dir });
    expect(existsSync(join(dir, 'em-demo.svg'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("em fit --covariance mclust: mclust's 14 models", () => {
  // mclust 6.0.0, summary(mclustBIC(faithful)): EEE,3 with BIC −2314.316 (packages/gaussian fixtures).
  it("chooses mclust's model on Old Faithful with mclust's BIC", async () => {
    const { code, stdout, stderr } = await em([
      'fit',
      FAITHFUL,
      '--covariance',
      'mclust',
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect([result.model.covarianceType, result.model.nComponents]).toEqual(['EEE', 3]);
    expect(Math.abs(result.model.bic - 2314.316)).toBeLessThan(0.01);
    expect(result.selection.table).toHaveLength(14 * 9);
  }, 120_000);

  it('accepts single mclust names and rejects unknown ones', async () => {
    const ok = await em([
      'fit',
      FAITHFUL,
      '--covariance',
      'VEV,VVV',
      '--components',
      '2',
      '--format',
      'json',
    ]);
    expect(ok.code).toBe(0);
    const bad = await em(['fit', FAITHFUL, '--covariance', 'VXV']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/one of mclust's models/);
  }, 120_000);
});
