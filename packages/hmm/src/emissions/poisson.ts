import type { Random } from '@em/sampling';
import { poisson } from '@em/sampling';
import type { Emission } from './emission.js';

/** Rates λ, nStates × D (features independent given the state). */
export interface PoissonParams {
  lambdas: Float64Array;
}

interface PoissonPrepared {
  lambdas: Float64Array;
  logLambdas: Float64Array;
  /** Σ_d λ_jd per state. */
  totals: Float64Array;
}

/** Expected counts: Σγ per state (S) then Σγ·x per state and feature (S × D). */
export interface PoissonStats {
  n: Float64Array;
  sx: Float64Array;
}

const FACTORIAL_TABLE = 256;
const logFactorials = (() => {
  const table = new Float64Array(FACTORIAL_TABLE);
  for (let i = 2; i < FACTORIAL_TABLE; i++) table[i] = table[i - 1]! + Math.log(i);
  return table;
})();

/** log(x!) for a non-negative integer x: a table, then Stirling's series (error < 1e-16 relative). */
export function logFactorial(x: number): number {
  if (x < FACTORIAL_TABLE) return logFactorials[x]!;
  const n = x + 1;
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (
    (n - 0.5) * Math.log(n) -
    n +
    0.5 * Math.log(2 * Math.PI) +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
  );
}

export class PoissonEmission implements Emission<PoissonParams, PoissonPrepared, PoissonStats> {
  readonly kind = 'poisson' as const;
  readonly letters = 'l';
  readonly direct = false;
  constructor(
    readonly nStates: number,
    readonly columns: number,
  ) {}

  prepare(params: PoissonParams): PoissonPrepared {
    const { nStates: s, columns: d } = this;
    const totals = new Float64Array(s);
    for (let j = 0; j < s; j++) for (let f = 0; f < d; f++) totals[j]! += params.lambdas[j * d + f]!;
    return { lambdas: params.lambdas, logLambdas: params.lambdas.map(Math.log), totals };
  }

  fill(prep: PoissonPrepared, data: Float64Array, t0: number, t1: number, out: Float64Array): void {
    const { nStates: s, columns: d } = this;
    const { logLambdas, totals } = prep;
    for (let t = t0, o = 0; t < t1; t++, o += s) {
      let logNorm = 0;
      for (let f = 0; f < d; f++) logNorm += logFactorial(data[t * d + f]!);
      for (let j = 0; j < s; j++) {
        let v = -totals[j]! - logNorm;
        for (let f = 0; f < d; f++) {
          const x = data[t * d + f]!;
          // x log λ with x = 0 is 0 even when λ = 0 (a state that never emits this feature).
          if (x !== 0) v += x * logLambdas[j * d + f]!;
        }
        out[o + j] = v;
      }
    }
  }

  zeroStats(): PoissonStats {
    return { n: new Float64Array(this.nStates), sx: new Float64Array(this.nStates * this.columns) };
  }

  addStats(into: PoissonStats, other: PoissonStats): void {
    for (let i = 0; i < into.n.length; i++) into.n[i]! += other.n[i]!;
    for (let i = 0; i < into.sx.length; i++) into.sx[i]! += other.sx[i]!;
  }

  accumulate(
    _prep: PoissonPrepared,
    stats: PoissonStats,
    data: Float64Array,
    t: number,
    gamma: Float64Array,
    g0: number,
  ): void {
    const { nStates: s, columns: d } = this;
    for (let j = 0; j < s; j++) {
      const g = gamma[g0 + j]!;
      stats.n[j]! += g;
      for (let f = 0; f < d; f++) stats.sx[j * d + f]! += g * data[t * d + f]!;
    }
  }

  mStep(stats: PoissonStats, params: PoissonParams, fit: string): PoissonParams {
    if (!fit.includes('l')) return params;
    const { nStates: s, columns: d } = this;
    const lambdas = Float64Array.from(params.lambdas);
    for (let j = 0; j < s; j++) {
      if (!(stats.n[j]! > 0)) continue;
      for (let f = 0; f < d; f++) lambdas[j * d + f] = stats.sx[j * d + f]! / stats.n[j]!;
    }
    return { lambdas };
  }

  pack(params: PoissonParams, out: number[]): void {
    for (const v of params.lambdas) out.push(v);
  }

  unpack(vector: Float64Array, offset: number, like: PoissonParams): PoissonParams | undefined {
    const lambdas = Float64Array.from(vector.subarray(offset, offset + like.lambdas.length));
    return lambdas.every((v) => v >= 0 && Number.isFinite(v)) ? { lambdas } : undefined;
  }

  nParameters(letters: string): number {
    return letters.includes('l') ? this.nStates * this.columns : 0;
  }

  sample(prep: PoissonPrepared, state: number, rng: Random, out: Float64Array, offset: number): void {
    const d = this.columns;
    for (let f = 0; f < d; f++)
      out[offset + f] = poisson(rng, { lam: prep.lambdas[state * d + f]!, size: 1 })[0]!;
  }
}
