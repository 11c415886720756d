import type { Random } from '@em/sampling';
import { drawIndex, type Emission, normalizeRows, unpackRows } from './emission.js';

/** Emission probabilities of symbols 0…nFeatures−1, nStates × nFeatures. */
export interface CategoricalParams {
  emissionProb: Float64Array;
}

interface CategoricalPrepared {
  /** Transposed (symbol-major): the S probabilities of one symbol are contiguous. */
  bySymbol: Float64Array;
}

/** Expected emission counts, nStates × nFeatures. */
export type CategoricalStats = Float64Array;

export class CategoricalEmission
  implements Emission<CategoricalParams, CategoricalPrepared, CategoricalStats>
{
  readonly kind = 'categorical' as const;
  readonly columns = 1;
  readonly letters = 'e';
  readonly direct = true;
  constructor(
    readonly nStates: number,
    readonly nFeatures: number,
    readonly prior: Float64Array | undefined,
  ) {}

  prepare(params: CategoricalParams): CategoricalPrepared {
    const { nStates: s, nFeatures: k } = this;
    const bySymbol = new Float64Array(s * k);
    for (let j = 0; j < s; j++)
      for (let o = 0; o < k; o++) bySymbol[o * s + j] = params.emissionProb[j * k + o]!;
    return { bySymbol };
  }

  fill(prep: CategoricalPrepared, data: Float64Array, t0: number, t1: number, out: Float64Array): void {
    const s = this.nStates;
    const table = prep.bySymbol;
    for (let t = t0, o = 0; t < t1; t++, o += s) {
      const base = data[t]! * s;
      for (let j = 0; j < s; j++) out[o + j] = table[base + j]!;
    }
  }

  zeroStats(): CategoricalStats {
    return new Float64Array(this.nStates * this.nFeatures);
  }

  addStats(into: CategoricalStats, other: CategoricalStats): void {
    for (let i = 0; i < into.length; i++) into[i]! += other[i]!;
  }

  accumulate(
    _prep: CategoricalPrepared,
    stats: CategoricalStats,
    data: Float64Array,
    t: number,
    gamma: Float64Array,
    g0: number,
  ): void {
    const symbol = data[t]!;
    const k = this.nFeatures;
    for (let j = 0; j < this.nStates; j++) stats[j * k + symbol]! += gamma[g0 + j]!;
  }

  mStep(stats: CategoricalStats, params: CategoricalParams, fit: string): CategoricalParams {
    if (!fit.includes('e')) return params;
    return {
      emissionProb: normalizeRows(stats, this.prior, params.emissionProb, this.nStates, this.nFeatures),
    };
  }

  pack(params: CategoricalParams, out: number[]): void {
    for (const v of params.emissionProb) out.push(v);
  }

  unpack(vector: Float64Array, offset: number, like: CategoricalParams): CategoricalParams | undefined {
    const emissionProb = unpackRows(vector, offset, like.emissionProb, this.nStates, this.nFeatures);
    return emissionProb && { emissionProb };
  }

  nParameters(letters: string): number {
    return letters.includes('e') ? this.nStates * (this.nFeatures - 1) : 0;
  }

  sample(prep: CategoricalPrepared, state: number, rng: Random, out: Float64Array, offset: number): void {
    // The transposed table is symbol-major, so gather the state's row.
    const { nStates: s, nFeatures: k } = this;
    const row = new Float64Array(k);
    for (let o = 0; o < k; o++) row[o] = prep.bySymbol[o * s + state]!;
    out[offset] = drawIndex(row, 0, k, rng.next());
  }
}
