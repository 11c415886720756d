import type { OptionSpec } from './args.js';

/** A number with a leading minus (`-1`, `-0.5`, `-1e3`): a value, never an option. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Rewrites the arguments so that a negative number after an option that takes a value is that
 * option's value (`-n -1` and `-n=-1` become `--n=-1`), as a user expects; Node's `parseArgs`
 * would read `-1` as an option. The value is then checked like any other (`n` must be >= 1).
 */
export function joinNegativeValues(args: string[], options: OptionSpec): string[] {
  const longOf = (token: string): string | undefined => {
    if (token.startsWith('--')) {
      const name = token.slice(2);
      return options[name]?.type === 'string' ? name : undefined;
    }
    if (/^-[^-]$/.test(token)) {
      const entry = Object.entries(options).find(([, spec]) => spec.short === token.slice(1));
      return entry && entry[1].type === 'string' ? entry[0] : undefined;
    }
    return undefined;
  };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') {
      out.push(...args.slice(i));
      break;
    }
    const short = /^-([^-])=(.*)$/s.exec(token);
    const shortName = short ? longOf(`-${short[1]}`) : undefined;
    if (short && shortName !== undefined) {
      out.push(`--${shortName}=${short[2]}`);
      continue;
    }
    const name = longOf(token);
    const next = args[i + 1];
    if (name !== undefined && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
      continue;
    }
    out.push(token);
  }
  return out;
}
