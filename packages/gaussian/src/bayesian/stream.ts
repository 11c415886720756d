import { InvalidInputError, InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { ChunkPasses } from '@em/core/stream';
import { createRandom } from '@em/sampling';
import { kernelFor } from '../kernels/index.js';
import { createFusedEStep } from '../kernels/specialized/index.js';
import { compileWasmKernels } from '../kernels/wasm/module.js';
import { readStreamOptions, type StreamFitOptions } from '../streaming/fit-stream.js';
import { Reservoir } from '../streaming/reservoir.js';
import { type ChunkSource, openSource } from '../streaming/source.js';
import type { BayesianFittedState } from './bayesian-mixture.js';
import { type BayesianExternalContext, rejectRespInit, runVariationalElsewhere } from './external-fit.js';
import { addColumnSums, CentredProducts, columnMeans, priorsFromData } from './priors.js';
import { blockStatistics } from './variational.js';

/**
 * `BayesianGaussianMixture.fitStream`: the variational fit over a source read once per iteration.
 * Pass 1 counts the rows, adds the column sums (the mean prior) and draws the initialisation
 * sample; unless `covariancePrior` is given, pass 2 sums the centred products (the covariance
 * prior); then one pass per iteration adds the E-step statistics of the source's 4096-row blocks in
 * row order, as `fit` adds its blocks, so on the same rows and start the fit is `fit`'s bit for bit.
 */
export async function bayesianFitStream(
  context: BayesianExternalContext,
  source: ChunkSource,
  streamOptions: StreamFitOptions = {},
): Promise<BayesianFittedState | undefined> {
  const { options } = context;
  const { initSample, onProgress, ...formatOptions } = readStreamOptions(streamOptions);
  rejectRespInit(options, 'fitStream');
  if (options.initParams === 'hc') {
    throw new InvalidOptionError('initParams', "not 'hc' for fitStream", 'hc');
  }
  const opened = openSource(source, formatOptions);
  const { nComponents: k, covarianceType: type, kernels } = options;
  if (kernels === undefined || kernels === 'auto' || kernels === 'wasm') await compileWasmKernels();
  const seed = options.randomState ?? context.seed();
  const { meter } = opened;
  const passes = new ChunkPasses<FlatMatrix>({
    chunks: () => {
      meter.bytes = 0;
      return opened.pass();
    },
    shape: (block) => block,
    onChunk: onProgress
      ? (pass, rows, totalRows) =>
          onProgress({ pass, rows, totalRows, bytes: meter.bytes, totalBytes: meter.totalBytes })
      : undefined,
  });

  // Pass 1: rows, column sums, the initialisation sample (seeded apart from the initialisation's draws).
  let reservoir: Reservoir | undefined;
  let sums: Float64Array | undefined;
  const sampleRandom = createRandom(BigInt(seed) + 1n).random;
  for await (const { chunk: block } of passes.next()) {
    reservoir ??= new Reservoir(initSample, block.cols, sampleRandom);
    sums ??= new Float64Array(block.cols);
    reservoir.offer(block);
    addColumnSums(sums, block);
  }
  if (!reservoir || !sums) throw new InvalidInputError('source', 'at least one row', 'no rows');
  const n = reservoir.seen;
  const d = reservoir.cols;
  const mean = columnMeans(sums, n);
  const priors = await priorsFromData(options, n, d, mean, async () => {
    const products = new CentredProducts(type, d, mean);
    for await (const { chunk: block } of passes.next()) products.add(block);
    return products.covariance(n);
  });
  const kernel = kernelFor(type, d);
  const fused = createFusedEStep(type, d, k, kernels);
  return runVariationalElsewhere(
    { ...context, seed: () => seed },
    {
      n,
      d,
      sample: reservoir.sample(),
      priors,
      async statistics(gaussian, total) {
        for await (const { chunk: block } of passes.next())
          blockStatistics(kernel, fused, block, gaussian, total);
        return total;
      },
    },
  );
}
