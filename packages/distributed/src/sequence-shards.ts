// A hidden Markov model's shards: on disk, a JSON Lines file, one sequence per line (an array of
// observations: numbers, or arrays of numbers for several features), read line by line; and the
// initialisation's sequences drawn from the shards' samples.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidInputError } from '@em/core';
import type { HmmShardScan } from '@em/hmm';
import { createRandom } from '@em/sampling';

/**
 * The values of the JSON Lines file at `path`, one per non-blank line (a bad line named by number,
 * with what it should hold): sequences, or a LinearMixedModel's chunks.
 */
export async function* sequenceLines(
  path: string,
  expected = 'a sequence as JSON (an array of observations)',
): AsyncGenerator<unknown> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let sequence: unknown;
    try {
      sequence = JSON.parse(text);
    } catch {
      throw new InvalidInputError(`${path} line ${line}`, expected, text);
    }
    yield sequence;
  }
}

/**
 * The initialisation's sequences from the shards' samples: all of them in shard order when they all
 * fit (`fit`'s start), otherwise from each shard a share proportional to its sequences, drawn from
 * its (uniform) sample.
 */
export function mergeSequenceSamples(scans: HmmShardScan[], size: number, seed: number) {
  const total = scans.reduce((sum, scan) => sum + scan.sequences, 0);
  if (total <= size)
    return {
      sample: scans.flatMap((scan) => scan.sample),
      sampleLengths: scans.flatMap((scan) => scan.sampleLengths),
    };
  const random = createRandom(seed).random;
  const sample: number[] = [];
  const sampleLengths: number[] = [];
  let taken = 0;
  scans.forEach((scan, shard) => {
    const n = scan.sampleLengths.length;
    const share = Math.min(
      n,
      shard === scans.length - 1 ? size - taken : Math.round((size * scan.sequences) / total),
    );
    // Where each sampled sequence starts in the shard's sample (observations × columns).
    const starts = [0];
    for (const length of scan.sampleLengths) starts.push(starts.at(-1)! + length * scan.columns);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < share; i++) {
      // Partial Fisher–Yates: `share` distinct sequences of the shard's sample.
      const j = i + Math.floor(random() * (n - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
      const q = order[i]!;
      sample.push(...scan.sample.slice(starts[q], starts[q + 1]));
      sampleLengths.push(scan.sampleLengths[q]!);
    }
    taken += share;
  });
  return { sample, sampleLengths };
}
