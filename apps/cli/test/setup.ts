import { fixSeedInCI } from '@em/testkit';

// CI replays one fixed fast-check seed (the adversarial suite); local runs draw fresh seeds.
fixSeedInCI();
