import type { ChunkSource, SourceFormatOptions } from '@em/gaussian';

/**
 * What the coordinator gives a model's fit: the first pass's results, and a function that runs one
 * E-step over every shard under given parameters (one job per shard, results in shard order).
 */
export interface CoordinatorRun {
  /** Every shard's scan (the worker half's `scan` result), in shard order. */
  scans: unknown[];
  /** Rows (or sequences) the data-driven initialisation may read in all. */
  initSample: number;
  /** Seed of the initialisation sample's draw. */
  seed: number;
  /** Runs one E-step pass under `params` (plain JSON); the shards' statistics in shard order. */
  statistics(params: unknown): Promise<unknown[]>;
  /** Records what a fit interrupted from now on can resume from (carried by ServiceUnavailableError). */
  checkpoint(saved: unknown): void;
}

/**
 * One model the distributed E-step knows: the worker half (the first pass over a shard, and an
 * E-step over it) and the coordinator half (which models it takes, and the fit from merged
 * statistics). One file per model in `models/`, listed in the registry.
 */
export interface ShardModel {
  /** The name jobs carry, so that one pool of workers serves fits of any model. */
  readonly name: string;
  /** How the error for a model no entry accepts describes this one. */
  readonly describe: string;
  /** Whether `model` is one this entry fits (coordinator side). */
  accepts(model: unknown): boolean;
  /** The seed of the initialisation sample: the model's own `randomState` when it has one. */
  seed(model: unknown): number;
  /** Worker: count the shard and draw its share of the initialisation sample. */
  scan(
    source: ChunkSource,
    read: SourceFormatOptions,
    sampleSize: number,
    randomState: number,
  ): Promise<unknown>;
  /** Worker: the shard's E-step statistics under `params` (plain JSON both ways). */
  statistics(params: unknown, source: ChunkSource, read: SourceFormatOptions): Promise<unknown>;
  /** Coordinator: fits `model` from the scans and E-step passes of `run`. */
  fit(model: unknown, run: CoordinatorRun): Promise<void>;
}
