import { describeValue, ModelContractError } from './errors.js';
import type { ResolvedSquarem } from './options.js';
import { eStep, type Loop, type LoopRequest, mStep } from './requests.js';
import type { IterationTracker } from './tracker.js';
import type { EStepResult } from './types.js';

interface Packable<P> {
  pack(params: P): Float64Array;
  unpack(vector: Float64Array, like: P): P | undefined;
}

/**
 * SQUAREM (Varadhan & Roland 2008, Scand. J. Statist. 35:335–353), scheme S3, with the step-length
 * bounds and their growth of R's `SQUAREM` package (`squarem1`). One iteration (a "cycle") from p:
 *
 *   p₁ = F(p), p₂ = F(p₁), r = p₁ − p, v = (p₂ − p₁) − r, α = clamp(‖r‖/‖v‖, stepMin, stepMax),
 *   p′ = p + 2αr + α²v, then one stabilising EM step p_new = F(p′) (skipped when |α − 1| ≤ 0.01),
 *
 * where F is one EM step (E-step then M-step). The safeguard is stricter than R's default
 * (`objfn.inc = 1`): p_new is kept only if it is a valid parameter value (`unpack` does not return
 * undefined), its log-likelihood is finite and at least that of p₁, the plain EM step from p;
 * otherwise the cycle falls back to p₂ = F(F(p)) (or p₁ if rounding puts p₂ below it). So the
 * log-likelihood never decreases.
 *
 * The E-step that evaluates p_new's log-likelihood also gives the statistics of the next cycle's
 * first EM step, so a cycle costs 3 E-steps (4 when an extrapolation is rejected).
 */
export function* squaremCycles<P, S>(
  model: Packable<P>,
  params: P,
  tracker: IterationTracker<P>,
  controls: ResolvedSquarem,
): Loop<P, S> {
  const vectors = new PackedVectors(model);
  let stepMax = controls.stepMax;
  let current: EStepResult<S> | undefined;
  while (!tracker.aborted()) {
    current ??= yield* eStep<P, S>(tracker, params);
    const logLikelihood = current.logLikelihood;
    tracker.requireFinite(logLikelihood);

    const p1 = yield* mStep<P, S>(tracker, current.stats, params);
    const e1 = yield* eStep<P, S>(tracker, p1);
    let next: { params: P; eStep: EStepResult<S> } | undefined;
    if (!Number.isFinite(e1.logLikelihood)) {
      // As plain EM: the next iteration reports the non-finite log-likelihood.
      next = { params: p1, eStep: e1 };
    } else {
      const p2 = yield* mStep<P, S>(tracker, e1.stats, p1);
      let alpha = vectors.stepLength(params, p1, p2);
      alpha = Math.max(controls.stepMin, Math.min(stepMax, alpha));
      if (!Number.isNaN(alpha)) {
        next = yield* extrapolate(vectors, tracker, params, p2, alpha);
        // Keep it only if it does at least as well as the plain EM step from the same point (when
        // α = 1 the point is p₂ itself, which can lose to p₁ only by rounding: keep p₁ then).
        if (next && !(next.eStep.logLikelihood >= e1.logLikelihood)) {
          next = next.params === p2 ? { params: p1, eStep: e1 } : undefined;
        }
      }
      if (!next) {
        next = { params: p2, eStep: yield* eStep<P, S>(tracker, p2) };
        // At a fixed point p₂ can lose to p₁ by rounding; p₁'s E-step is at hand.
        if (!(next.eStep.logLikelihood >= e1.logLikelihood)) next = { params: p1, eStep: e1 };
        if (alpha === stepMax) stepMax = Math.max(controls.stepMax, stepMax / controls.stepFactor);
        alpha = 1;
      }
      // As R's SQUAREM: a step at the bound lets the bound grow (also after a fallback to α = 1).
      if (alpha === stepMax) stepMax *= controls.stepFactor;
    }

    params = next.params;
    current = next.eStep;
    const { info, stop } = tracker.record(logLikelihood, params);
    yield { kind: 'iteration', info };
    if (stop) break;
  }
  return tracker.result(params, 'squarem');
}

