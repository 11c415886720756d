import type { CovarianceType, MixtureStatistics, SourceFormatOptions } from '@em/gaussian';
import type { WireRecord } from '@em/mixtures';

/** Parameters as they travel in a job (JSON: plain arrays). */
export interface ParamsMessage {
  covarianceType: CovarianceType;
  nComponents: number;
  nFeatures: number;
  weights: number[];
  means: number[];
  precisionsCholesky: number[];
}

/** The first pass over a shard: count its rows and draw a sample of them. */
export interface ScanJob {
  kind: 'scan';
  /** The model's name in the workers' registry (absent: `'gaussian'`, as before there were others). */
  model?: string;
  shard: number;
  location: string;
  read: SourceFormatOptions;
  sampleSize: number;
  randomState: number;
}

/** One E-step over a shard under the job's parameters. */
export interface EStepJob {
  kind: 'estep';
  /** The model's name in the workers' registry (absent: `'gaussian'`). */
  model?: string;
  shard: number;
  location: string;
  read: SourceFormatOptions;
  /** A Gaussian mixture's {@link ParamsMessage}, or another model's parameters as its JSON (plain JSON). */
  params: unknown;
}

export type ShardJob = ScanJob | EStepJob;

export interface ScanResult {
  rows: number;
  cols: number;
  /** Row-major sample values. */
  sample: number[];
  sampleRows: number;
  /** The shard's layout, for models whose parameters depend on the data's (categorical levels). */
  layout?: WireRecord;
}

export type EStepResultMessage = MixtureStatistics;

/** Prefix of the failure reason a worker gives for a shard it cannot open (not retried). */
export const MISSING_SHARD = 'missing shard:';
