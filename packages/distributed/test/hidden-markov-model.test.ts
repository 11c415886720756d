// fitDistributed on a HiddenMarkovModel of @em/hmm: sequences in JSON Lines shards, forward–backward
// on 3 worker processes, the counts merged here; the fit against `fit` on the same sequences and
// init — and the typed errors of bad shards.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HiddenMarkovModel, type HiddenMarkovModelOptions } from '@em/hmm';
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { fitDistributed, MissingShardError, ShardFailedError } from '../src/index.js';
import { expectClose, redisWithWorkers, splitBySizes, writeJsonLinesShards } from './helpers.js';

const rng = createRandom(21);
/** A two-regime chain: state 0 emits low values, state 1 high ones; switches with probability 0.05. */
function chain(length: number, emit: (state: number) => number | number[]) {
  let state = 0;
  const out: (number | number[])[] = [];
  for (let t = 0; t < length; t++) {
    if (rng.random() < 0.05) state = 1 - state;
    out.push(emit(state));
  }
  return out;
}
const lengths = Array.from({ length: 15 }, (_, i) => 200 + ((i * 71) % 600));
const poisson = (rate: number) => {
  let k = 0;
  for (let p = Math.exp(-rate), u = rng.random(), c = p; u > c; c += p) p *= rate / ++k;
  return k;
};
const cases: [string, HiddenMarkovModelOptions, unknown[][]][] = [
  [
    'categorical',
    { nStates: 2, emission: 'categorical', nInit: 2, randomState: 1 },
    lengths.map((n) => chain(n, (s) => (rng.random() < 0.8 ? s * 2 : 1))),
  ],
  [
    'poisson',
    { nStates: 2, emission: 'poisson', randomState: 2 },
    lengths.map((n) => chain(n, (s) => poisson(s ? 6 : 1))),
  ],
  [
    'gaussian, full covariances',
    { nStates: 2, emission: 'gaussian', covarianceType: 'full', randomState: 3 },
    lengths.map((n) =>
      chain(n, (s) => [s * 3 + normal(rng, { size: 1 })[0]!, -s + normal(rng, { size: 1 })[0]!]),
    ),
  ],
  [
    'gmm',
    { nStates: 2, emission: 'gmm', nMix: 2, randomState: 4, maxIter: 12 },
    lengths.map((n) => chain(n, (s) => [s * 3 + normal(rng, { size: 1 })[0]!])),
  ],
];

/** The sequences as JSON Lines shards of the given numbers of sequences; their paths. */
const writeSequenceShards = (sequences: unknown[][], sizes: number[]) =>
  writeJsonLinesShards(splitBySizes(sequences, sizes));
const numbers = (hmm: HiddenMarkovModel) => Object.values(hmm.getParameters()).flat(4) as number[];

const redis = redisWithWorkers('hmm');

describe('fitDistributed: a HiddenMarkovModel on 3 worker processes', () => {
  for (const [name, options, sequences] of cases) {
    it(`${name}: equal to fit on the same sequences and init to 1e-10, with the same nIter`, async () => {
      const reference = new HiddenMarkovModel(options).fit(sequences as never);
      expect(reference.nIter).toBeGreaterThan(2);
      const passes: number[] = [];
      const model = await fitDistributed(new HiddenMarkovModel(options), {
        connection: redis.connection,
        queue: 'hmm',
        shards: writeSequenceShards(sequences, [4, 7, 4]),
        onPass: (pass) => passes.push(pass),
      });
      expectClose(numbers(model), numbers(reference), 1e-10, name);
      expect(model.nIter).toBe(reference.nIter);
      expectClose(model.history, reference.history, 1e-12, 'history');
      // The scan, then one pass per E-step (nInit runs of nIter E-steps, and the last run's final one).
      expect(passes.length).toBeGreaterThan(reference.nIter);
    });
  }
});

describe('fitDistributed: a HiddenMarkovModel on bad shards', () => {
  const options: HiddenMarkovModelOptions = { nStates: 2, emission: 'categorical', randomState: 0 };
  const connection = () => ({ connection: redis.connection, queue: 'hmm' });

  it('a missing shard: MissingShardError naming it', async () => {
    const [good] = writeSequenceShards([[0, 1, 2]], [1]);
    const error = await fitDistributed(new HiddenMarkovModel(options), {
      ...connection(),
      shards: [good!, `${good}.gone`],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingShardError);
    expect(error).toMatchObject({ shard: 1 });
  });

  it('a line that is not JSON, a count that is not an integer: ShardFailedError naming the shard, line or sequence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-hmm-bad-'));
    writeFileSync(join(dir, 'a.jsonl'), '[0, 1, 2]\n[2, 1]\n');
    writeFileSync(join(dir, 'b.jsonl'), '[0, 1]\n[1, 2\n');
    writeFileSync(join(dir, 'c.jsonl'), '[0, 1]\n[1, 2.5, 0]\n');
    const fit = (names: string[], o = options) =>
      fitDistributed(new HiddenMarkovModel(o), {
        ...connection(),
        shards: names.map((n) => join(dir, n)),
      }).catch((e: unknown) => e);
    const json = await fit(['a.jsonl', 'b.jsonl']);
    expect(json).toBeInstanceOf(ShardFailedError);
    expect((json as Error).message).toMatch(
      /^Shard 1 \(".*b\.jsonl"\) failed on a worker: Invalid .*b\.jsonl line 2/,
    );
    const count = await fit(['a.jsonl', 'c.jsonl'], { ...options, emission: 'poisson' });
    expect(count).toBeInstanceOf(ShardFailedError);
    expect((count as Error).message).toMatch(/^Shard 1 .* at sequence 1, position 1: expected a count/);
  });
});
