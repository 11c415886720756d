// How a fit ended, as the model reports it: the optimizer's description and the warnings about
// convergence and boundary estimates, the same for in-memory and streamed fits.
import type { Factor } from './design.js';
import type { OptimizerReport } from './model.js';
import type { VarianceParams } from './parameters.js';
import type { MixedWarning } from './prepare.js';

const SINGULAR_TOL = 1e-4; // lme4's isSingular tolerance on the relative Cholesky factor

/** What EM reported. */
interface EMOutcome {
  nIter: number;
  nEStep: number;
  converged: boolean;
  acceleration: string;
}

/** Factors whose relative covariance has a Cholesky diagonal below lme4's tolerance. */
export function singularFactors(
  factors: readonly Pick<Factor, 'q' | 'name'>[],
  params: VarianceParams,
): string[] {
  const out: string[] = [];
  factors.forEach((f, k) => {
    const q = f.q;
    const rel = params.cov[k]!.map((c) => c / params.sigma2);
    // Diagonal of the relative Cholesky factor, as lme4's θ.
    let singular = false;
    const l = Float64Array.from(rel);
    for (let j = 0; j < q && !singular; j++) {
      let d = l[j * q + j]!;
      for (let t = 0; t < j; t++) d -= l[j * q + t]! ** 2;
      if (!(d > SINGULAR_TOL ** 2)) {
        singular = true;
        break;
      }
      const ljj = Math.sqrt(d);
      l[j * q + j] = ljj;
      for (let i = j + 1; i < q; i++) {
        let s = l[i * q + j]!;
        for (let t = 0; t < j; t++) s -= l[i * q + t]! * l[j * q + t]!;
        l[i * q + j] = s / ljj;
      }
    }
    if (singular) out.push(f.name);
  });
  return out;
}

/** The optimizer report of a fit; pushes the not-converged and singular warnings into `warnings`. */
export function fitReport(
  em: EMOutcome,
  polish: boolean,
  polishIterations: number,
  polishConverged: boolean,
  factors: readonly Pick<Factor, 'q' | 'name'>[],
  params: VarianceParams,
  warnings: MixedWarning[],
): OptimizerReport {
  if (!em.converged && !(polish && polishConverged))
    warnings.push({
      code: 'not-converged',
      message: `EM stopped after ${em.nIter} iterations without meeting tol${polish ? ' and the Newton polish did not converge' : ''}: raise maxIter or turn polish on.`,
    });
  const method = em.acceleration === 'squarem' ? 'SQUAREM' : 'EM';
  const singular = singularFactors(factors, params);
  if (singular.length > 0)
    warnings.push({
      code: 'singular',
      message: `boundary (singular) fit: see isSingular() — the covariance of ${singular.join(', ')} is (nearly) singular: a variance is estimated as zero or a correlation as ±1.`,
    });
  return {
    method,
    emIterations: em.nIter,
    eSteps: em.nEStep,
    emConverged: em.converged,
    polish: polish ? 'newton' : 'none',
    polishIterations,
    polishConverged,
    description:
      `${method} (${em.nIter} iterations, ${em.nEStep} E-steps${em.converged ? '' : ', not converged'})` +
      (polish
        ? ` + Newton polish (${polishIterations} steps${polishConverged ? '' : ', not converged'})`
        : ''),
  };
}
