// fitStream's reading side: one sequence per chunk, re-read once per iteration, with the E-step adding
// the counts of blocks of consecutive sequences exactly as the in-memory E-step does.
import { type AsyncEMModel, type EStepResult, InvalidOptionError } from '@em/core';
import {
  type ChunkPasses,
  type ChunkStream,
  chunkFactory,
  type StreamSource,
  streamedEStep,
} from '@em/core/stream';
import {
  addCounts,
  BLOCK_STEPS,
  baumWelch,
  countSequences,
  type Params,
  type Priors,
  zeroCounts,
} from './baum-welch.js';
import type { Emission } from './emissions/emission.js';
import { SequenceInputError } from './errors.js';
import { type CountStats, finishTransitions, Workspace } from './forward-backward.js';
import { readSequences, type Sequences } from './sequences.js';
import type { SequenceInput } from './types.js';

/**
 * Options of {@link HiddenMarkovModel.fitStream}.
 *
 * @example
 * ```ts
 * import type { HmmStreamOptions } from '@em/hmm';
 * const options: HmmStreamOptions = { initSequences: 500, onProgress: (pass, steps) => console.log(pass, steps) };
 * ```
 */
export interface HmmStreamOptions {
  /**
   * Sequences drawn uniformly (reservoir sampling, seeded by `randomState`) in the first pass for
   * the data-driven initialisation (k-means of Gaussian emissions, Poisson rates). A source of no
   * more sequences than this is used whole, in order, exactly as `fit` does. Default 1000.
   */
  initSequences?: number;
  /** Called after each sequence: the pass (1-based), the steps read in it, and the source's steps once known. */
  onProgress?: (pass: number, steps: number, totalSteps: number | undefined) => void;
}

/** One sequence of the source, read, with its index (the sequence named in errors). */
export interface SequenceChunk {
  seqs: Sequences;
  index: number;
}

const KEYS = ['initSequences', 'onProgress'];

export function readHmmStreamOptions(
  options: HmmStreamOptions,
): HmmStreamOptions & { initSequences: number } {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new InvalidOptionError('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key))
      throw new InvalidOptionError(
        key,
        `no such option of fitStream (known: ${KEYS.join(', ')})`,
        (options as Record<string, unknown>)[key],
      );
  }
  const initSequences = options.initSequences ?? 1000;
  if (!Number.isSafeInteger(initSequences) || initSequences < 1)
    throw new InvalidOptionError('initSequences', 'an integer >= 1', initSequences);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    throw new InvalidOptionError('onProgress', 'a function', options.onProgress);
  return { ...options, initSequences };
}

/** The source's sequences, read one by one (a bad one named by its index in the source). */
export function sequenceChunks(
  source: StreamSource<SequenceInput>,
  onProgress: HmmStreamOptions['onProgress'],
): ChunkStream<SequenceChunk> {
  const chunks = chunkFactory(source);
  return {
    chunks: async function* () {
      let index = 0;
      for await (const chunk of chunks()) {
        if (Array.isArray(chunk) && chunk.length === 0)
          throw new SequenceInputError('sequences', 'a sequence of at least one observation', chunk, {
            sequence: index,
          });
        yield { seqs: inSequence(index, () => readSequences(chunk, undefined, 'sequences', false)), index };
        index++;
      }
    },
    shape: ({ seqs }) => ({ rows: seqs.offsets[1]!, cols: seqs.columns }),
    onChunk: onProgress,
  };
}

/** Runs `read` on the source's sequence `index`, re-naming the sequence of a SequenceInputError. */
export function inSequence<T>(index: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SequenceInputError && error.sequence !== index) {
      throw new SequenceInputError(error.argument, error.expected, error.received, {
        sequence: index,
        position: error.position,
        feature: error.feature,
      });
    }
    throw error;
  }
}

/**
 * Baum–Welch over the source's passes: the counts of blocks of consecutive sequences (a block closes
 * once it holds {@link BLOCK_STEPS} steps), each from zero, added in order — the in-memory E-step's
 * blocks and additions, so the fit equals `fit`'s bit for bit.
 */
export function streamedBaumWelch<E, Pr, St>(
  emission: Emission<E, Pr, St>,
  passes: ChunkPasses<SequenceChunk>,
  fit: string,
  priors: Priors,
): AsyncEMModel<Params<E>, CountStats<St>> {
  const inMemory = baumWelch(
    emission,
    { data: new Float64Array(0), columns: 1, offsets: Int32Array.of(0) },
    fit,
    priors,
  );
  const ws = new Workspace(emission.nStates);
  // The block being filled in the current pass (reset by `zero`, which starts every pass).
  let block = zeroCounts(emission);
  let blockLL = 0;
  let blockSteps = 0;
  let prepared: { params: Params<E>; prep: Pr } | undefined;
  const closeBlock = (total: EStepResult<CountStats<St>>): EStepResult<CountStats<St>> => {
    if (blockSteps === 0) return total;
    const closed = {
      stats: addCounts(emission, total.stats, block),
      logLikelihood: total.logLikelihood + blockLL,
    };
    block = zeroCounts(emission);
    blockLL = 0;
    blockSteps = 0;
    return closed;
  };
  const eStep = streamedEStep<Params<E>, CountStats<St>, SequenceChunk>({
    passes,
    zero: () => {
      block = zeroCounts(emission);
      blockLL = 0;
      blockSteps = 0;
      return zeroCounts(emission);
    },
    accumulate: (params, { seqs, index }, total) => {
      if (prepared?.params !== params) prepared = { params, prep: emission.prepare(params.emission) };
      const next = blockSteps >= BLOCK_STEPS ? closeBlock(total) : total;
      blockLL += countSequences(emission, prepared.prep, params, seqs, ws, 0, 1, block, index);
      blockSteps += seqs.offsets[1]!;
      return next;
    },
    finish: (total, params) => {
      const all = closeBlock(total);
      finishTransitions(all.stats.trans, params.transMat);
      return all;
    },
  });
  return { ...inMemory, eStep };
}
