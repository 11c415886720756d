import { GaussianMixture } from '@em/gaussian';
import {
  COMMON_OPTIONS,
  choiceOption,
  integerOption,
  type OptionSpec,
  parseCommandArgs,
  stringOption,
} from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { componentNumber } from '../format.js';
import { csvCell } from '../io/labels.js';
import { readModelFile } from '../io/model-file.js';
import { OutputFiles, writeResult } from '../io/output.js';

export const SAMPLE_OPTIONS = {
  ...COMMON_OPTIONS,
  n: { type: 'string', short: 'n' },
  seed: { type: 'string' },
  output: { type: 'string', short: 'o' },
  format: { type: 'string' },
  'no-labels': { type: 'boolean' },
} as const satisfies OptionSpec;

export async function sampleCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('sample', args, SAMPLE_OPTIONS);
  if (positionals.length !== 1) {
    throw new UsageError(
      `expected one model file (em sample model.json -n 1000), received ${positionals.length} arguments`,
    );
  }
  if (values.n === undefined)
    throw new UsageError('missing -n: how many points to draw (em sample model.json -n 1000)');
  const n = integerOption('n', values.n, 0, 1);
  const format = choiceOption('format', values.format, 'csv', ['csv', 'json'] as const);
  const output = stringOption(values.output);
  const outputs = new OutputFiles();
  if (output !== undefined) await outputs.plan('output', output, [positionals[0]!]);

  const { json } = await readModelFile(positionals[0]!);
  // The model draws from a generator seeded with its randomState (scikit-learn's behaviour), so the
  // seed is set there: by default the one it was fitted with.
  const seed =
    values.seed === undefined ? json.options.randomState : integerOption('seed', values.seed, 0, 0);
  const model = GaussianMixture.fromJSON({ ...json, options: { ...json.options, randomState: seed } });
  const { X, labels: indices } = model.sample(n);
  const labels = Array.from(indices, componentNumber);
  const withLabels = values['no-labels'] !== true;

  let content: string;
  if (format === 'json') {
    content = `${JSON.stringify(withLabels ? { X, labels } : { X })}\n`;
  } else {
    // The columns' names when em fit saved them, else x1, x2, …
    const names = json.featureNames ?? Array.from({ length: model.nFeatures }, (_, j) => `x${j + 1}`);
    const header = [...names.map(csvCell), ...(withLabels ? ['label'] : [])];
    const lines = X.map((row, i) => (withLabels ? [...row, labels[i]] : row).join(','));
    content = `${header.join(',')}\n${lines.join('\n')}\n`;
  }
  await writeResult(outputs, output, content);
  return EXIT.ok;
}
