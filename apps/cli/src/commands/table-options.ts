import { type OptionSpec, stringOption } from '../args.js';
import { UsageError } from '../errors.js';
import type { TableOptions } from '../io/read-table.js';

/** Options of every command that reads a data file. */
export const TABLE_OPTIONS = {
  columns: { type: 'string' },
  delimiter: { type: 'string', short: 'd' },
  header: { type: 'boolean' },
  'no-header': { type: 'boolean' },
} as const satisfies OptionSpec;

export function tableOptions(values: Record<string, string | boolean | undefined>): TableOptions {
  if (values.header && values['no-header'])
    throw new UsageError('--header and --no-header contradict each other');
  return {
    missing: values.missing === 'em',
    columns: stringOption(values.columns),
    delimiter: stringOption(values.delimiter),
    header: values.header ? true : values['no-header'] ? false : undefined,
  };
}
