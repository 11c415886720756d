// The committed text fixture (fixtures/corpus/make-corpus.mjs) as a sparse document × word matrix.
import { readFileSync } from 'node:fs';
import { type SparseCountMatrix, sparseCounts } from '../src/index.js';

const STOP = new Set(
  'a an the and or of to in on at by for with as is are it its so be before after from into once over this that they their them each when while until'.split(
    ' ',
  ),
);

export interface Corpus {
  X: SparseCountMatrix;
  topics: number[];
  vocabulary: string[];
}

export function loadCorpus(): Corpus {
  const { documents } = JSON.parse(
    readFileSync(new URL('./fixtures/corpus/corpus.json', import.meta.url), 'utf8'),
  ) as { documents: { topic: number; text: string }[] };
  const index = new Map<string, number>();
  const docs = documents.map((d) => {
    const counts = new Map<number, number>();
    for (const word of d.text.toLowerCase().match(/[a-z]+/g) ?? []) {
      if (STOP.has(word)) continue;
      if (!index.has(word)) index.set(word, index.size);
      const i = index.get(word)!;
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    return [...counts];
  });
  return {
    X: sparseCounts(docs, index.size),
    topics: documents.map((d) => d.topic),
    vocabulary: [...index.keys()],
  };
}
