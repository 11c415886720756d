// fitDistributed with a GaussianMixture of missing: 'em': NaN cells in the raw float64 shards are
// missing values, fitted as @em/gaussian's fit fits them (whose EM for incomplete data is checked
// against scipy and Amelia there); without missing: 'em' they are a typed error, never zeros.
import { GaussianMixture } from '@em/gaussian';
import { createRandom } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { fitDistributed } from '../src/index.js';
import { expectClose, redisWithWorkers, threeGroups, writeShards } from './helpers.js';

const N = 6000;
const data = threeGroups(N, 8);
// About 10 % of the cells missing, never a whole row.
const rng = createRandom(2);
for (let i = 0; i < N; i++) {
  const keep = i % 4;
  for (let j = 0; j < 4; j++) if (j !== keep && rng.random() < 0.1) data[i * 4 + j] = Number.NaN;
}
const shards = writeShards(data, [1500, 3100, 1400]);
const read = { format: 'float64' as const, columns: 4 };

const redis = redisWithWorkers('missing');

describe("fitDistributed: a GaussianMixture with missing: 'em', 3 workers", () => {
  it('equals fit on the concatenated shards to 1e-10, same nIter', async () => {
    const options = { nComponents: 3, missing: 'em' as const, randomState: 1, tol: 1e-8 };
    const reference = new GaussianMixture(options).fit({ data, rows: N, cols: 4 });
    const model = await fitDistributed(new GaussianMixture(options), {
      connection: redis.connection,
      queue: 'missing',
      shards,
      read,
    });
    expect(model.nIter).toBe(reference.nIter);
    expectClose(model.means.flat(), reference.means.flat(), 1e-10, 'means');
    expectClose(
      (model.covariances as number[][][]).flat(2),
      (reference.covariances as number[][][]).flat(2),
      1e-10,
      'covariances',
    );
    expectClose(model.weights, reference.weights, 1e-10, 'weights');
  });

  it("NaN without missing: 'em': an error naming the row, not a fit", async () => {
    const error = await fitDistributed(new GaussianMixture({ nComponents: 3, randomState: 1 }), {
      connection: redis.connection,
      queue: 'missing',
      shards,
      read,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/row \d+/);
  });
});
