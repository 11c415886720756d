import { COMMON_OPTIONS, choiceOption, type OptionSpec, parseCommandArgs, stringOption } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { componentNumber } from '../format.js';
import { batches, labelLines } from '../io/labels.js';
import { readModelFile } from '../io/model-file.js';
import { OutputFiles, writeResult } from '../io/output.js';
import { readTable } from '../io/read-table.js';
import { TABLE_OPTIONS, tableOptions } from './table-options.js';

export const PREDICT_OPTIONS = {
  ...COMMON_OPTIONS,
  ...TABLE_OPTIONS,
  output: { type: 'string', short: 'o' },
  format: { type: 'string' },
} as const satisfies OptionSpec;

export async function predictCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('predict', args, PREDICT_OPTIONS);
  if (positionals.length !== 2) {
    throw new UsageError(
      `expected a model file and a data file (em predict model.json data.csv), received ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`,
    );
  }
  const [modelPath, dataPath] = positionals as [string, string];
  const format = choiceOption('format', values.format, 'csv', ['csv', 'json'] as const);
  const output = stringOption(values.output);
  const outputs = new OutputFiles();
  if (output !== undefined) await outputs.plan('output', output, [modelPath, dataPath]);

  const { model, json } = await readModelFile(modelPath);
  // A model fitted with --missing em predicts rows with missing values too; a header holding the
  // model's column names picks those columns.
  const table = await readTable(dataPath, {
    ...tableOptions(values),
    missing: model.options.missing === 'em',
    preferredNames: json.featureNames,
  });
  if (table.cols !== model.nFeatures) {
    const fittedOn = json.featureNames ? ` (${json.featureNames.join(', ')})` : '';
    throw new UsageError(
      `${table.source} has ${table.cols} column${table.cols === 1 ? '' : 's'} (${table.names.join(', ')}) but the model was fitted on ${model.nFeatures}${fittedOn}; choose them with --columns`,
    );
  }
  const content = format === 'csv' ? labelLines(model, table) : jsonLines(model, table);
  await writeResult(outputs, output, content);
  return EXIT.ok;
}

/** `{"labels": [...], "probabilities": [[...], ...]}`, written batch by batch; labels numbered from 1. */
function* jsonLines(model: Parameters<typeof labelLines>[0], table: Parameters<typeof labelLines>[1]) {
  const labels: number[] = [];
  for (const batch of batches(table))
    for (const label of model.predict(batch)) labels.push(componentNumber(label));
  yield `{"labels":${JSON.stringify(labels)},"probabilities":[`;
  let first = true;
  for (const batch of batches(table)) {
    const rows = model.predictProba(batch).map((row) => JSON.stringify(row));
    yield (first ? '' : ',') + rows.join(',');
    first = false;
  }
  yield ']}\n';
}
