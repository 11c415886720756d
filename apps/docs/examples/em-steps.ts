import { emSteps } from '@em/core';
import { hasselblad, START } from './hasselblad.js';

// The loop of runEM, one iteration at a time: pull as many as you like.
const steps = emSteps(hasselblad, START, {
  tol: 1e-8,
  acceleration: 'squarem',
});
for (const { iteration, nEStep, logLikelihood, params } of steps) {
  const [w, rate1, rate2] = params.map((p) => p.toFixed(4));
  console.log(
    `${iteration}: w ${w}, rates ${rate1}, ${rate2} ` +
      `(${nEStep} E-steps, log L ${logLikelihood.toFixed(4)})`,
  );
  if (iteration === 5) break; // dropping the generator ends the run
}
