// Topics from the committed public-domain corpus (400 documents, 4 topics): unsupervised recovery
// (adjusted Rand index), and with 5 % labelled rows the semi-supervised fit (Nigam et al. 2000) beats
// both the unsupervised fit and multinomial naive Bayes trained on the 5 % alone. The numbers are those
// docs/guide/mixtures.md reports.
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, MultinomialMixture, sparseCounts } from '../src/index.js';
import { loadCorpus } from './corpus.js';

const { X, topics } = loadCorpus();
const n = topics.length;
// 5 % labelled: the first 20 documents (topics cycle, so 5 of each).
const nLabelled = n / 20;
const labels = topics.map((t, i) => (i < nLabelled ? t : -1));
const unlabelled = topics.map((_, i) => i).filter((i) => i >= nLabelled);
const on = <T>(values: ArrayLike<T>) => unlabelled.map((i) => values[i]!);
const accuracy = (predicted: ArrayLike<number>) =>
  unlabelled.filter((i) => predicted[i] === topics[i]).length / unlabelled.length;

describe('MultinomialMixture on the topics corpus', () => {
  it('is what the fixture says: 400 documents, 4 topics of 100, a vocabulary of several hundred words', () => {
    expect(n).toBe(400);
    expect(X.cols).toBeGreaterThan(300);
    expect(new Set(topics).size).toBe(4);
  });

  const unsupervised = new MultinomialMixture({ nComponents: 4, nInit: 10, randomState: 0 }).fit(X);
  const semi = new MultinomialMixture({ nComponents: 4 }).fit(X, { labels });
  // Multinomial naive Bayes on the labelled rows alone = one M-step from them (alpha 1: Laplace).
  const labelledRows = sparseCounts(
    Array.from({ length: nLabelled }, (_, i) =>
      Array.from({ length: X.indptr[i + 1]! - X.indptr[i]! }, (_, e) => {
        const at = X.indptr[i]! + e;
        return [X.indices[at]!, X.values[at]!] as const;
      }),
    ),
    X.cols,
  );
  const naiveBayes = new MultinomialMixture({ nComponents: 4 }).fit(labelledRows, {
    labels: topics.slice(0, nLabelled),
  });

  const ari = {
    unsupervised: adjustedRandIndex(on(topics), on(unsupervised.predict(X))),
    semi: adjustedRandIndex(on(topics), on(semi.predict(X))),
    naiveBayes: adjustedRandIndex(on(topics), on(naiveBayes.predict(X))),
  };

  it('unsupervised: recovers the topics partly (ARI 0.51 on the 380 unlabelled documents)', () => {
    expect(ari.unsupervised).toBeCloseTo(0.509, 3);
  });

  it('naive Bayes from the 20 labelled documents alone: accuracy 0.69, ARI 0.36 (one M-step)', () => {
    expect(naiveBayes.nIter).toBe(2); // all rows labelled: converged at once
    expect(accuracy(naiveBayes.predict(X))).toBeCloseTo(0.6947, 4);
    expect(ari.naiveBayes).toBeCloseTo(0.36, 2);
  });

  it('semi-supervised with the same 20 labels beats both: accuracy 0.92, ARI 0.79', () => {
    expect(accuracy(semi.predict(X))).toBeCloseTo(0.9158, 4);
    expect(ari.semi).toBeCloseTo(0.79, 2);
    expect(ari.semi).toBeGreaterThan(ari.unsupervised + 0.25);
    expect(ari.semi).toBeGreaterThan(ari.naiveBayes + 0.3);
    expect(accuracy(semi.predict(X))).toBeGreaterThan(accuracy(naiveBayes.predict(X)) + 0.15);
  });

  it('component k is class k: 19 of the 20 labelled documents are predicted as their label', () => {
    const predicted = semi.predict(X);
    expect(topics.slice(0, nLabelled).filter((t, i) => predicted[i] === t)).toHaveLength(19);
  });
});
