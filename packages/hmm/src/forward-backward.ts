// Forward–backward in scaled form (Rabiner 1989, §V.A), fused with the accumulation of expected
// counts. Per step it keeps the filtered state probabilities α̂_t (summing to 1) and the emission
// probabilities; the backward pass renormalises β̂ at every step and the posteriors γ_t and ξ_t
// explicitly, so neither pass can underflow or overflow however long the sequence, and the S × S
// transition counts are summed on the fly: nothing of size T × S × S is ever allocated.
import { NumericalError } from '@em/core';
import type { Emission } from './emissions/emission.js';

/** Buffers reused across sequences and iterations, grown to the longest sequence. */
export class Workspace {
  alpha = new Float64Array(0);
  emis = new Float64Array(0);
  private readonly s: number;
  readonly p: Float64Array;
  readonly beta: Float64Array;
  readonly next: Float64Array;
  readonly w: Float64Array;

  constructor(nStates: number) {
    this.s = nStates;
    this.p = new Float64Array(nStates);
    this.beta = new Float64Array(nStates);
    this.next = new Float64Array(nStates);
    this.w = new Float64Array(nStates);
  }

  ensure(length: number): void {
    const need = length * this.s;
    if (this.alpha.length < need) {
      this.alpha = new Float64Array(need);
      this.emis = new Float64Array(need);
    }
  }
}

/** Where the forward pass found the observations impossible under the model. */
export interface Impossible {
  position: number;
}

/**
 * Forward pass over rows [t0, t0 + T) of `data`. Leaves α̂_t in `ws.alpha` and emission
 * probabilities (scaled per step) in `ws.emis`; returns the log-likelihood, or an {@link Impossible}
 * when the observations have probability zero (a symbol no reachable state emits).
 */
export function forward<Pr>(
  emission: Emission<unknown, Pr, unknown>,
  prep: Pr,
  startProb: Float64Array,
  transMat: Float64Array,
  data: Float64Array,
  t0: number,
  length: number,
  ws: Workspace,
): number | Impossible {
  const s = emission.nStates;
  ws.ensure(length);
  const { alpha, emis, p } = ws;
  emission.fill(prep, data, t0, t0 + length, emis);
  const direct = emission.direct;
  let logLik = 0;
  for (let t = 0, o = 0; t < length; t++, o += s) {
    if (t === 0) {
      for (let j = 0; j < s; j++) p[j] = startProb[j]!;
    } else {
      const prev = o - s;
      for (let j = 0; j < s; j++) {
        let v = 0;
        for (let i = 0; i < s; i++) v += alpha[prev + i]! * transMat[i * s + j]!;
        p[j] = v;
      }
    }
    if (!direct) {
      // Shift by the largest log-density among reachable states, so that state's factor is 1.
      let m = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < s; j++) {
        const e = emis[o + j]!;
        if (p[j]! > 0 && e > m) m = e;
      }
      if (!(m > Number.NEGATIVE_INFINITY && m < Number.POSITIVE_INFINITY)) return { position: t };
      for (let j = 0; j < s; j++) emis[o + j] = p[j]! > 0 ? Math.exp(emis[o + j]! - m) : 0;
      logLik += m;
    }
    let c = 0;
    for (let j = 0; j < s; j++) {
      const v = p[j]! * emis[o + j]!;
      alpha[o + j] = v;
      c += v;
    }
    if (c > 0) {
      const inv = 1 / c;
      for (let j = 0; j < s; j++) alpha[o + j]! *= inv;
      logLik += Math.log(c);
    } else {
      const norm = logStep(p, emis, alpha, o, s);
      if (norm === Number.NEGATIVE_INFINITY) return { position: t };
      logLik += norm;
    }
  }
  return logLik;
}

/**
 * A forward step in logs, for when p_j × b_j underflowed for every state (both tiny) or no reachable
 * state emits x_t (then −∞). Kept out of the hot loop.
 */
function logStep(p: Float64Array, emis: Float64Array, alpha: Float64Array, o: number, s: number): number {
  let lc = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < s; j++) {
    const v = Math.log(p[j]!) + Math.log(emis[o + j]!);
    alpha[o + j] = v;
    if (v > lc) lc = v;
  }
  if (!(lc > Number.NEGATIVE_INFINITY)) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let j = 0; j < s; j++) sum += Math.exp(alpha[o + j]! - lc);
  const norm = lc + Math.log(sum);
  for (let j = 0; j < s; j++) alpha[o + j] = Math.exp(alpha[o + j]! - norm);
  return norm;
}

/** Expected counts of one or more sequences: they add up across sequences. */
export interface CountStats<St> {
  /** Expected number of sequences starting in each state. */
  start: Float64Array;
  /**
   * Σ_t α̂_t(i) w_{t+1}(j) / z_t, before multiplying by the transition probability a_ij (done once
   * per E-step by {@link finishTransitions}).
   */
  trans: Float64Array;
  emission: St;
}

/**
 * Backward pass after {@link forward}, fused with the statistics: adds the start, transition and
 * emission counts of the sequence to `stats` (when given), and writes the posteriors γ_t over
 * `ws.alpha` (they replace α̂_t as the pass goes). `sequence` names it in errors.
 */
export function backward<Pr, St>(
  emission: Emission<unknown, Pr, St>,
  prep: Pr,
  transMat: Float64Array,
  data: Float64Array,
  t0: number,
  length: number,
  ws: Workspace,
  stats: CountStats<St> | undefined,
  sequence: number,
): void {
  const s = emission.nStates;
  const { alpha, emis, beta, next, w } = ws;
  beta.fill(1);
  // γ_{T−1} = α̂_{T−1}: already in place.
  if (stats) emission.accumulate(prep, stats.emission, data, t0 + length - 1, alpha, (length - 1) * s);
  const xi = stats === undefined ? new Float64Array(s * s) : stats.trans;
  const emissionStats = stats?.emission;
  for (let t = length - 2; t >= 0; t--) {
    const o = t * s;
    const on = o + s;
    for (let j = 0; j < s; j++) w[j] = emis[on + j]! * beta[j]!;
    let z = 0;
    let max = 0;
    for (let i = 0; i < s; i++) {
      const row = i * s;
      let b = 0;
      for (let j = 0; j < s; j++) b += transMat[row + j]! * w[j]!;
      next[i] = b;
      max = b > max ? b : max;
      z += alpha[o + i]! * b;
    }
    if (!(z > 0 && z < Number.POSITIVE_INFINITY)) throw lostProbability(sequence, t);
    const invZ = 1 / z;
    const invMax = 1 / max;
    for (let i = 0; i < s; i++) {
      const a = alpha[o + i]! * invZ;
      const row = i * s;
      for (let j = 0; j < s; j++) xi[row + j]! += a * w[j]!;
      alpha[o + i] = a * next[i]!;
      beta[i] = next[i]! * invMax;
    }
    if (emissionStats !== undefined) emission.accumulate(prep, emissionStats, data, t0 + t, alpha, o);
  }
  if (stats) for (let j = 0; j < s; j++) stats.start[j]! += alpha[j]!;
}

function lostProbability(sequence: number, position: number): NumericalError {
  return new NumericalError(
    `The backward pass of sequence ${sequence} lost all probability at position ${position}.`,
    'The observations are extremely unlikely under the current parameters; check the data for outliers or use a larger minCovar.',
  );
}

/** Turns the summed Σ α̂ w / z of {@link backward} into expected transition counts: × a_ij. */
export function finishTransitions(trans: Float64Array, transMat: Float64Array): void {
  for (let k = 0; k < trans.length; k++) trans[k]! *= transMat[k]!;
}
