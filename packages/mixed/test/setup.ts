import { fixSeedInCI } from '@em/testkit';

// CI replays one fixed fast-check seed so a run's result does not depend on luck; local runs draw fresh
// seeds and keep exploring (a failure prints its seed and counterexample to replay).
fixSeedInCI();
