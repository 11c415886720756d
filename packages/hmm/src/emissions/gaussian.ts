import { NumericalError } from '@em/core';
import type { Random } from '@em/sampling';
import type { CovarianceType } from '../types.js';
import type { Emission } from './emission.js';
import {
  accumulateBank,
  addBankStats,
  type BankStats,
  bankIsValid,
  covarParameterCount,
  covarsLength,
  fillLogDensities,
  type GaussianBank,
  mStepBank,
  type PreparedBank,
  prepareBank,
  sampleBank,
  zeroBankStats,
} from './gaussian-bank.js';

/** One Gaussian per state. */
export interface GaussianParams {
  bank: GaussianBank;
}

interface GaussianPrepared {
  bank: PreparedBank;
  scratch: Float64Array;
}

export function prepareOrThrow(bank: GaussianBank, what: (index: number) => string): PreparedBank {
  const prep = prepareBank(bank);
  if (typeof prep === 'number')
    throw new NumericalError(
      `${what(-prep - 1)} has a covariance that is not positive definite.`,
      'Increase minCovar or give valid covars.',
    );
  return prep;
}

export class GaussianEmission implements Emission<GaussianParams, GaussianPrepared, BankStats> {
  readonly kind = 'gaussian' as const;
  readonly letters = 'mc';
  readonly direct = false;
  constructor(
    readonly nStates: number,
    readonly columns: number,
    readonly covarianceType: CovarianceType,
    readonly minCovar: number,
  ) {}

  prepare(params: GaussianParams): GaussianPrepared {
    const tied = this.covarianceType === 'tied';
    return {
      bank: prepareOrThrow(params.bank, (i) => (tied ? 'The tied covariance' : `State ${i}`)),
      scratch: new Float64Array(this.columns),
    };
  }

  fill(prep: GaussianPrepared, data: Float64Array, t0: number, t1: number, out: Float64Array): void {
    fillLogDensities(prep.bank, data, t0, t1, out, this.nStates, 0, prep.scratch);
  }

  zeroStats(): BankStats {
    return zeroBankStats({
      k: this.nStates,
      d: this.columns,
      type: this.covarianceType,
      groupSize: this.nStates,
      means: new Float64Array(0),
      covars: new Float64Array(0),
    });
  }

  addStats(into: BankStats, other: BankStats): void {
    addBankStats(into, other);
  }

  accumulate(
    _prep: GaussianPrepared,
    stats: BankStats,
    data: Float64Array,
    t: number,
    gamma: Float64Array,
    g0: number,
  ): void {
    const full = this.covarianceType === 'full' || this.covarianceType === 'tied';
    const d = this.columns;
    if (d === 1 && !full) {
      const x = data[t]!;
      for (let j = 0; j < this.nStates; j++) {
        const w = gamma[g0 + j]!;
        const wx = w * x;
        stats.n[j]! += w;
        stats.sx[j]! += wx;
        stats.sxx[j]! += wx * x;
      }
      return;
    }
    for (let j = 0; j < this.nStates; j++) accumulateBank(stats, full, d, j, gamma[g0 + j]!, data, t);
  }

  mStep(stats: BankStats, params: GaussianParams, fit: string, iteration: number): GaussianParams {
    const fitMeans = fit.includes('m');
    const fitCovars = fit.includes('c');
    if (!fitMeans && !fitCovars) return params;
    const bank = mStepBank(
      params.bank,
      stats,
      { fitMeans, fitCovars, minCovar: this.minCovar, iteration },
      (c) => `State ${c}`,
    );
    return { bank };
  }

  pack(params: GaussianParams, out: number[]): void {
    for (const v of params.bank.means) out.push(v);
    for (const v of params.bank.covars) out.push(v);
  }

  unpack(vector: Float64Array, offset: number, like: GaussianParams): GaussianParams | undefined {
    const nm = like.bank.means.length;
    const nc = like.bank.covars.length;
    const means = Float64Array.from(vector.subarray(offset, offset + nm));
    const covars = Float64Array.from(vector.subarray(offset + nm, offset + nm + nc));
    if (!means.every(Number.isFinite)) return undefined;
    const bank = { ...like.bank, means, covars };
    return bankIsValid(bank) ? { bank } : undefined;
  }

  nParameters(letters: string): number {
    const { nStates: s, columns: d } = this;
    return (
      (letters.includes('m') ? s * d : 0) +
      (letters.includes('c') ? covarParameterCount(this.covarianceType, s, d, s) : 0)
    );
  }

  sample(prep: GaussianPrepared, state: number, rng: Random, out: Float64Array, offset: number): void {
    sampleBank(prep.bank, state, () => rng.normal(), out, offset);
  }

  covarsLength(): number {
    return covarsLength(this.covarianceType, this.nStates, this.columns, this.nStates);
  }
}
