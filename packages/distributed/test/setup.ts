import fc from 'fast-check';

// CI replays one fixed fast-check seed so a submission's result does not depend on luck; local runs
// draw fresh seeds and keep exploring (a failure prints its seed and counterexample to replay).
if (process.env.CI) fc.configureGlobal({ seed: 20_261_127 });
