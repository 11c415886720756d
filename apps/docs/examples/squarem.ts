import { runEM } from '@em/core';
import { hasselblad, START } from './hasselblad.js';

const options = { tol: 1e-8, maxIter: 100_000 };
const plain = runEM(hasselblad, START, options);
const fast = runEM(hasselblad, START, { ...options, acceleration: 'squarem' });

for (const [name, result] of [
  ['plain EM', plain],
  ['SQUAREM ', fast],
] as const) {
  // −log L of the parameters returned (R's SQUAREM reports the same).
  const negLogLik = -hasselblad.eStep(result.params).logLikelihood;
  const [w, rate1, rate2] = result.params.map((p) => p.toFixed(4));
  console.log(
    `${name}: ${result.nEStep} E-steps in ${result.nIter} iterations, ` +
      `−log L ${negLogLik.toFixed(10)}, w ${w}, rates ${rate1}, ${rate2}`,
  );
}
console.log(`E-steps saved: ${(plain.nEStep / fast.nEStep).toFixed(1)}×`);
