import { fixSeedInCI } from '../src/index.js';

fixSeedInCI();
