// Baum–Welch as an @em/core model: the E-step is the fused forward–backward over every sequence
// (statistics add across sequences), the M-step the Dirichlet-MAP / maximum-likelihood update.
import { type EMModel, type EStepResult, NumericalError } from '@em/core';
import { type Emission, normalizeRows, unpackRows } from './emissions/emission.js';
import { backward, type CountStats, finishTransitions, forward, Workspace } from './forward-backward.js';
import type { Sequences } from './sequences.js';

/** All parameters of a model: start and transition probabilities, and the emission parameters. */
export interface Params<E> {
  startProb: Float64Array;
  transMat: Float64Array;
  emission: E;
}

export interface Priors {
  start: Float64Array | undefined;
  trans: Float64Array | undefined;
}

/** Zero counts: the statistics of no sequence. */
export function zeroCounts<St>(emission: Emission<unknown, unknown, St>): CountStats<St> {
  const s = emission.nStates;
  return { start: new Float64Array(s), trans: new Float64Array(s * s), emission: emission.zeroStats() };
}

/** Adds `other` into `into` (the counts of disjoint sets of sequences add up); returns `into`. */
export function addCounts<St>(
  emission: Emission<unknown, unknown, St>,
  into: CountStats<St>,
  other: CountStats<St>,
): CountStats<St> {
  for (let i = 0; i < into.start.length; i++) into.start[i]! += other.start[i]!;
  for (let i = 0; i < into.trans.length; i++) into.trans[i]! += other.trans[i]!;
  emission.addStats(into.emission, other.emission);
  return into;
}

/**
 * Adds the counts of sequences [first, last) of `seqs` to `stats`, with the transition counts not yet
 * multiplied by a_ij (see {@link finishTransitions}), and returns their log-likelihood. `base` is the
 * index of `seqs`' first sequence among all the sequences of the fit (to name a sequence in errors).
 */
export function countSequences<E, Pr, St>(
  emission: Emission<E, Pr, St>,
  prep: Pr,
  params: Params<E>,
  seqs: Sequences,
  ws: Workspace,
  first: number,
  last: number,
  stats: CountStats<St>,
  base = 0,
): number {
  let logLikelihood = 0;
  for (let q = first; q < last; q++) {
    const t0 = seqs.offsets[q]!;
    const length = seqs.offsets[q + 1]! - t0;
    const ll = forward(emission, prep, params.startProb, params.transMat, seqs.data, t0, length, ws);
    if (typeof ll !== 'number') {
      throw new NumericalError(
        `Sequence ${base + q} has probability 0 at position ${ll.position} under the current parameters.`,
        'A structural zero (in startProb, transMat or emissionProb) rules it out; allow that transition or emission.',
      );
    }
    logLikelihood += ll;
    backward(emission, prep, params.transMat, seqs.data, t0, length, ws, stats, base + q);
  }
  return logLikelihood;
}

/**
 * Steps per block. The E-step adds up the counts of blocks of consecutive whole sequences (each
 * block from zero, then the blocks in order), in `fit` and on worker threads alike: the blocks do not
 * depend on the number of threads, so neither do the sums, bit for bit.
 */
export const BLOCK_STEPS = 1 << 14;

/**
 * Cuts the sequences into blocks of consecutive sequences: a block closes once it holds at least
 * {@link BLOCK_STEPS} steps (or at the last sequence). Block b is sequences bounds[b] … bounds[b + 1] − 1.
 */
export function blockBounds(offsets: Int32Array): Int32Array {
  const n = offsets.length - 1;
  const bounds = [0];
  let start = offsets[0]!;
  for (let q = 0; q < n; q++) {
    if (offsets[q + 1]! - start >= BLOCK_STEPS && q + 1 < n) {
      bounds.push(q + 1);
      start = offsets[q + 1]!;
    }
  }
  bounds.push(n);
  return Int32Array.from(bounds);
}

/** Expected counts and log-likelihood of all the sequences, with the parameters they were computed under. */
export function eStep<E, Pr, St>(
  emission: Emission<E, Pr, St>,
  params: Params<E>,
  seqs: Sequences,
  ws: Workspace,
  blocks: Int32Array = blockBounds(seqs.offsets),
): EStepResult<CountStats<St>> {
  const prep = emission.prepare(params.emission);
  const nBlocks = blocks.length - 1;
  // The same additions as @em/core's sumEStepResults over the blocks (0 + x = x: one block is added
  // directly), which is how the counts of worker threads are added up.
  let stats = zeroCounts(emission);
  let logLikelihood = 0;
  for (let b = 0; b < nBlocks; b++) {
    const block = nBlocks === 1 ? stats : zeroCounts(emission);
    const ll = countSequences(emission, prep, params, seqs, ws, blocks[b]!, blocks[b + 1]!, block);
    if (nBlocks > 1) stats = addCounts(emission, stats, block);
    logLikelihood += ll;
  }
  finishTransitions(stats.trans, params.transMat);
  return { stats, logLikelihood };
}

/** The @em/core model of Baum–Welch over `seqs`. */
export function baumWelch<E, Pr, St>(
  emission: Emission<E, Pr, St>,
  seqs: Sequences,
  fit: string,
  priors: Priors,
): EMModel<Params<E>, CountStats<St>> {
  const s = emission.nStates;
  const ws = new Workspace(s);
  const blocks = blockBounds(seqs.offsets);
  return {
    eStep: (params) => eStep(emission, params, seqs, ws, blocks),
    mStep(stats, params, { iteration }) {
      return {
        startProb: fit.includes('s')
          ? normalizeRows(stats.start, priors.start, params.startProb, 1, s)
          : params.startProb,
        transMat: fit.includes('t')
          ? normalizeRows(stats.trans, priors.trans, params.transMat, s, s)
          : params.transMat,
        emission: emission.mStep(stats.emission, params.emission, fit, iteration),
      };
    },
    pack(params) {
      const out: number[] = [...params.startProb, ...params.transMat];
      emission.pack(params.emission, out);
      return Float64Array.from(out);
    },
    unpack(vector, like) {
      const startProb = unpackRows(vector, 0, like.startProb, 1, s);
      const transMat = unpackRows(vector, s, like.transMat, s, s);
      if (!startProb || !transMat) return undefined;
      const e = emission.unpack(vector, s + s * s, like.emission);
      return e === undefined ? undefined : { startProb, transMat, emission: e };
    },
  };
}
