import { MCLUST_MODELS } from '@em/gaussian';
import type { OptionSpec } from './args.js';
import { DEMO_OPTIONS } from './commands/demo.js';
import { COVARIANCE_TYPES, FIT_OPTIONS, INIT_PARAMS } from './commands/fit.js';
import { IMPUTE_OPTIONS } from './commands/impute.js';
import { PREDICT_OPTIONS } from './commands/predict.js';
import { SAMPLE_OPTIONS } from './commands/sample.js';

/** What a shell can offer after an option: nothing (a flag or a number), file names, or fixed words. */
type OptionValue = { kind: 'none' } | { kind: 'file' } | { kind: 'words'; words: readonly string[] };

interface CompletedOption {
  long: string;
  short: string | undefined;
  value: OptionValue;
}

interface CompletedCommand {
  name: string;
  description: string;
  options: CompletedOption[];
  /** Whether the command's arguments are files (data or model files). */
  files: boolean;
}

/** Options whose value is a path to write or read. */
const FILE_OPTIONS = new Set(['json', 'labels', 'plot', 'selection-plot', 'output']);

/** The words an option takes, by command (`--format` differs). */
function words(command: string, option: string): readonly string[] | undefined {
  switch (option) {
    case 'covariance':
      return [...COVARIANCE_TYPES, ...MCLUST_MODELS, 'all', 'mclust'];
    case 'criterion':
      return ['bic', 'aic'];
    case 'init':
      return INIT_PARAMS;
    case 'missing':
      return ['error', 'em'];
    case 'parquet-reader':
      return ['auto', 'duckdb', 'hyparquet'];
    case 'prior':
      return ['default', 'dirichlet_process', 'dirichlet_distribution'];
    case 'delimiter':
      return [',', ';', '|', 'tab'];
    case 'format':
      return command === 'fit' || command === 'demo' ? ['text', 'json'] : ['csv', 'json'];
    default:
      return undefined;
  }
}

function describeOptions(command: string, spec: OptionSpec): CompletedOption[] {
  return Object.entries(spec).map(([long, { type, short }]) => {
    const choices = words(command, long);
    const value: OptionValue =
      type === 'boolean'
        ? { kind: 'none' }
        : FILE_OPTIONS.has(long)
          ? { kind: 'file' }
          : choices
            ? { kind: 'words', words: choices }
            : { kind: 'none' };
    return { long, short, value };
  });
}

/** Every command with its options, from the same declarations the commands parse with. */
export const COMPLETED_COMMANDS: readonly CompletedCommand[] = [
  {
    name: 'demo',
    description: 'the seed example, fitted and plotted',
    options: describeOptions('demo', DEMO_OPTIONS),
    files: false,
  },
  {
    name: 'fit',
    description: 'fit a mixture to a data file',
    options: describeOptions('fit', FIT_OPTIONS),
    files: true,
  },
  {
    name: 'predict',
    description: 'component of each row under a model',
    options: describeOptions('predict', PREDICT_OPTIONS),
    files: true,
  },
  {
    name: 'impute',
    description: 'fill in missing values under a model',
    options: describeOptions('impute', IMPUTE_OPTIONS),
    files: true,
  },
  {
    name: 'sample',
    description: 'draw points from a model',
    options: describeOptions('sample', SAMPLE_OPTIONS),
    files: true,
  },
  { name: 'completion', description: 'shell completion script', options: [], files: false },
  { name: 'help', description: 'options and examples of a command', options: [], files: false },
];

/** Shells `em completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Words after `em completion` / `em help`, which are not files. */
function argumentWords(command: string): string[] | undefined {
  if (command === 'completion') return [...SHELLS];
  if (command === 'help') return COMPLETED_COMMANDS.filter((c) => c.name !== 'help').map((c) => c.name);
  return undefined;
}

const GLOBAL_OPTIONS = ['--help', '--version', '--debug'];

const spellings = (o: CompletedOption) => [`--${o.long}`, ...(o.short ? [`-${o.short}`] : [])];

