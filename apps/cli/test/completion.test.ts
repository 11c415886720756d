import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { em, tempDir } from './helpers.js';

const scripts: Record<string, string> = {};
const dir = tempDir();

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const run = await em(['completion', shell]);
    expect(run.code).toBe(0);
    scripts[shell] = run.stdout;
    writeFileSync(join(dir, `em.${shell}`), run.stdout);
  }
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'faithful.csv'), 'x\n1\n');
});

const hasShell = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

/** The words bash's completion offers for the command line `line` (the cursor at its end). */
function bashOffers(line: string): string[] {
  const words = line.split(' ');
  const script = `source ${JSON.stringify(join(dir, 'em.bash'))}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_em
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
  return out.split('\n').filter((w) => w !== '');
}

describe('em completion bash', () => {
  it('is a script bash parses', () => {
    const check = spawnSync('bash', ['-n', join(dir, 'em.bash')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(scripts.bash).toContain('complete -o filenames -o bashdefault -F _em em');
  });

  it('offers the commands, then their options, option values and files', () => {
    expect(bashOffers('em ')).toEqual(['demo', 'fit', 'predict', 'impute', 'sample', 'completion', 'help']);
    expect(bashOffers('em f')).toEqual(['fit']);
    expect(bashOffers('em --v')).toEqual(['--version']);
    expect(bashOffers('em fit data.csv --cov')).toEqual(['--covariance']);
    expect(bashOffers('em fit data.csv --covariance ')).toEqual(
      expect.arrayContaining(['full', 'tied', 'diag', 'spherical', 'all', 'VVV', 'EEI', 'mclust']),
    );
    expect(bashOffers('em fit data.csv -c s')).toEqual(['spherical']);
    expect(bashOffers('em fit data.csv --criterion ')).toEqual(['bic', 'aic']);
    expect(bashOffers('em predict m.json d.csv --format ')).toEqual(['csv', 'json']);
    expect(bashOffers('em fit data.csv --format ')).toEqual(['text', 'json']);
    expect(bashOffers('em fit data/fa')).toEqual(['data/faithful.csv']);
    expect(bashOffers('em fit data.csv --plot data/')).toEqual(['data/faithful.csv']);
    // A value the user types (a number) gets no guesses.
    expect(bashOffers('em fit data.csv --seed ')).toEqual([]);
    expect(bashOffers('em completion ')).toEqual(['bash', 'zsh', 'fish']);
    expect(bashOffers('em help pr')).toEqual(['predict']);
    expect(bashOffers('em sample model.json --no-')).toEqual(['--no-labels']);
  });
});

describe('em completion zsh and fish', () => {
  it('declare every command and the covariance types', () => {
    for (const shell of ['zsh', 'fish']) {
      for (const word of ['fit', 'predict', 'impute', 'sample', 'completion', 'spherical', 'selection-plot'])
        expect(scripts[shell]).toContain(word);
    }
    expect(scripts.zsh!.startsWith('#compdef em\n')).toBe(true);
    expect(scripts.fish).toContain(
      'complete -c em -n "__fish_seen_subcommand_from fit" -l covariance -s c -x -a',
    );
  });

  // zsh and fish are not on every machine (CI has neither); where they are, they must parse the scripts.
  it.skipIf(!hasShell('zsh'))('zsh parses its script (zsh -n)', () => {
    const check = spawnSync('zsh', ['-n', join(dir, 'em.zsh')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it.skipIf(!hasShell('fish'))('fish parses its script and offers the covariance types', () => {
    const check = spawnSync('fish', ['-n', join(dir, 'em.fish')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const offered = execFileSync(
      'fish',
      ['-c', `source ${join(dir, 'em.fish')}; complete -C 'em fit data.csv --covariance '`],
      { encoding: 'utf8' },
    );
    expect(
      offered
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t')[0]),
    ).toEqual(expect.arrayContaining(['full', 'tied', 'diag', 'spherical', 'all']));
  });
});
