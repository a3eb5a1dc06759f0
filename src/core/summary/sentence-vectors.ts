/** Bag-of-words sentence vectors weighted by in-document TF-IDF, for similarity between sentences. */

const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers herself ' +
    'him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or ' +
    'other our ours ourselves out over own same she should so some such than that the their theirs them themselves then ' +
    'there these they this those through to too under until up very was we were what when where which while who whom why ' +
    'will with would you your yours yourself yourselves said says say told also one two new mr mrs ms s t re ve ll d m'
  ).split(' '),
);

/** A sparse unit-length vector: word ids in increasing order and their weights. */
export interface SentenceVector {
  ids: Int32Array;
  weights: Float64Array;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** WORD for ASCII text, which most news is: the same words, found about twice as fast. */
const ASCII_WORD = /[a-z0-9]+/g;
const ASCII = /^[\x00-\x7f]*$/;

/** Lower-cased content words of a text (letters and digits, stopwords removed). */
export function contentWords(text: string): string[] {
  const lower = text.toLowerCase();
  const words = lower.match(ASCII.test(lower) ? ASCII_WORD : WORD) ?? [];
  const kept: string[] = [];
  for (const word of words) if (word.length > 1 && !STOPWORDS.has(word)) kept.push(word);
  return kept;
}

/**
 * Builds one unit-length TF-IDF vector per sentence, IDF taken over the document's own sentences.
 * Why: a word that recurs across an article's sentences carries its topic; one in every sentence carries nothing.
 * Words become small integer ids so that similarities are merges of sorted arrays, not map look-ups.
 */
export function buildSentenceVectors(sentences: readonly string[][]): SentenceVector[] {
  const idOf = new Map<string, number>();
  const documentFrequency: number[] = [];
  const lastSeenIn: number[] = [];
  const idLists: Int32Array[] = [];
  const distinctCounts: number[] = [];
  for (let s = 0; s < sentences.length; s++) {
    const words = sentences[s] ?? [];
    const ids = new Int32Array(words.length);
    let distinct = 0;
    for (let w = 0; w < words.length; w++) {
      const word = words[w] as string;
      let id = idOf.get(word);
      if (id === undefined) {
        id = idOf.size;
        idOf.set(word, id);
        documentFrequency.push(0);
        lastSeenIn.push(-1);
      }
      if (lastSeenIn[id] !== s) {
        lastSeenIn[id] = s;
        documentFrequency[id] = (documentFrequency[id] as number) + 1;
        distinct++;
      }
      ids[w] = id;
    }
    idLists.push(ids.sort());
    distinctCounts.push(distinct);
  }
  const total = sentences.length;
  const inverseFrequency = documentFrequency.map((frequency) => Math.log(1 + total / frequency));
  return idLists.map((sorted, s) => {
    // Runs of one id in the sorted list are that word's count in the sentence.
    const ids = new Int32Array(distinctCounts[s] as number);
    const weights = new Float64Array(ids.length);
    let size = 0;
    let norm = 0;
    for (let start = 0; start < sorted.length; ) {
      const id = sorted[start] as number;
      let end = start + 1;
      while (end < sorted.length && sorted[end] === id) end++;
      const weight = (1 + Math.log(end - start)) * (inverseFrequency[id] as number);
      ids[size] = id;
      weights[size++] = weight;
      norm += weight * weight;
      start = end;
    }
    const length = Math.sqrt(norm) || 1;
    for (let index = 0; index < size; index++) weights[index] = (weights[index] as number) / length;
    return { ids, weights };
  });
}

/** Cosine similarity of two unit-length vectors. */
export function cosine(a: SentenceVector, b: SentenceVector): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  const { ids: aIds, weights: aWeights } = a;
  const { ids: bIds, weights: bWeights } = b;
  while (i < aIds.length && j < bIds.length) {
    const x = aIds[i] as number;
    const y = bIds[j] as number;
    if (x === y) sum += (aWeights[i++] as number) * (bWeights[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/**
 * For each sentence, its summed similarity above `threshold` to the sentences after it (forward) and to those
 * before it (backward): the two directions of PacSum's position-aware centrality.
 */
export function directedCentrality(vectors: readonly SentenceVector[], threshold: number): { forward: number[]; backward: number[] } {
  const forward = new Array<number>(vectors.length).fill(0);
  const backward = new Array<number>(vectors.length).fill(0);
  for (let i = 0; i < vectors.length; i++) {
    const a = vectors[i] as SentenceVector;
    for (let j = i + 1; j < vectors.length; j++) {
      const edge = cosine(a, vectors[j] as SentenceVector) - threshold;
      if (edge <= 0) continue;
      forward[i] = (forward[i] as number) + edge;
      backward[j] = (backward[j] as number) + edge;
    }
  }
  return { forward, backward };
}
