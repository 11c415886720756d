import type { Random } from '@em/sampling';
import type { CovarianceType } from '../types.js';
import { drawIndex, type Emission, normalizeRows, unpackRows } from './emission.js';
import { prepareOrThrow } from './gaussian.js';
import {
  accumulateBank,
  addBankStats,
  type BankStats,
  bankIsValid,
  covarParameterCount,
  fillLogDensities,
  type GaussianBank,
  mStepBank,
  type PreparedBank,
  sampleBank,
  zeroBankStats,
} from './gaussian-bank.js';

/** A Gaussian mixture per state: weights nStates × nMix, components (state, mix) in state-major order. */
export interface GmmParams {
  weights: Float64Array;
  /** K = nStates × nMix components; tied covariances are shared within each state (groupSize nMix). */
  bank: GaussianBank;
}

interface GmmPrepared {
  bank: PreparedBank;
  logWeights: Float64Array;
  /** Log-densities of every component at one step. */
  comp: Float64Array;
  scratch: Float64Array;
}

export class GmmEmission implements Emission<GmmParams, GmmPrepared, BankStats> {
  readonly kind = 'gmm' as const;
  readonly letters = 'wmc';
  readonly direct = false;
  constructor(
    readonly nStates: number,
    readonly nMix: number,
    readonly columns: number,
    readonly covarianceType: CovarianceType,
    readonly minCovar: number,
    readonly prior: Float64Array | undefined,
  ) {}

  private label(c: number): string {
    const tied = this.covarianceType === 'tied';
    const state = Math.floor(c / this.nMix);
    return tied ? `State ${state}` : `State ${state}, mixture component ${c % this.nMix},`;
  }

  prepare(params: GmmParams): GmmPrepared {
    const k = this.nStates * this.nMix;
    return {
      bank: prepareOrThrow(params.bank, (i) =>
        this.covarianceType === 'tied' ? `State ${i}` : this.label(i),
      ),
      logWeights: params.weights.map(Math.log),
      comp: new Float64Array(k),
      scratch: new Float64Array(this.columns),
    };
  }

  /** Log-densities w_jm N_jm(x_t) of every component, into prep.comp. */
  private components(prep: GmmPrepared, data: Float64Array, t: number): void {
    fillLogDensities(prep.bank, data, t, t + 1, prep.comp, 0, 0, prep.scratch);
    for (let c = 0; c < prep.comp.length; c++) prep.comp[c]! += prep.logWeights[c]!;
  }

  fill(prep: GmmPrepared, data: Float64Array, t0: number, t1: number, out: Float64Array): void {
    const { nStates: s, nMix: m } = this;
    const comp = prep.comp;
    for (let t = t0, o = 0; t < t1; t++, o += s) {
      this.components(prep, data, t);
      for (let j = 0; j < s; j++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let c = j * m; c < (j + 1) * m; c++) if (comp[c]! > max) max = comp[c]!;
        if (max === Number.NEGATIVE_INFINITY) {
          out[o + j] = max;
          continue;
        }
        let sum = 0;
        for (let c = j * m; c < (j + 1) * m; c++) sum += Math.exp(comp[c]! - max);
        out[o + j] = max + Math.log(sum);
      }
    }
  }

  zeroStats(): BankStats {
    return zeroBankStats({
      k: this.nStates * this.nMix,
      d: this.columns,
      type: this.covarianceType,
      groupSize: this.nMix,
      means: new Float64Array(0),
      covars: new Float64Array(0),
    });
  }

  addStats(into: BankStats, other: BankStats): void {
    addBankStats(into, other);
  }

  accumulate(
    prep: GmmPrepared,
    stats: BankStats,
    data: Float64Array,
    t: number,
    gamma: Float64Array,
    g0: number,
  ): void {
    const { nStates: s, nMix: m, columns: d } = this;
    const full = this.covarianceType === 'full' || this.covarianceType === 'tied';
    this.components(prep, data, t);
    const comp = prep.comp;
    for (let j = 0; j < s; j++) {
      const g = gamma[g0 + j]!;
      if (g === 0) continue;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = j * m; c < (j + 1) * m; c++) if (comp[c]! > max) max = comp[c]!;
      if (max === Number.NEGATIVE_INFINITY) continue;
      let sum = 0;
      for (let c = j * m; c < (j + 1) * m; c++) sum += Math.exp(comp[c]! - max);
      for (let c = j * m; c < (j + 1) * m; c++) {
        const w = (g * Math.exp(comp[c]! - max)) / sum;
        if (w > 0) accumulateBank(stats, full, d, c, w, data, t);
      }
    }
  }

  mStep(stats: BankStats, params: GmmParams, fit: string, iteration: number): GmmParams {
    const fitMeans = fit.includes('m');
    const fitCovars = fit.includes('c');
    const weights = fit.includes('w')
      ? normalizeRows(stats.n, this.prior, params.weights, this.nStates, this.nMix)
      : params.weights;
    const bank =
      fitMeans || fitCovars
        ? mStepBank(params.bank, stats, { fitMeans, fitCovars, minCovar: this.minCovar, iteration }, (c) =>
            this.label(c),
          )
        : params.bank;
    return { weights, bank };
  }

  pack(params: GmmParams, out: number[]): void {
    for (const v of params.weights) out.push(v);
    for (const v of params.bank.means) out.push(v);
    for (const v of params.bank.covars) out.push(v);
  }

  unpack(vector: Float64Array, offset: number, like: GmmParams): GmmParams | undefined {
    const nw = like.weights.length;
    const nm = like.bank.means.length;
    const nc = like.bank.covars.length;
    const weights = unpackRows(vector, offset, like.weights, this.nStates, this.nMix);
    if (!weights) return undefined;
    const means = Float64Array.from(vector.subarray(offset + nw, offset + nw + nm));
    const covars = Float64Array.from(vector.subarray(offset + nw + nm, offset + nw + nm + nc));
    if (!means.every(Number.isFinite)) return undefined;
    const bank = { ...like.bank, means, covars };
    return bankIsValid(bank) ? { weights, bank } : undefined;
  }

  nParameters(letters: string): number {
    const { nStates: s, nMix: m, columns: d } = this;
    return (
      (letters.includes('w') ? s * (m - 1) : 0) +
      (letters.includes('m') ? s * m * d : 0) +
      (letters.includes('c') ? covarParameterCount(this.covarianceType, s * m, d, m) : 0)
    );
  }

  sample(prep: GmmPrepared, state: number, rng: Random, out: Float64Array, offset: number): void {
    const m = this.nMix;
    const weights = prep.logWeights.map(Math.exp);
    const c = state * m + drawIndex(weights, state * m, m, rng.next());
    sampleBank(prep.bank, c, () => rng.normal(), out, offset);
  }
}
