import { GaussianMixture } from '@em/gaussian';
import { createRandom, normal } from '@em/sampling';

// 50 000 rows of two 3-D groups, handed over in chunks of 7 000 as they might come from a database.
const rng = createRandom(3);
const rows = Array.from({ length: 50_000 }, (_, i) =>
  normal(rng, { loc: i % 2 ? 4 : 0, size: 3 }),
);
const chunks = async function* () {
  for (let start = 0; start < rows.length; start += 7000)
    yield rows.slice(start, start + 7000);
};

const options = { nComponents: 2, randomState: 0 };
const streamed = await new GaussianMixture(options).fitStream(chunks);
const inMemory = new GaussianMixture(options).fit(rows);

const same =
  JSON.stringify(streamed.params) === JSON.stringify(inMemory.params);
console.log(
  `streamed: ${streamed.nIter} iterations, lower bound ${streamed.lowerBound.toFixed(6)}`,
);
console.log(
  `in memory: ${inMemory.nIter} iterations, lower bound ${inMemory.lowerBound.toFixed(6)}`,
);
console.log(`same parameters bit for bit: ${same}`);
