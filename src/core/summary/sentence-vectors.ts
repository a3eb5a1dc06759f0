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

export type SentenceVector = Map<string, number>;

/** Lower-cased content words of a text (letters and digits, stopwords removed). */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !STOPWORDS.has(word) && word.length > 1);
}

/**
 * Builds one unit-length TF-IDF vector per sentence, IDF taken over the document's own sentences.
 * Why: a word that recurs across an article's sentences carries its topic; one in every sentence carries nothing.
 */
export function buildSentenceVectors(sentences: readonly string[][]): SentenceVector[] {
  const documentFrequency = new Map<string, number>();
  for (const words of sentences) for (const word of new Set(words)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const total = sentences.length;
  return sentences.map((words) => {
    const vector: SentenceVector = new Map();
    for (const word of words) vector.set(word, (vector.get(word) ?? 0) + 1);
    let norm = 0;
    for (const [word, count] of vector) {
      const weight = (1 + Math.log(count)) * Math.log(1 + total / (documentFrequency.get(word) ?? 1));
      vector.set(word, weight);
      norm += weight * weight;
    }
    const length = Math.sqrt(norm) || 1;
    for (const [word, weight] of vector) vector.set(word, weight / length);
    return vector;
  });
}

/** Cosine similarity of two unit-length vectors. */
export function cosine(a: SentenceVector, b: SentenceVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [word, weight] of small) sum += weight * (large.get(word) ?? 0);
  return sum;
}
