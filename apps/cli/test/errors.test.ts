import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { em, FAITHFUL, tempDir } from './helpers.js';

/** Writes `files` into a fresh folder and runs `em` there. */
async function inFolder(files: Record<string, string>, args: string[]) {
  const cwd = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  return { cwd, ...(await em(args, { cwd })) };
}

/** One line on stderr, nothing on stdout, exit code 2, no stack trace. */
function expectUsageError(run: { code: number | null; stdout: string; stderr: string }, message: RegExp) {
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.code).toBe(2);
}

const MODEL_OK = async (cwd: string) => {
  const run = await em(['fit', FAITHFUL, '-k', '2', '--json', 'model.json'], { cwd });
  expect(run.code).toBe(0);
};

describe('bad input: one clear line on stderr, exit code 2', () => {
  it('missing file', async () => {
    expectUsageError(
      await em(['fit', 'nope.csv']),
      /^em fit: cannot read nope\.csv: no such file or directory$/m,
    );
  });

  it('empty file', async () => {
    expectUsageError(
      await inFolder({ 'empty.csv': '' }, ['fit', 'empty.csv']),
      /^em fit: empty\.csv is empty/m,
    );
    expectUsageError(
      await inFolder({ 'blank.csv': '\n\n  \n' }, ['fit', 'blank.csv']),
      /blank\.csv is empty/,
    );
    expectUsageError(
      await inFolder({ 'header.csv': 'a,b\n' }, ['fit', 'header.csv']),
      /header\.csv has a header but no rows of data/,
    );
  });

  it('non-numeric cell: line, column and text', async () => {
    const run = await inFolder({ 'd.csv': 'a,b\n1,2\n3,4\n5,oops\n7,8\n' }, ['fit', 'd.csv', '-k', '1']);
    expectUsageError(run, /^em fit: d\.csv, line 4, column 2 \(b\): expected a number, found "oops"$/m);
    const empty = await inFolder({ 'd.csv': '1,2\n3,\n' }, ['fit', 'd.csv', '-k', '1']);
    expectUsageError(empty, /d\.csv, line 2, column 2 \(x2\): expected a number, found an empty cell/);
    const json = await inFolder({ 'd.json': '[[1,2],[3,"x"]]' }, ['fit', 'd.json', '-k', '1']);
    expectUsageError(json, /d\.json, row 2, column 2: expected a number, found "x"/);
  });

  it('ragged rows', async () => {
    const run = await inFolder({ 'd.csv': 'a,b\n1,2\n3,4,5\n' }, ['fit', 'd.csv', '-k', '1']);
    expectUsageError(run, /^em fit: d\.csv, line 3: expected 2 fields as on line 1, found 3$/m);
    const json = await inFolder({ 'd.json': '[[1,2],[3]]' }, ['fit', 'd.json', '-k', '1']);
    expectUsageError(json, /d\.json, row 2: expected a row of 2 numbers, found 1 values/);
  });

  it('fewer rows than components', async () => {
    const run = await inFolder({ 'd.csv': '1\n2\n3\n' }, ['fit', 'd.csv', '-k', '1..9']);
    expectUsageError(
      run,
      /^em fit: d\.csv has 3 rows, fewer than the 9 components asked for \(--components 1\.\.9\)$/m,
    );
    // Without --components, the default range 1..9 stops at the number of rows.
    const byDefault = await inFolder({ 'd.csv': '1\n2\n3\n' }, ['fit', 'd.csv', '--format', 'json']);
    expect(byDefault.code).toBe(0);
    const ks = JSON.parse(byDefault.stdout).selection.table.map(
      (r: { nComponents: number }) => r.nComponents,
    );
    expect(ks).toEqual([1, 2, 3]);
  });

  it('unknown option, unknown command', async () => {
    expectUsageError(
      await em(['fit', FAITHFUL, '--colour', 'red']),
      /^em fit: unknown option --colour; run 'em fit --help'/m,
    );
    expectUsageError(await em(['fti']), /^em: unknown command 'fti'; did you mean fit\?$/m);
    expectUsageError(await em(['zzz']), /^em: unknown command 'zzz'; the commands are demo, fit/m);
    expectUsageError(await em(['fit']), /^em fit: expected a data file/m);
  });

  it.each([
    [
      ['fit', FAITHFUL, '--covarience', 'all'],
      /^em fit: unknown option --covarience; did you mean --covariance\?$/m,
    ],
    [
      ['fit', FAITHFUL, '--componets=3'],
      /^em fit: unknown option --componets; did you mean --components\?$/m,
    ],
    [
      ['fit', FAITHFUL, '--select-plot', 'x.svg'],
      /unknown option --select-plot; did you mean --selection-plot\?/,
    ],
    [['fit', FAITHFUL, '--covariance', 'dig'], /received "dig"; did you mean diag\?$/m],
    [['fit', FAITHFUL, '--criterion', 'bci'], /received "bci"; did you mean bic\?$/m],
    [
      ['sample', 'model.json', '--n-samples', '3'],
      /^em sample: unknown option --n-samples; run 'em sample --help'/m,
    ],
    [['--verison'], /^em demo: unknown option --verison; did you mean --version\?$/m],
    [['help', 'predcit'], /^em: no help for 'predcit'; did you mean predict\?$/m],
    [
      ['completion', 'bsh'],
      /^em completion: expected one of bash, zsh, fish, received "bsh"; did you mean bash\?$/m,
    ],
  ])('suggests the nearest name: %j', async (args, message) => {
    expectUsageError(await em(args), message);
  });

  it.each([
    [
      ['--components', '0'],
      /invalid value for --components: expected a number of components >= 1, a range such as 1\.\.9/,
    ],
    [['--components', '5..2'], /invalid value for --components/],
    [['--covariance', 'ful'], /invalid value for --covariance: expected full, tied, diag, spherical, all/],
    [['--criterion', 'icl'], /invalid value for --criterion: expected one of bic, aic, received "icl"/],
    [
      ['--init', 'kmeans++'],
      /invalid value for --init: expected one of kmeans, k-means\+\+, random, random_from_data/,
    ],
    [['--n-init', '0'], /invalid value for --n-init: expected an integer >= 1, received "0"/],
    [['--max-iter', '2.5'], /invalid value for --max-iter: expected an integer >= 1, received "2\.5"/],
    [['--tol', 'abc'], /invalid value for --tol: expected a number >= 0, received "abc"/],
    [['--tol=-1'], /invalid value for --tol: expected a number >= 0, received "-1"/],
    // A negative number after an option is its value (then checked), not an option.
    [['--reg-covar', '-1'], /invalid value for --reg-covar: expected a number >= 0, received "-1"/],
    [['--seed', 'x'], /invalid value for --seed: expected an integer >= 0/],
    [['--format', 'xml'], /invalid value for --format: expected one of text, json/],
    [
      ['--columns', 'speed'],
      /invalid value for --columns: "speed" is neither a column name nor an index from 1 to 2 .*\(columns: eruptions, waiting\)/,
    ],
    [['--delimiter', 'ab'], /invalid value for --delimiter/],
    [['--json'], /option --json needs a value/],
  ])('invalid option value %j', async (args, message) => {
    expectUsageError(await em(['fit', FAITHFUL, ...(args as string[])]), message as RegExp);
  });

  it('corrupt or wrong model JSON', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad.json'), '{"format": "@em/gaussian/GaussianMixture", ');
    writeFileSync(join(cwd, 'other.json'), '{"weights": [1]}');
    expectUsageError(
      await em(['predict', 'bad.json', FAITHFUL], { cwd }),
      /^em predict: model bad\.json is not valid JSON/m,
    );
    expectUsageError(
      await em(['predict', 'other.json', FAITHFUL], { cwd }),
      /^em predict: model other\.json is not a model saved by 'em fit --json': Invalid json/m,
    );
    expectUsageError(
      await em(['sample', 'missing.json', '-n', '5'], { cwd }),
      /cannot read model missing\.json: no such file/,
    );
  });

  it('data that does not fit the model, and a missing -n', async () => {
    const cwd = tempDir();
    await MODEL_OK(cwd);
    writeFileSync(join(cwd, 'three.csv'), '1,2,3\n4,5,6\n');
    expectUsageError(
      await em(['predict', 'model.json', 'three.csv'], { cwd }),
      /three\.csv has 3 columns \(x1, x2, x3\) but the model was fitted on 2 \(eruptions, waiting\); choose them with --columns/,
    );
    expectUsageError(await em(['sample', 'model.json'], { cwd }), /missing -n/);
    // -5 is read as the value of -n (not as an option) and refused as a count.
    expectUsageError(
      await em(['sample', 'model.json', '-n', '-5'], { cwd }),
      /invalid value for --n: expected an integer >= 1, received "-5"/,
    );
    expectUsageError(await em(['sample', 'model.json', '-n'], { cwd }), /option -n needs a value/);
  });

  it('--debug adds the stack trace', async () => {
    const run = await em(['fit', 'nope.csv', '--debug']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\s+at /m);
  });
});

describe('never a partial output file', () => {
  it('writes nothing when the input is bad, even after some rows were read', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${i % 7}`);
    rows.push('1,x');
    const run = await inFolder({ 'd.csv': rows.join('\n') }, [
      'fit',
      'd.csv',
      '-k',
      '2',
      '--json',
      'm.json',
      '--labels',
      'l.csv',
      '--plot',
      'p.svg',
    ]);
    expect(run.code).toBe(2);
    expect(readdirSync(run.cwd)).toEqual(['d.csv']);
  });

  it('checks output paths before fitting', async () => {
    const run = await em(['fit', FAITHFUL, '--json', '/no/such/folder/m.json']);
    expectUsageError(
      run,
      /cannot write --json \/no\/such\/folder\/m\.json: folder \/no\/such\/folder: no such file/,
    );
    const same = await em(['fit', FAITHFUL, '--json', 'x.json', '--labels', 'x.json']);
    expectUsageError(same, /--labels and --json both write to x\.json/);
    const input = await em(['fit', FAITHFUL, '--labels', FAITHFUL]);
    expectUsageError(input, /would overwrite the input file/);
    expect(existsSync(FAITHFUL)).toBe(true);
  });
});
