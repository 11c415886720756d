import { describe, expect, it } from 'vitest';
import { hierarchicalClasses, hierarchicalClustering } from '../../src/index.js';
import { transformForHc } from '../../src/mclust/hc-transform.js';
import { classesOf, dataOf, loadHcFixtures, transformedData } from './hc-fixtures.js';

// Fixtures: scripts/make-mclust-hc-fixtures.R (mclust 6.0.0 on the reference BLAS), 9 data sets ×
// 2 models × 6 transformations = 108 runs.
const fixtures = loadHcFixtures();

// Our SVD (ml-matrix) differs from LAPACK's dgesdd in the last bits (in most entries of every
// transformation, the default SVD included), and on these two runs that flips a near-tie between
// lattice points early enough (merge 65 of 271, merge 4 of 149) to change the partitions for K ≥ 4
// (K = 2, 3 agree). Not a sign convention: a component's sign leaves every merge unchanged (below).
// Given mclust's own transformed data, both merge sequences are reproduced exactly (first block).
// mclust itself gives other partitions for iris VVV PCR on OpenBLAS (equal to ours) than on the
// reference BLAS these fixtures come from.
const TRANSFORM_SENSITIVE = new Set(['faithful VVV PCS', 'iris VVV PCR']);

describe('hierarchicalClustering reproduces mclust hc()', () => {
  it('has fixtures for every data set, model and transformation', () => {
    expect(fixtures.map((f) => f.dataset)).toEqual([
      'acidity',
      'banknote',
      'chevron',
      'diabetes',
      'faithful',
      'iris',
      'thyroid',
      'waiting',
      'wreath',
    ]);
    expect(fixtures.reduce((count, f) => count + f.runs.length, 0)).toBe(108);
  });

  for (const fixture of fixtures) {
    describe(fixture.dataset, () => {
      it(
        'merges exactly as mclust, every merge, on the data mclust agglomerated',
        { timeout: 120_000 },
        () => {
          for (const run of fixture.runs) {
            const tree = hierarchicalClustering(transformedData(fixture, run.use), {
              model: run.model,
              use: 'VARS',
            });
            expect(tree.merges.flat(), `${run.model} ${run.use}`).toEqual(
              run.merges.map((label) => label - 1),
            );
          }
        },
      );

      it('merges the same whatever the sign of each transformed component', { timeout: 120_000 }, () => {
        for (const run of fixture.runs) {
          const reference = transformedData(fixture, run.use);
          const p = reference.cols;
          // Flip every other component: IEEE rounding is symmetric, so the criterion is unchanged.
          const flipped = { ...reference, data: reference.data.map((v, i) => ((i % p) % 2 === 0 ? -v : v)) };
          const tree = hierarchicalClustering(flipped, { model: run.model, use: 'VARS' });
          expect(tree.merges.flat(), `${run.model} ${run.use}`).toEqual(run.merges.map((label) => label - 1));
        }
      });

      it('transforms the data as mclust does (up to the sign of each component)', () => {
        const X = dataOf(fixture);
        for (const use of ['VARS', 'STD', 'PCR', 'PCS', 'SPH', 'SVD'] as const) {
          const reference = transformedData(fixture, use);
          const ours = transformForHc(X, use);
          expect([ours.rows, ours.cols]).toEqual([reference.rows, reference.cols]);
          for (let j = 0; j < ours.cols; j++) {
            let scale = 0;
            let sameSign = 0;
            for (let i = 0; i < ours.rows; i++) {
              const r = reference.data[i * ours.cols + j]!;
              scale = Math.max(scale, Math.abs(r));
              sameSign += r * ours.data[i * ours.cols + j]!;
            }
            const sign = sameSign < 0 ? -1 : 1;
            for (let i = 0; i < ours.rows; i++) {
              const difference = Math.abs(
                sign * ours.data[i * ours.cols + j]! - reference.data[i * ours.cols + j]!,
              );
              expect(difference, `${use} column ${j} row ${i}`).toBeLessThanOrEqual(1e-10 * scale);
            }
          }
        }
      });

      it('gives mclust’s hclass partitions for K = 2..9 from the raw data', { timeout: 120_000 }, () => {
        const X = dataOf(fixture);
        for (const run of fixture.runs) {
          const name = `${fixture.dataset} ${run.model} ${run.use}`;
          const classes = hierarchicalClasses(
            hierarchicalClustering(X, { model: run.model, use: run.use }),
            fixture.K,
          );
          const checked = TRANSFORM_SENSITIVE.has(name) ? [2, 3] : fixture.K;
          for (const k of checked) {
            const i = fixture.K.indexOf(k);
            // hclass numbers clusters by first appearance, so equal partitions have equal labels.
            expect(Array.from(classes[i]!), `${name} K=${k}`).toEqual(classesOf(run.classes[i]!));
          }
        }
      });
    });
  }
});
