// pnpm --filter @em/irt bench (second part): the streamed fits beside the in-memory one, in the same run.
// 1. fitStream (persons in chunks of 5 000, one pass per EM iteration) against fit on the same 2PL data,
//    per EM iteration (plain EM, fixed iterations), best of 3: the cost of reading in chunks.
// 2. partialFit (stepwise EM, batches of 500, default step sizes) against fit: held-out log-likelihood
//    per person after 1, 2 and 5 passes (the numbers of docs/guide/item-response-theory.md).
import { mulberry32 } from '@em/core/numeric';
import { ItemResponseModel } from '../dist/index.js';

const random = mulberry32(12345);
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const chunked = (rows, size) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

// Best of `repeat` runs after a warm-up: the machine is shared.
const time = async (f, repeat) => {
  await f();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    await f();
    best = Math.min(best, performance.now() - start);
  }
  return best;
};

{
  const J = 30;
  const N = 60_000;
  const truth = ItemResponseModel.fromItems(
    '2PL',
    Array.from({ length: J }, () => ({ slope: Math.exp(0.3 * gauss()), intercepts: [gauss()] })),
  );
  const data = truth.simulate(Array.from({ length: N }, gauss), random);
  const chunks = chunked(data, 5000);
  const options = (maxIter) => ({ acceleration: 'none', maxIter, tol: 0, standardErrors: false });
  // Per iteration: (time of 11 iterations − time of 1) / 10, which removes the setup and final pass.
  const perIteration = async (run) => ((await time(() => run(11), 3)) - (await time(() => run(1), 3))) / 10;
  const memory = await perIteration((n) => new ItemResponseModel(options(n)).fit(data));
  const streamed = await perIteration((n) => new ItemResponseModel(options(n)).fitStream(chunks));
  console.log(`2PL, ${J} items × ${N} persons, plain EM, best of 3 (shared machine):`);
  console.log(`  fit        ${memory.toFixed(1)} ms per iteration`);
  console.log(
    `  fitStream  ${streamed.toFixed(1)} ms per iteration (chunks of 5 000 persons): ${(streamed / memory).toFixed(2)}× fit`,
  );
}

{
  // The model and draws of test/stream.test.ts's held-out test.
  const truth = ItemResponseModel.fromItems(
    '2PL',
    Array.from({ length: 10 }, (_, j) => ({ slope: 0.6 + 0.15 * j, intercepts: [1.5 - 0.3 * j] })),
  );
  const draws = mulberry32(11);
  const theta = (n) =>
    Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - draws())) * Math.cos(2 * Math.PI * draws()));
  const train = truth.simulate(theta(20000), draws);
  const heldOut = truth.simulate(theta(5000), draws);
  const perPerson = (model) => model.marginalLogLikelihood(heldOut) / heldOut.length;
  const batch = perPerson(new ItemResponseModel().fit(train));
  const online = new ItemResponseModel();
  console.log('\npartialFit, 2PL, 10 items, 20 000 persons in batches of 500; 5 000 held out');
  console.log(`  batch fit: held-out log-likelihood ${batch.toFixed(5)} per person`);
  for (let pass = 1; pass <= 5; pass++) {
    for (const rows of chunked(train, 500)) online.partialFit(rows);
    if ([1, 2, 5].includes(pass))
      console.log(
        `  after ${pass} pass${pass > 1 ? 'es' : ''}: ${perPerson(online).toFixed(5)} (${(batch - perPerson(online)).toExponential(1)} below)`,
      );
  }
}
