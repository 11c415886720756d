import { COMMON_OPTIONS, type OptionSpec, parseCommandArgs, stringOption } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { imputedLines } from '../io/labels.js';
import { readModelFile } from '../io/model-file.js';
import { OutputFiles, writeResult } from '../io/output.js';
import { readTable } from '../io/read-table.js';
import { TABLE_OPTIONS, tableOptions } from './table-options.js';

export const IMPUTE_OPTIONS = {
  ...COMMON_OPTIONS,
  ...TABLE_OPTIONS,
  output: { type: 'string', short: 'o' },
} as const satisfies OptionSpec;

/**
 * `em impute model.json data.csv`: the data with every missing value (an empty cell or NA)
 * replaced by its conditional expectation under the fitted model, as CSV with the header.
 */
export async function imputeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('impute', args, IMPUTE_OPTIONS);
  if (positionals.length !== 2) {
    throw new UsageError(
      `expected a model file and a data file (em impute model.json data.csv), received ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`,
    );
  }
  const [modelPath, dataPath] = positionals as [string, string];
  const output = stringOption(values.output);
  const outputs = new OutputFiles();
  if (output !== undefined) await outputs.plan('output', output, [modelPath, dataPath]);
  const { model } = await readModelFile(modelPath);
  const table = await readTable(dataPath, { ...tableOptions(values), missing: true });
  if (table.cols !== model.nFeatures) {
    throw new UsageError(
      `${table.source} has ${table.cols} column${table.cols === 1 ? '' : 's'} (${table.names.join(', ')}) but the model was fitted on ${model.nFeatures}; choose them with --columns`,
    );
  }
  await writeResult(outputs, output, imputedLines(model, table));
  return EXIT.ok;
}
