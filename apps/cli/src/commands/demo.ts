import { resolve } from 'node:path';
import { GaussianMixture } from '@em/gaussian';
import { mixtureDensitySvg } from '@em/plot';
import { createRandom, normal } from '@em/sampling';
import {
  COMMON_OPTIONS,
  choiceOption,
  integerOption,
  type OptionSpec,
  parseCommandArgs,
  stringOption,
} from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { renderTable, sig } from '../format.js';
import { OutputFiles, writeStdout } from '../io/output.js';

export const DEMO_OPTIONS = {
  ...COMMON_OPTIONS,
  seed: { type: 'string' },
  plot: { type: 'string' },
  'no-plot': { type: 'boolean' },
  format: { type: 'string' },
} as const satisfies OptionSpec;

/** The seed article's example: two processes, N(20, 5) and N(40, 5), 4000 and 8000 draws. */
export const DEMO = {
  processes: [
    { loc: 20, scale: 5, size: 4000 },
    { loc: 40, scale: 5, size: 8000 },
  ],
  seed: 0,
  plot: 'em-demo.svg',
  shown: 80,
};

export async function demoCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('demo', args, DEMO_OPTIONS);
  if (positionals.length > 0)
    throw new UsageError(`em demo takes no arguments, received ${positionals.join(' ')}`);
  if (values.plot !== undefined && values['no-plot'])
    throw new UsageError('--plot and --no-plot contradict each other');
  const seed = integerOption('seed', values.seed, DEMO.seed, 0);
  const format = choiceOption('format', values.format, 'text', ['text', 'json'] as const);
  const plotPath = values['no-plot'] ? undefined : (stringOption(values.plot) ?? DEMO.plot);
  const outputs = new OutputFiles();
  if (plotPath !== undefined) await outputs.plan('plot', plotPath);

  // Draw the two processes one after the other, as the article does: the first 4000 points come
  // from N(20, 5), the next 8000 from N(40, 5).
  const rng = createRandom(seed);
  const n = DEMO.processes.reduce((sum, p) => sum + p.size, 0);
  const x = new Float64Array(n);
  const truth = new Int32Array(n);
  let offset = 0;
  DEMO.processes.forEach((draw, label) => {
    x.set(normal(rng, draw), offset);
    truth.fill(label, offset, offset + draw.size);
    offset += draw.size;
  });

  // Random initialisation from the data (initial means are random points, as in the article).
  // scikit-learn's 'random' draws uniform responsibilities instead: both components then start at
  // the overall mean, and EM stops at that saddle after two iterations (in scikit-learn too).
  const gmm = new GaussianMixture({ nComponents: 2, initParams: 'random_from_data', randomState: seed }).fit(
    x,
  );
  // Components come out in any order: match them to the processes by their means.
  const order = [0, 1].sort((a, b) => gmm.means[a]![0]! - gmm.means[b]![0]!);
  const rank = new Int32Array(2);
  order.forEach((component, i) => {
    rank[component] = i;
  });
  const predicted = gmm.predict(x).map((c) => rank[c]!);
  let correct = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === truth[i]) correct++;

  const fitted = order.map((c) => {
    const variance = (gmm.covariances as number[][][])[c]![0]![0]!;
    return { weight: gmm.weights[c]!, mean: gmm.means[c]![0]!, sd: Math.sqrt(variance) };
  });
  const truthParams = DEMO.processes.map((p) => ({ weight: p.size / n, mean: p.loc, sd: p.scale }));

  if (plotPath !== undefined) {
    const svg = mixtureDensitySvg(
      x,
      {
        weights: fitted.map((f) => f.weight),
        means: fitted.map((f) => f.mean),
        variances: fitted.map((f) => f.sd ** 2),
      },
      {
        bins: 50,
        title: 'EM demo: 4000 draws from N(20, 5) and 8000 from N(40, 5), with the fitted mixture',
        xLabel: 'x',
        componentLabels: fitted.map((f, i) => `process ${i + 1}: mean ${sig(f.mean, 4)}, sd ${sig(f.sd, 3)}`),
      },
    );
    await outputs.writeAllOrNothing(() => outputs.write(plotPath, svg));
  }

  // Process numbers (1 and 2), as the article prints them.
  const first = Array.from(predicted.subarray(0, DEMO.shown), (c) => c + 1);
  const last = Array.from(predicted.subarray(n - DEMO.shown), (c) => c + 1);
  if (format === 'json') {
    const result = {
      seed,
      truth: truthParams,
      fitted,
      converged: gmm.converged,
      nIter: gmm.nIter,
      logLikelihood: gmm.lowerBound * n,
      firstPredicted: first,
      lastPredicted: last,
      correct,
      n,
      accuracy: correct / n,
      plot: plotPath === undefined ? null : resolve(plotPath),
    };
    await writeStdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  }
  const rows = [['', 'weight', '', 'mean', '', 'sd', '']];
  rows.push(['', 'true', 'fitted', 'true', 'fitted', 'true', 'fitted']);
  fitted.forEach((f, i) => {
    const t = truthParams[i]!;
    rows.push([
      `process ${i + 1}`,
      t.weight.toFixed(4),
      f.weight.toFixed(4),
      String(t.mean),
      f.mean.toFixed(3),
      String(t.sd),
      f.sd.toFixed(3),
    ]);
  });
  const lines = [
    `EM demo (seed ${seed}): 4000 points from N(20, 5) and 8000 from N(40, 5), mixed; a two-component`,
    `Gaussian mixture fitted by EM from random starting means, without knowing which point came from where.`,
    '',
    renderTable(rows),
    '',
    `  converged: ${gmm.converged ? 'yes' : 'no'}, after ${gmm.nIter} iterations; log-likelihood ${(gmm.lowerBound * n).toFixed(3)}`,
    '',
    `Predicted process (1 or 2) of the first ${DEMO.shown} points, all drawn from process 1:`,
    `  ${first.join('')}`,
    `and of the last ${DEMO.shown} points, all drawn from process 2:`,
    `  ${last.join('')}`,
    `Classified correctly: ${correct.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} (${((100 * correct) / n).toFixed(1)}%)`,
  ];
  if (plotPath !== undefined) lines.push('', `Wrote the histogram and fitted density to ${plotPath}`);
  await writeStdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