/**
 * The extrapolated point p + 2αr + α²v (exactly p₂ when α = 1), stabilised by one EM step when
 * |α − 1| > 0.01, with the E-step of the result; undefined when it is not a valid parameter value
 * or its log-likelihood is not finite.
 */
function* extrapolate<P, S>(
  vectors: PackedVectors<P>,
  tracker: IterationTracker<P>,
  params: P,
  p2: P,
  alpha: number,
): Generator<LoopRequest<P, S>, { params: P; eStep: EStepResult<S> } | undefined> {
  let candidate = p2;
  if (alpha !== 1) {
    const unpacked = vectors.unpack(vectors.extrapolated(alpha), params);
    if (unpacked === undefined) return undefined;
    candidate = unpacked;
    if (Math.abs(alpha - 1) > 0.01) {
      // As R's SQUAREM (`try(fixptfn(p.new))`): a step that fails at the extrapolated point makes
      // it infeasible; the fallback p₂ is reached by steps that did not fail.
      try {
        const stabilise = yield* eStep<P, S>(tracker, candidate);
        if (!Number.isFinite(stabilise.logLikelihood)) return undefined;
        candidate = yield* mStep<P, S>(tracker, stabilise.stats, candidate);
      } catch {
        return undefined;
      }
    }
  }
  let evaluated: EStepResult<S>;
  try {
    evaluated = yield* eStep<P, S>(tracker, candidate);
  } catch (error) {
    if (candidate === p2) throw error;
    return undefined;
  }
  if (!Number.isFinite(evaluated.logLikelihood)) return undefined;
  return { params: candidate, eStep: evaluated };
}

/** The packed vectors of one cycle and the arithmetic on them, with the model's pack/unpack checked. */
class PackedVectors<P> {
  private length = -1;
  private p0: Float64Array = new Float64Array(0);
  private r = new Float64Array(0);
  private v = new Float64Array(0);

  constructor(private readonly model: Packable<P>) {}

  /** Packs p, p₁, p₂ and returns S3's step length ‖r‖/‖v‖ (NaN when both are 0). */
  stepLength(p: P, p1: P, p2: P): number {
    const v0 = this.pack(p);
    const v1 = this.pack(p1);
    const v2 = this.pack(p2);
    let rr = 0;
    let vv = 0;
    for (let i = 0; i < v0.length; i++) {
      const r = v1[i]! - v0[i]!;
      const v = v2[i]! - v1[i]! - r;
      this.r[i] = r;
      this.v[i] = v;
      rr += r * r;
      vv += v * v;
    }
    this.p0 = v0;
    return Math.sqrt(rr / vv);
  }

  /** p + 2αr + α²v from the vectors of the last {@link stepLength} call. */
  extrapolated(alpha: number): Float64Array {
    const out = new Float64Array(this.p0.length);
    for (let i = 0; i < out.length; i++)
      out[i] = this.p0[i]! + 2 * alpha * this.r[i]! + alpha * alpha * this.v[i]!;
    return out;
  }

  unpack(vector: Float64Array, like: P): P | undefined {
    try {
      return this.model.unpack(vector, like);
    } catch (error) {
      throw new ModelContractError(
        'unpack',
        'parameters, or undefined for an infeasible vector',
        undefined,
        error,
      );
    }
  }

  private pack(params: P): Float64Array {
    let vector: unknown;
    try {
      vector = this.model.pack(params);
    } catch (error) {
      throw new ModelContractError('pack', 'a Float64Array', undefined, error);
    }
    if (!(vector instanceof Float64Array)) throw new ModelContractError('pack', 'a Float64Array', vector);
    if (this.length < 0) {
      this.length = vector.length;
      this.r = new Float64Array(vector.length);
      this.v = new Float64Array(vector.length);
    } else if (vector.length !== this.length) {
      throw new ModelContractError(
        'pack',
        `a Float64Array of length ${this.length} (as for the initial parameters)`,
        vector,
      );
    }
    for (let i = 0; i < vector.length; i++) {
      if (!Number.isFinite(vector[i])) {
        throw new ModelContractError(
          'pack',
          `finite numbers (entry ${i} is ${describeValue(vector[i])})`,
          vector,
        );
      }
    }
    return vector;
  }
}
