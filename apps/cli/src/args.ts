import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { joinNegativeValues } from './negative-values.js';
import { didYouMean } from './suggest.js';

/** Option declarations as `node:util` `parseArgs` takes them. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const satisfies OptionSpec;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments strictly: an unknown option, a missing value or a value given to a
 * flag is a {@link UsageError} with one readable sentence instead of Node's multi-line message.
 */
export function parseCommandArgs(command: string, args: string[], options: OptionSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(args, options),
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new UsageError(describeParseError(command, error, options));
  }
}

/** Every spelling of the options: `--components`, `-k`, … */
export function optionNames(options: OptionSpec): string[] {
  return Object.entries(options).flatMap(([name, spec]) => [
    `--${name}`,
    ...(spec.short ? [`-${spec.short}`] : []),
  ]);
}

function describeParseError(command: string, error: unknown, options: OptionSpec): string {
  const longName = (short: string) =>
    Object.entries(options).find(([, spec]) => `-${spec.short}` === short)?.[0] ?? short.replace(/^-+/, '');
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^' ,]+)/.exec(message)?.[1] ?? 'an option';
  const help = `run 'em ${command} --help' for the options`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // --version works after any command (main.ts answers it before parsing).
    const known = [...optionNames(options).filter((o) => o.startsWith('--')), '--version'];
    const guess = option.startsWith('--') ? didYouMean(option.split('=')[0]!, known) : '';
    return `unknown option ${option}${guess || `; ${help}`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take an argument')) return `option ${option} does not take a value`;
    if (message.includes('ambiguous')) {
      const long = option.startsWith('--') ? option : `--${longName(option)}`;
      return `option ${option} needs a value; to give one that starts with '-', write ${long}=<value>`;
    }
    return `option ${option} needs a value; ${help}`;
  }
  return `${message.split('\n')[0]}; ${help}`;
}

/** An integer option, at least `min`. */
export function integerOption(
  name: string,
  raw: string | boolean | undefined,
  fallback: number,
  min: number,
): number {
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  const value = Number(raw);
  if (!/^\s*[+-]?\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw invalidValue(name, raw, `an integer >= ${min}`);
  }
  return value;
}

/** A finite number option, at least `min`. */
export function numberOption(
  name: string,
  raw: string | boolean | undefined,
  fallback: number,
  min: number,
): number {
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value) || value < min) throw invalidValue(name, raw, `a number >= ${min}`);
  return value;
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(
  name: string,
  raw: string | boolean | undefined,
  fallback: T,
  choices: readonly T[],
): T {
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  if (!(choices as readonly string[]).includes(raw))
    throw invalidValue(name, raw, `one of ${choices.join(', ')}`, didYouMean(raw, choices));
  return raw as T;
}

/** A string option, or undefined. */
export function stringOption(raw: string | boolean | undefined): string | undefined {
  return typeof raw === 'string' ? raw : undefined;
}

/** "invalid value for --tol: expected a number >= 0, received "abc"" */
export function invalidValue(name: string, raw: string, expected: string, hint = ''): UsageError {
  return new UsageError(
    `invalid value for --${name}: expected ${expected}, received ${JSON.stringify(raw)}${hint}`,
  );
}

/**
 * `--components`: one number (`3`), an inclusive range (`1..9`) or a list (`2,3,5`).
 * Returned sorted and without duplicates.
 */
export function componentsOption(raw: string | boolean | undefined, fallback: number[]): number[] {
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  const expected = 'a number of components >= 1, a range such as 1..9, or a list such as 2,3,5';
  const whole = (text: string) => {
    const value = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
      throw invalidValue('components', raw, expected);
    }
    return value;
  };
  const values = new Set<number>();
  for (const part of raw.split(',')) {
    const range = /^(.*)\.\.(.*)$/.exec(part);
    if (range) {
      const from = whole(range[1]!);
      const to = whole(range[2]!);
      if (to < from) throw invalidValue('components', raw, `${expected} (with the smaller number first)`);
      if (to - from > 1000) throw invalidValue('components', raw, 'a range of at most 1000 values');
      for (let k = from; k <= to; k++) values.add(k);
    } else {
      values.add(whole(part));
    }
  }
  return [...values].sort((a, b) => a - b);
}