function bash(): string {
  const cases = COMPLETED_COMMANDS.map((c) => {
    const lines: string[] = [];
    for (const o of c.options) {
      if (o.value.kind === 'words')
        lines.push(
          `        ${spellings(o).join('|')}) COMPREPLY=($(compgen -W ${shellQuote(o.value.words.join(' '))} -- "$cur")); return ;;`,
        );
    }
    const files = c.options.filter((o) => o.value.kind === 'file').flatMap(spellings);
    if (files.length > 0)
      lines.push(`        ${files.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`);
    const typed = c.options
      .filter((o) => o.value.kind === 'none' && !isFlag(c.name, o.long))
      .flatMap(spellings);
    if (typed.length > 0) lines.push(`        ${typed.join('|')}) return ;;`);
    const args = argumentWords(c.name);
    const rest = args
      ? `COMPREPLY=($(compgen -W ${shellQuote(args.join(' '))} -- "$cur"))`
      : c.files
        ? 'COMPREPLY=($(compgen -f -- "$cur"))'
        : 'COMPREPLY=()';
    const options = c.options.flatMap(spellings).join(' ');
    return [
      `    ${c.name})`,
      ...(lines.length > 0 ? ['      case "$prev" in', ...lines, '      esac'] : []),
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${shellQuote(options)} -- "$cur")); else ${rest}; fi`,
      '      ;;',
    ].join('\n');
  });
  return `# bash completion for em (em completion bash). Load it with
#   source <(em completion bash)
# or save it as ~/.local/share/bash-completion/completions/em
_em() {
  local cur prev cmd i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then
      COMPREPLY=($(compgen -W ${shellQuote(GLOBAL_OPTIONS.join(' '))} -- "$cur"))
    else
      COMPREPLY=($(compgen -W ${shellQuote(COMPLETED_COMMANDS.map((c) => c.name).join(' '))} -- "$cur"))
    fi
    return
  fi
  case "$cmd" in
${cases.join('\n')}
  esac
}
complete -o filenames -o bashdefault -F _em em
`;
}

const SPECS: Record<string, OptionSpec> = {
  demo: DEMO_OPTIONS,
  fit: FIT_OPTIONS,
  predict: PREDICT_OPTIONS,
  impute: IMPUTE_OPTIONS,
  sample: SAMPLE_OPTIONS,
};
/** Whether an option takes no value at all (a boolean), as opposed to a typed one such as --seed 3. */
function isFlag(command: string, long: string): boolean {
  return SPECS[command]?.[long]?.type === 'boolean';
}

function zsh(): string {
  const cases = COMPLETED_COMMANDS.map((c) => {
    const lines: string[] = [];
    for (const o of c.options) {
      if (o.value.kind === 'words')
        lines.push(
          `        ${spellings(o).join('|')}) compadd -- ${o.value.words.map(shellQuote).join(' ')}; return ;;`,
        );
      else if (o.value.kind === 'file') lines.push(`        ${spellings(o).join('|')}) _files; return ;;`);
      else if (!isFlag(c.name, o.long)) lines.push(`        ${spellings(o).join('|')}) return ;;`);
    }
    const args = argumentWords(c.name);
    const rest = args ? `compadd -- ${args.join(' ')}` : c.files ? '_files' : 'return';
    return [
      `    ${c.name})`,
      ...(lines.length > 0 ? ['      case $prev in', ...lines, '      esac'] : []),
      `      if [[ $cur == -* ]]; then compadd -- ${c.options.flatMap(spellings).join(' ')}; else ${rest}; fi`,
      '      ;;',
    ].join('\n');
  });
  return `#compdef em
# zsh completion for em (em completion zsh). Load it with
#   source <(em completion zsh)
# or save it as _em in a folder on your $fpath
_em() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} cmd="" i
  for (( i = 2; i < CURRENT; i++ )); do
    if [[ \${words[i]} != -* ]]; then cmd=\${words[i]}; break; fi
  done
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then
      compadd -- ${GLOBAL_OPTIONS.join(' ')}
    else
      local -a commands
      commands=(${COMPLETED_COMMANDS.map((c) => shellQuote(`${c.name}:${c.description}`)).join(' ')})
      _describe command commands
    fi
    return
  fi
  case $cmd in
${cases.join('\n')}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _em "$@"
else
  compdef _em em
fi
`;
}

function fish(): string {
  const names = COMPLETED_COMMANDS.map((c) => c.name).join(' ');
  const lines = [
    '# fish completion for em (em completion fish). Load it with',
    '#   em completion fish | source',
    '# or save it as ~/.config/fish/completions/em.fish',
    'complete -c em -f',
    `complete -c em -n "not __fish_seen_subcommand_from ${names}" -l help -s h -d 'show help'`,
    `complete -c em -n "not __fish_seen_subcommand_from ${names}" -l version -s V -d 'print the version'`,
  ];
  for (const c of COMPLETED_COMMANDS) {
    lines.push(
      `complete -c em -n "not __fish_seen_subcommand_from ${names}" -a ${c.name} -d ${shellQuote(c.description)}`,
    );
    const when = `-n "__fish_seen_subcommand_from ${c.name}"`;
    const args = argumentWords(c.name);
    if (args) lines.push(`complete -c em ${when} -a ${shellQuote(args.join(' '))}`);
    else if (c.files) lines.push(`complete -c em ${when} -F`);
    for (const o of c.options) {
      const flags = `-l ${o.long}${o.short ? ` -s ${o.short}` : ''}`;
      const value =
        o.value.kind === 'words'
          ? ` -x -a ${shellQuote(o.value.words.map(fishWord).join(' '))}`
          : o.value.kind === 'file'
            ? ' -r -F'
            : isFlag(c.name, o.long)
              ? ''
              : ' -x';
      lines.push(`complete -c em ${when} ${flags}${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** fish splits `-a`'s argument again: characters it would read as syntax get a backslash. */
function fishWord(word: string): string {
  return word.replace(/[^\w.-]/g, (c) => `\\${c}`);
}

/** Single quotes for the shell: `it's` → `'it'\''s'`. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The completion script for `shell`, generated from the commands' option declarations. */
export function completionScript(shell: Shell): string {
  return shell === 'bash' ? bash() : shell === 'zsh' ? zsh() : fish();
}
