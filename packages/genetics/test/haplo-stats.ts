// The haplo.stats fixtures (fixtures/haplo-stats.R → haplo-stats.json).
import { readFileSync } from 'node:fs';

export interface HaploCase {
  name: string;
  loci: string[];
  genotypes: [string, string][][];
  control: { tol: number; max_iter: number; min_posterior: number; insert_batch_size: number };
  haplotypes: string[][];
  hap_prob: number[];
  lnlike: number;
  lnlike_noLD: number;
  lr: number;
  df_lr: number;
  subject: number[];
  hap1: number[];
  hap2: number[];
  post: number[];
  snp?: (number | null)[][];
}

export const haploStats = JSON.parse(
  readFileSync(new URL('./fixtures/haplo-stats.json', import.meta.url), 'utf8'),
) as { cases: HaploCase[]; hla3_default_lnlike: number; haplo_stats_version: string };

export const byName = (prefix: string) => haploStats.cases.find((c) => c.name.startsWith(prefix))!;
