import { runEM, type StopRule } from '@em/core';
import { hasselblad, START } from './hasselblad.js';

// The same loose tolerance, read three ways by plain EM, and two by SQUAREM.
const runs: [StopRule, 'none' | 'squarem'][] = [
  ['absolute', 'none'],
  ['relative', 'none'],
  ['aitken', 'none'],
  ['absolute', 'squarem'],
  ['aitken', 'squarem'],
];
for (const [stopRule, acceleration] of runs) {
  const result = runEM(hasselblad, START, {
    tol: 1e-3,
    maxIter: 100_000,
    stopRule,
    acceleration,
  });
  const negLogLik = -hasselblad.eStep(result.params).logLikelihood;
  console.log(
    `${acceleration.padEnd(7)} ${stopRule.padEnd(8)}: ` +
      `${result.nEStep} E-steps, −log L ${negLogLik.toFixed(6)}`,
  );
}
